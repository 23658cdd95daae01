package io.sluice.consumer.internal;

import io.sluice.checkpoint.Lease;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Decides which leases a worker takes in one round, so that a fleet converges on an even spread: every worker
 * aims at {@code ceil(leases / workers)} (capped by its maximum), counting the workers of the worker table too,
 * so a worker that holds nothing yet is not overlooked. It first takes leases nobody holds (or whose holder is
 * presumed dead), parents before children; only when there are none does it steal, from the most loaded worker
 * and only while that worker holds at least two more than it, which strictly evens the spread and cannot
 * oscillate.
 *
 * <p>Finished leases ({@code SHARD_END}) count for nobody and are never taken. Stateless apart from the random
 * source, which spreads workers over different leases so their conditional writes rarely collide; not
 * thread-safe because of it.
 */
final class LeaseBalancer {

    /** What to take: leases nobody holds, and leases to steal. */
    record Plan(List<Lease> take, List<Lease> steal) {
        boolean isEmpty() {
            return take.isEmpty() && steal.isEmpty();
        }
    }

    private final String me;
    private final int maxLeasesPerWorker;
    private final int maxLeasesToStealAtOnce;
    private final RandomGenerator random;

    LeaseBalancer(String me, int maxLeasesPerWorker, int maxLeasesToStealAtOnce, RandomGenerator random) {
        this.me = me;
        this.maxLeasesPerWorker = maxLeasesPerWorker;
        this.maxLeasesToStealAtOnce = maxLeasesToStealAtOnce;
        this.random = random;
    }

    /**
     * @param leases every lease in the table
     * @param held the shards this worker holds now
     * @param available whether a lease not held by this worker may be taken without stealing (unowned, expired,
     *     or owned under this worker's id by an earlier run)
     * @param liveWorkers the workers known to be alive and not leaving, this one included
     * @param excluded shards this worker must not take now (stopped after failures, cooling down)
     * @param leaving workers shutting down gracefully: their leases are about to be released, so none is stolen
     */
    Plan plan(List<Lease> leases, Set<String> held, Predicate<Lease> available, Set<String> liveWorkers,
            Set<String> excluded, Set<String> leaving) {
        List<Lease> active = new ArrayList<>();
        Set<String> unfinished = new HashSet<>();
        for (Lease lease : leases) {
            if (!lease.checkpoint().isShardEnd()) {
                active.add(lease);
                unfinished.add(lease.leaseKey());
            }
        }
        Map<String, List<Lease>> byOwner = new HashMap<>();
        List<Lease> free = new ArrayList<>();
        for (Lease lease : active) {
            if (held.contains(lease.leaseKey())) {
                byOwner.computeIfAbsent(me, k -> new ArrayList<>()).add(lease);
            } else if (available.test(lease)) {
                if (!excluded.contains(lease.leaseKey())) {
                    free.add(lease);
                }
            } else {
                byOwner.computeIfAbsent(lease.owner(), k -> new ArrayList<>()).add(lease);
            }
        }
        Set<String> workers = new HashSet<>(liveWorkers);
        workers.addAll(byOwner.keySet());
        workers.add(me);
        int target = Math.min(maxLeasesPerWorker, ceilDiv(active.size(), workers.size()));
        int mine = byOwner.getOrDefault(me, List.of()).size();
        if (mine >= target) {
            return new Plan(List.of(), List.of());
        }
        if (!free.isEmpty()) {
            Collections.shuffle(free, asRandom());
            // Parents first: a child cannot start before them, so taking them first gets work going sooner.
            free.sort(Comparator.comparingInt(lease -> waitsForParent(lease, unfinished) ? 1 : 0));
            return new Plan(List.copyOf(free.subList(0, Math.min(free.size(), target - mine))), List.of());
        }
        String busiest = null;
        int most = 0;
        for (Map.Entry<String, List<Lease>> owner : byOwner.entrySet()) {
            int count = owner.getValue().size();
            if (!owner.getKey().equals(me) && !leaving.contains(owner.getKey()) && (count > most || count == most && busiest != null
                    && owner.getKey().compareTo(busiest) < 0)) {
                busiest = owner.getKey();
                most = count;
            }
        }
        if (busiest == null || most < mine + 2) {
            return new Plan(List.of(), List.of());
        }
        int count = Math.min(maxLeasesToStealAtOnce, Math.min(target - mine, (most - mine) / 2));
        List<Lease> theirs = new ArrayList<>(byOwner.get(busiest));
        theirs.removeIf(lease -> excluded.contains(lease.leaseKey()));
        Collections.shuffle(theirs, asRandom());
        return new Plan(List.of(), List.copyOf(theirs.subList(0, Math.min(count, theirs.size()))));
    }

    private static boolean waitsForParent(Lease lease, Set<String> unfinished) {
        for (String parent : lease.parentShardIds()) {
            if (unfinished.contains(parent)) {
                return true;
            }
        }
        return false;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private java.util.Random asRandom() {
        return new java.util.Random(random.nextLong());
    }
}
