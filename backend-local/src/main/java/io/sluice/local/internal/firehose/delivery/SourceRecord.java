package io.sluice.local.internal.firehose.delivery;

/**
 * One record a delivery stream accepted: from PutRecord(Batch), or read from its source data stream.
 *
 * @param seq its place in the delivery stream's ingest order (and log)
 * @param recordId the id PutRecord returned
 * @param arrivalMillis when it arrived (for a stream source, the data stream's approximate arrival time)
 * @param data its bytes
 * @param kinesis where it came from in the source data stream, or {@code null} for DirectPut
 */
public record SourceRecord(long seq, String recordId, long arrivalMillis, byte[] data, KinesisOrigin kinesis) {

    /**
     * A record's place in its source data stream, as a transformation's event describes it.
     *
     * @param shardId the shard it was read from
     * @param partitionKey its partition key
     * @param sequenceNumber its sequence number
     * @param subsequenceNumber its place in a KPL aggregate (0 for a plain record)
     */
    public record KinesisOrigin(String shardId, String partitionKey, String sequenceNumber,
            long subsequenceNumber) {
    }
}
