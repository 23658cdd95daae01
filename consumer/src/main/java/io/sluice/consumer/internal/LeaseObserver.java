package io.sluice.consumer.internal;

import io.sluice.checkpoint.Lease;
import io.sluice.checkpoint.WorkerState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Judges liveness by this worker's own clock, as the KCL does, so that no two workers' clocks need to agree: a
 * lease (or a worker's heartbeat) is alive while its counter keeps moving; one whose counter this observer has
 * seen standing still for the failover time is expired.
 *
 * <p>Not thread-safe: used by the lease coordinator thread alone.
 */
final class LeaseObserver {

    private record Seen(long counter, String owner, Instant since) {
    }

    private final Duration failoverTime;
    private final Map<String, Seen> leases = new HashMap<>();
    private final Map<String, Seen> workers = new HashMap<>();
    /** What each worker looked like at the last look: epoch, leaving, alive. */
    private Map<String, String> lastWorkerView = Map.of();

    LeaseObserver(Duration failoverTime) {
        this.failoverTime = failoverTime;
    }

    void observeLeases(Collection<Lease> current, Instant now) {
        Set<String> keys = new HashSet<>();
        for (Lease lease : current) {
            keys.add(lease.leaseKey());
            note(leases, lease.leaseKey(), lease.counter(), lease.owner(), now);
        }
        leases.keySet().retainAll(keys);
    }

    /**
     * Notes the workers' heartbeats; true when the fleet looks different from the last look: a worker came, went,
     * started leaving, stopped beating, or created or gave up leases (its lease epoch moved).
     */
    boolean observeWorkers(Collection<WorkerState> current, Instant now) {
        Set<String> ids = new HashSet<>();
        Map<String, String> view = new HashMap<>();
        for (WorkerState worker : current) {
            ids.add(worker.workerId());
            note(workers, worker.workerId(), worker.heartbeat(), worker.workerId(), now);
            view.put(worker.workerId(), worker.leaseEpoch() + "/" + worker.leaving() + "/"
                    + isAlive(worker, now));
        }
        workers.keySet().retainAll(ids);
        boolean changed = !view.equals(lastWorkerView);
        lastWorkerView = view;
        return changed;
    }

    /**
     * Whether nobody holds the lease, or its holder is presumed dead: a worker of the worker table whose heartbeat
     * has stood still for the failover time, or, for a holder not in it (a KCL worker, say), a lease counter that
     * has. The holder's own clock never counts: both are judged by this observer's.
     */
    boolean isExpired(Lease lease, Instant now) {
        if (lease.owner() == null) {
            return true;
        }
        Seen owner = workers.get(lease.owner());
        if (owner != null) {
            return !now.isBefore(owner.since.plus(failoverTime));
        }
        Seen seen = leases.get(lease.leaseKey());
        return seen != null && seen.counter == lease.counter() && !now.isBefore(seen.since.plus(failoverTime));
    }

    /** The earliest moment a worker alive now would be presumed dead if its heartbeat stood still, or null. */
    Instant nextWorkerExpiry(String me, Instant now) {
        Instant earliest = null;
        for (Map.Entry<String, Seen> worker : workers.entrySet()) {
            Instant expiry = worker.getValue().since.plus(failoverTime);
            if (!worker.getKey().equals(me) && expiry.isAfter(now)
                    && (earliest == null || expiry.isBefore(earliest))) {
                earliest = expiry;
            }
        }
        return earliest;
    }

    /**
     * The earliest moment a lease held by another worker expires if its counter does not move before then, or
     * {@code null} when there is none: a take round then finds a dead worker's leases as soon as they expire.
     */
    Instant nextExpiry(Collection<Lease> current, String me, Instant now) {
        Instant earliest = null;
        for (Lease lease : current) {
            if (lease.owner() == null || lease.owner().equals(me) || lease.checkpoint().isShardEnd()) {
                continue;
            }
            Seen seen = leases.get(lease.leaseKey());
            if (seen != null && seen.counter == lease.counter()) {
                Instant expiry = seen.since.plus(failoverTime);
                if (expiry.isAfter(now) && (earliest == null || expiry.isBefore(earliest))) {
                    earliest = expiry;
                }
            }
        }
        return earliest;
    }

    /** Whether the worker's heartbeat has moved within the failover time. */
    boolean isAlive(WorkerState worker, Instant now) {
        Seen seen = workers.get(worker.workerId());
        return seen == null || now.isBefore(seen.since.plus(failoverTime));
    }

    private static void note(Map<String, Seen> seen, String key, long counter, String owner, Instant now) {
        Seen before = seen.get(key);
        if (before == null || before.counter != counter || !Objects.equals(before.owner, owner)) {
            seen.put(key, new Seen(counter, owner, now));
        }
    }
}
