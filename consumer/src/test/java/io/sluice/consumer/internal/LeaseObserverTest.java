package io.sluice.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.checkpoint.Checkpoint;
import io.sluice.checkpoint.Lease;
import io.sluice.checkpoint.WorkerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Liveness by the observer's own clock, no I/O. */
class LeaseObserverTest {

    private static final Instant T0 = Instant.parse("2026-12-02T00:00:00Z");

    private static WorkerState worker(String id, long heartbeat, long epoch, boolean leaving) {
        return new WorkerState(id, heartbeat, 1, 0, leaving, epoch);
    }

    private static Lease lease(String owner, long counter) {
        return new Lease("s", owner, counter, Checkpoint.TRIM_HORIZON, null, null, 0, Set.of(), Set.of(), null,
                null);
    }

    @Test
    void aRegisteredHoldersLeaseExpiresWithItsHeartbeatAndAnUnregisteredOnesWithItsCounter() {
        LeaseObserver observer = new LeaseObserver(Duration.ofSeconds(10));
        observer.observeWorkers(List.of(worker("b", 1, 0, false)), T0);
        observer.observeLeases(List.of(lease("b", 5), lease("kcl-worker", 7)), T0);
        // b's heartbeat moves while its lease counter stands still: b is alive, its lease too.
        observer.observeWorkers(List.of(worker("b", 2, 0, false)), T0.plusSeconds(5));
        assertThat(observer.isExpired(lease("b", 5), T0.plusSeconds(12))).isFalse();
        assertThat(observer.isExpired(lease("b", 5), T0.plusSeconds(15))).as("heartbeat still since 5 s").isTrue();
        // A holder the worker table does not know is judged by the lease counter, as the KCL judges.
        assertThat(observer.isExpired(lease("kcl-worker", 7), T0.plusSeconds(9))).isFalse();
        assertThat(observer.isExpired(lease("kcl-worker", 7), T0.plusSeconds(10))).isTrue();
        assertThat(observer.isExpired(lease(null, 6), T0)).as("nobody holds it").isTrue();
    }

    @Test
    void theFleetLooksChangedWhenAWorkerComesLeavesDiesOrMovesItsLeaseEpoch() {
        LeaseObserver observer = new LeaseObserver(Duration.ofSeconds(10));
        assertThat(observer.observeWorkers(List.of(worker("a", 1, 0, false)), T0)).isTrue();
        assertThat(observer.observeWorkers(List.of(worker("a", 2, 0, false)), T0.plusSeconds(3)))
                .as("a heartbeat alone is no news").isFalse();
        assertThat(observer.observeWorkers(List.of(worker("a", 3, 1, false)), T0.plusSeconds(4)))
                .as("leases created or given up").isTrue();
        assertThat(observer.observeWorkers(List.of(worker("a", 3, 1, false), worker("b", 1, 0, false)),
                T0.plusSeconds(5))).as("a new worker").isTrue();
        assertThat(observer.observeWorkers(List.of(worker("a", 3, 1, true), worker("b", 2, 0, false)),
                T0.plusSeconds(6))).as("a worker leaving").isTrue();
        assertThat(observer.nextWorkerExpiry("b", T0.plusSeconds(6))).isEqualTo(T0.plusSeconds(14));
        assertThat(observer.observeWorkers(List.of(worker("a", 3, 1, true), worker("b", 2, 0, false)),
                T0.plusSeconds(14))).as("a worker whose heartbeat stopped").isTrue();
    }
}
