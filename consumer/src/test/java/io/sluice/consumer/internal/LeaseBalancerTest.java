package io.sluice.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.checkpoint.Checkpoint;
import io.sluice.checkpoint.Lease;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The balancing rule alone, no I/O. */
class LeaseBalancerTest {

    private static Lease lease(String key, String owner, Set<String> parents) {
        return new Lease(key, owner, 1, Checkpoint.TRIM_HORIZON, null, null, 0, parents, Set.of(), null, null);
    }

    private static List<Lease> leases(int count, String owner) {
        List<Lease> leases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            leases.add(lease("s" + i, owner, Set.of()));
        }
        return leases;
    }

    private static LeaseBalancer.Plan plan(String me, List<Lease> leases, Set<String> live, int max, int steal) {
        Set<String> held = new HashSet<>();
        leases.stream().filter(l -> me.equals(l.owner())).forEach(l -> held.add(l.leaseKey()));
        return new LeaseBalancer(me, max, steal, new Random(7)).plan(leases, held, l -> l.owner() == null, live,
                Set.of(), Set.of());
    }

    @Test
    void aWorkerTakesItsShareCountingWorkersThatHoldNothingYet() {
        LeaseBalancer.Plan plan = plan("a", leases(12, null), Set.of("a", "b", "c"), Integer.MAX_VALUE, 1);
        assertThat(plan.take()).hasSize(4);
        assertThat(plan.steal()).isEmpty();
    }

    @Test
    void parentsAreTakenBeforeTheirChildren() {
        List<Lease> leases = List.of(lease("child", null, Set.of("parent")), lease("parent", null, Set.of()),
                lease("other", "b", Set.of()));
        LeaseBalancer.Plan plan = plan("a", leases, Set.of("a", "b"), Integer.MAX_VALUE, 1);
        assertThat(plan.take()).extracting(Lease::leaseKey).containsExactly("parent", "child");
    }

    @Test
    void finishedLeasesCountForNobodyAndAreNeverTaken() {
        List<Lease> leases = new ArrayList<>(leases(2, null));
        leases.add(new Lease("done", null, 3, Checkpoint.SHARD_END, null, null, 0, Set.of(), Set.of(), null, null));
        LeaseBalancer.Plan plan = plan("a", leases, Set.of("a"), Integer.MAX_VALUE, 1);
        assertThat(plan.take()).extracting(Lease::leaseKey).containsExactlyInAnyOrder("s0", "s1");
    }

    @Test
    void stealsOnlyFromTheBusiestAndOnlyWhileItHoldsTwoMore() {
        List<Lease> leases = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            leases.add(lease("b" + i, "b", Set.of()));
        }
        for (int i = 0; i < 3; i++) {
            leases.add(lease("c" + i, "c", Set.of()));
        }
        LeaseBalancer.Plan plan = plan("a", leases, Set.of("a", "b", "c"), Integer.MAX_VALUE, 1);
        assertThat(plan.steal()).hasSize(1).allSatisfy(l -> assertThat(l.owner()).isEqualTo("b"));

        // 3 / 3 / 2: nobody holds two more than another, so nothing moves.
        List<Lease> even = new ArrayList<>(leases(2, "a"));
        for (int i = 0; i < 3; i++) {
            even.add(lease("b" + i, "b", Set.of()));
            even.add(lease("c" + i, "c", Set.of()));
        }
        assertThat(plan("a", even, Set.of("a", "b", "c"), Integer.MAX_VALUE, 3).isEmpty()).isTrue();
    }

    @Test
    void nothingIsStolenFromAWorkerThatIsLeaving() {
        Set<String> held = Set.of();
        LeaseBalancer.Plan plan = new LeaseBalancer("a", Integer.MAX_VALUE, 1, new Random(7)).plan(leases(6, "b"),
                held, l -> false, Set.of("a"), Set.of(), Set.of("b"));
        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void aNewWorkerStealsUpToTheLimitPerRound() {
        LeaseBalancer.Plan plan = plan("d", leases(12, "b"), Set.of("b", "d"), Integer.MAX_VALUE, 4);
        assertThat(plan.steal()).hasSize(4);
    }

    @Test
    void theMaximumPerWorkerCapsTheTarget() {
        assertThat(plan("a", leases(12, null), Set.of("a"), 5, 1).take()).hasSize(5);
    }

    @Test
    void repeatedRoundsConvergeOnAnEvenSpreadWithoutOscillating() {
        // 13 leases all on b; a, c, d join. Simulate rounds where each worker applies its plan in turn.
        Map<String, String> owners = new HashMap<>();
        for (int i = 0; i < 13; i++) {
            owners.put("s" + i, "b");
        }
        List<String> workers = List.of("a", "b", "c", "d");
        Random random = new Random(1);
        int moves = 0;
        for (int round = 0; round < 50; round++) {
            for (String me : workers) {
                List<Lease> view = new ArrayList<>();
                owners.forEach((key, owner) -> view.add(lease(key, owner, Set.of())));
                Set<String> held = new HashSet<>();
                owners.forEach((key, owner) -> {
                    if (owner.equals(me)) {
                        held.add(key);
                    }
                });
                LeaseBalancer.Plan plan = new LeaseBalancer(me, Integer.MAX_VALUE, 1, random).plan(view, held,
                        l -> false, Set.copyOf(workers), Set.of(), Set.of());
                for (Lease stolen : plan.steal()) {
                    owners.put(stolen.leaseKey(), me);
                    moves++;
                }
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        owners.values().forEach(owner -> counts.merge(owner, 1, Integer::sum));
        assertThat(counts.values()).allSatisfy(count -> assertThat(count).isBetween(3, 4));
        assertThat(moves).as("each steal moves the spread closer; no lease moves back and forth").isEqualTo(9);
    }
}
