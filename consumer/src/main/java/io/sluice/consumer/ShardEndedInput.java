package io.sluice.consumer;

import java.util.Objects;

/**
 * What {@link ShardRecordProcessor#shardEnded} receives. Immutable and thread-safe; the checkpointer is for the
 * shard thread only.
 *
 * @param shardId the closed shard
 * @param checkpointer call {@link Checkpointer#checkpoint()} on it to write {@code SHARD_END}
 */
public record ShardEndedInput(String shardId, Checkpointer checkpointer) {

    /**
     * Checks the values.
     *
     * @param shardId the closed shard
     * @param checkpointer call {@link Checkpointer#checkpoint()} on it to write {@code SHARD_END}
     * @throws NullPointerException when the checkpointer is {@code null}
     */
    public ShardEndedInput {
        Objects.requireNonNull(checkpointer, "checkpointer");
    }
}
