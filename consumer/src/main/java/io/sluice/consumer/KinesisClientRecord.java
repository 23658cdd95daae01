package io.sluice.consumer;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;

/**
 * One user record as the processor sees it, named and shaped like the KCL's so that processors move over with
 * their imports changed: a Kinesis record, or one user record out of a KPL aggregate (then {@link #aggregated()}
 * is true and {@link #subSequenceNumber()} is its index inside the aggregate).
 *
 * <p>Immutable and thread-safe; {@link #data()} returns a new read-only view each time.
 *
 * @param sequenceNumber the Kinesis record's sequence number
 * @param subSequenceNumber the index inside an aggregate, 0 for a record that was not aggregated
 * @param partitionKey the user record's partition key
 * @param explicitHashKey the user record's explicit hash key, or {@code null}
 * @param data the user record's data
 * @param approximateArrivalTimestamp when Kinesis accepted the record
 * @param aggregated whether the record came out of a KPL aggregate
 */
public record KinesisClientRecord(String sequenceNumber, long subSequenceNumber, String partitionKey,
        String explicitHashKey, ByteBuffer data, Instant approximateArrivalTimestamp, boolean aggregated) {

    /**
     * Checks the values and keeps a read-only view of the data.
     *
     * @param sequenceNumber the Kinesis record's sequence number
     * @param subSequenceNumber the index inside an aggregate, 0 for a record that was not aggregated
     * @param partitionKey the user record's partition key
     * @param explicitHashKey the user record's explicit hash key, or {@code null}
     * @param data the user record's data
     * @param approximateArrivalTimestamp when Kinesis accepted the record
     * @param aggregated whether the record came out of a KPL aggregate
     * @throws NullPointerException when the sequence number, partition key or data is {@code null}
     */
    public KinesisClientRecord {
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        Objects.requireNonNull(partitionKey, "partitionKey");
        data = data.asReadOnlyBuffer();
    }

    /**
     * The data, as a new read-only view each call (position 0, limit the length).
     *
     * @return a view of the data
     */
    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }

    /**
     * A copy of the data.
     *
     * @return a new array
     */
    public byte[] dataBytes() {
        ByteBuffer view = data.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
