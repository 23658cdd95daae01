package io.sluice.checkpoint;

import java.util.Objects;

/**
 * One worker's entry in the worker table: its heartbeat (a counter it moves on every renewal, so that observers
 * judge liveness by their own clocks, as with leases), how many leases it holds, how fast it is processing, and
 * whether it is leaving.
 *
 * <p>Immutable and thread-safe.
 *
 * @param workerId the worker's id, unique in the application
 * @param heartbeat moved by the worker on every renewal
 * @param leaseCount the leases it held at its last heartbeat
 * @param recordsPerSecond the user records it processed per second, averaged since its last heartbeat
 * @param leaving whether it is shutting down gracefully: it takes nothing more and is releasing what it holds
 * @param leaseEpoch moved by the worker whenever it creates or gives up leases, so that the others read the lease
 *     table when (and, in a steady fleet, only when) there is something new in it
 */
public record WorkerState(String workerId, long heartbeat, int leaseCount, double recordsPerSecond,
        boolean leaving, long leaseEpoch) {

    /**
     * Checks the values: an id, and counts and rates that are not negative.
     *
     * @param workerId the worker's id, unique in the application
     * @param heartbeat moved by the worker on every renewal
     * @param leaseCount the leases it held at its last heartbeat
     * @param recordsPerSecond the user records it processed per second, averaged since its last heartbeat
     * @param leaving whether it is shutting down gracefully: it takes nothing more and is releasing what it holds
     * @param leaseEpoch moved by the worker whenever it creates or gives up leases, so that the others read the lease
     *     table when (and, in a steady fleet, only when) there is something new in it
     */
    public WorkerState {
        Objects.requireNonNull(workerId, "workerId");
        if (leaseCount < 0 || recordsPerSecond < 0 || Double.isNaN(recordsPerSecond)) {
            throw new IllegalArgumentException("leaseCount and recordsPerSecond must not be negative");
        }
    }
}
