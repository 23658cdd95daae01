package io.sluice.consumer.internal;

import io.sluice.checkpoint.Checkpoint;
import java.time.Instant;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Where a fetcher starts reading a shard, as an iterator type with its sequence number or timestamp.
 * Immutable and thread-safe.
 *
 * @param type the iterator (or subscription starting position) type
 * @param sequenceNumber for AT_ and AFTER_SEQUENCE_NUMBER
 * @param timestamp for AT_TIMESTAMP
 */
record StartPosition(ShardIteratorType type, String sequenceNumber, Instant timestamp) {

    /**
     * The position to resume from after a checkpoint: at the checkpointed record itself (the user records of an
     * aggregate after the checkpointed subsequence must still come), leaving the records at or below the
     * checkpoint to be dropped on arrival.
     */
    static StartPosition resumeFrom(Checkpoint checkpoint, Instant atTimestamp) {
        return switch (checkpoint.sequenceNumber()) {
            case "TRIM_HORIZON" -> new StartPosition(ShardIteratorType.TRIM_HORIZON, null, null);
            case "LATEST" -> new StartPosition(ShardIteratorType.LATEST, null, null);
            case "AT_TIMESTAMP" -> new StartPosition(ShardIteratorType.AT_TIMESTAMP, null, atTimestamp);
            case "SHARD_END" -> throw new IllegalArgumentException("A finished shard has nothing to read");
            default -> new StartPosition(ShardIteratorType.AT_SEQUENCE_NUMBER, checkpoint.sequenceNumber(), null);
        };
    }

    /** Just after a record already fetched. */
    static StartPosition after(String sequenceNumber) {
        return new StartPosition(ShardIteratorType.AFTER_SEQUENCE_NUMBER, sequenceNumber, null);
    }
}
