package io.sluice.consumer;

import java.util.Objects;

/**
 * What {@link ShardRecordProcessor#shutdownRequested} receives. Immutable and thread-safe; the checkpointer is for
 * the shard thread only.
 *
 * @param shardId the shard being handed over
 * @param checkpointer checkpoints the work done before the lease is released
 */
public record ShutdownRequestedInput(String shardId, Checkpointer checkpointer) {

    /**
     * Checks the values.
     *
     * @param shardId the shard being handed over
     * @param checkpointer checkpoints the work done before the lease is released
     * @throws NullPointerException when the checkpointer is {@code null}
     */
    public ShutdownRequestedInput {
        Objects.requireNonNull(checkpointer, "checkpointer");
    }
}
