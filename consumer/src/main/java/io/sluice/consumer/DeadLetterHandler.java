package io.sluice.consumer;

import java.util.List;

/**
 * Receives a batch that {@link ShardRecordProcessor#processRecords} kept failing on, when the
 * {@link FailurePolicy} says to set it aside and go on. The handler should store the records somewhere durable
 * (a dead-letter stream, a queue, a file); when it returns, the worker moves past the batch, and the next
 * checkpoint the processor writes covers it.
 *
 * <p>Called on the failing shard's thread; it must be thread-safe when it is shared by several shards. If it
 * throws, the shard stops as with {@link FailurePolicy#retryThenStop}, so no batch is ever skipped silently.
 */
@FunctionalInterface
public interface DeadLetterHandler {

    /**
     * @param shardId the shard the batch came from
     * @param records the batch, as the processor received it
     * @param failure the exception of the last attempt
     */
    void deadLetter(String shardId, List<KinesisClientRecord> records, Throwable failure);
}
