package io.sluice.consumer;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ShardRecordProcessor#processRecords} receives: a batch of user records of one shard, in order.
 * Immutable and thread-safe; the checkpointer is for the shard thread only.
 *
 * @param records the user records, deaggregated; never empty
 * @param millisBehindLatest how far the batch was behind the tip of the shard when it was read
 * @param fetchedAt when the batch was read from Kinesis, by the worker's clock
 * @param checkpointer checkpoints this shard's progress
 */
public record ProcessRecordsInput(List<KinesisClientRecord> records, long millisBehindLatest, Instant fetchedAt,
        Checkpointer checkpointer) {

    /**
     * Checks and copies the values.
     *
     * @param records the user records, deaggregated; never empty
     * @param millisBehindLatest how far the batch was behind the tip of the shard when it was read
     * @param fetchedAt when the batch was read from Kinesis, by the worker's clock
     * @param checkpointer checkpoints this shard's progress
     * @throws NullPointerException when a value is {@code null}
     */
    public ProcessRecordsInput {
        records = List.copyOf(records);
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        Objects.requireNonNull(checkpointer, "checkpointer");
    }
}
