package io.sluice.consumer;

/**
 * Creates a {@link ShardRecordProcessor} for each shard a worker starts processing.
 *
 * <p>Called from several shard threads at once, so it must be thread-safe; each call must return a new instance.
 */
@FunctionalInterface
public interface ShardRecordProcessorFactory {

    /**
     * A new processor for one shard.
     *
     * @return a new instance, never shared between shards
     */
    ShardRecordProcessor shardRecordProcessor();
}
