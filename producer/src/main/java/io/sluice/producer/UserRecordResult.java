package io.sluice.producer;

import java.util.List;

/**
 * Where a user record landed.
 *
 * @param shardId the shard Kinesis wrote the record to
 * @param sequenceNumber the sequence number of the Kinesis record that holds it
 * @param subSequenceNumber its index inside that Kinesis record when it was aggregated, 0 otherwise; consumers
 *     checkpoint the pair
 * @param attempts every attempt made, the last one successful
 */
public record UserRecordResult(String shardId, String sequenceNumber, long subSequenceNumber,
        List<Attempt> attempts) {

    /**
     * Copies the attempts, so the result stays immutable.
     *
     * @param shardId the shard Kinesis wrote the record to
     * @param sequenceNumber the sequence number of the Kinesis record that holds it
     * @param subSequenceNumber its index inside that Kinesis record when it was aggregated, 0 otherwise
     * @param attempts every attempt made, the last one successful
     */
    public UserRecordResult {
        attempts = List.copyOf(attempts);
    }
}
