package io.sluice.consumer;

/**
 * What {@link ShardRecordProcessor#leaseLost} receives. Immutable and thread-safe.
 *
 * @param shardId the shard whose lease was lost
 */
public record LeaseLostInput(String shardId) {
}
