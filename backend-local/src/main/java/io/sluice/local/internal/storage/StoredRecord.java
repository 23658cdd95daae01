package io.sluice.local.internal.storage;

/**
 * One record as a shard log holds it.
 *
 * @param position the record's place in its shard, from 0 up without gaps; the sequence number encodes it
 * @param arrivalMillis when the backend accepted it (epoch millis; never decreasing within a shard)
 * @param partitionKey the partition key the producer gave
 * @param data the payload; never modified after append
 */
public record StoredRecord(long position, long arrivalMillis, String partitionKey, byte[] data) {

    /** What the record counts for against a read's byte cap: its data plus its partition key. */
    public long sizeBytes() {
        return (long) data.length + partitionKey.length();
    }
}
