package io.sluice.local.internal.firehose.delivery;

import java.util.Map;

/**
 * A record on its way to a destination: its (possibly transformed) bytes, the source record it came from, and
 * the dynamic partition it belongs to.
 *
 * @param source the record as accepted
 * @param data the bytes to deliver
 * @param batch the accepted batch to tell once this record is done
 * @param partitionKeys its dynamic partition keys; empty without dynamic partitioning
 */
record DeliveryRecord(SourceRecord source, byte[] data, IngestTracker.Batch batch,
        Map<String, String> partitionKeys) {

    DeliveryRecord withData(byte[] newData) {
        return new DeliveryRecord(source, newData, batch, partitionKeys);
    }

    DeliveryRecord withPartitionKeys(Map<String, String> keys) {
        return new DeliveryRecord(source, data, batch, keys);
    }
}
