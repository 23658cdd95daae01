package io.sluice.consumer.internal;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a shard consumer, with every allowed transition in one place.
 *
 * <pre>
 * WAITING_ON_PARENTS -> INITIALIZING -> PROCESSING -> ENDING -> STOPPED
 *                                             \-> SHUTTING_DOWN -> STOPPED
 * any state -> STOPPED (lease lost, processing stopped after failures, worker halted)
 * </pre>
 */
public enum ShardState {
    /** Holding the lease, waiting until every parent shard reached SHARD_END. */
    WAITING_ON_PARENTS,
    /** Creating the processor and calling initialize. */
    INITIALIZING,
    /** Delivering batches. */
    PROCESSING,
    /** The shard is closed and drained: calling shardEnded, creating the children's leases. */
    ENDING,
    /** The worker shuts down gracefully: calling shutdownRequested, then releasing the lease. */
    SHUTTING_DOWN,
    /** Done; nothing more is called. */
    STOPPED;

    private static final Set<ShardState> FROM_WAITING = EnumSet.of(INITIALIZING, STOPPED);
    private static final Set<ShardState> FROM_INITIALIZING = EnumSet.of(PROCESSING, SHUTTING_DOWN, STOPPED);
    private static final Set<ShardState> FROM_PROCESSING = EnumSet.of(ENDING, SHUTTING_DOWN, STOPPED);
    private static final Set<ShardState> FROM_ENDING_OR_SHUTTING_DOWN = EnumSet.of(STOPPED);

    /** Whether a shard consumer may go from this state to {@code next}. */
    public boolean canMoveTo(ShardState next) {
        return switch (this) {
            case WAITING_ON_PARENTS -> FROM_WAITING.contains(next);
            case INITIALIZING -> FROM_INITIALIZING.contains(next);
            case PROCESSING -> FROM_PROCESSING.contains(next);
            case ENDING, SHUTTING_DOWN -> FROM_ENDING_OR_SHUTTING_DOWN.contains(next);
            case STOPPED -> false;
        };
    }
}
