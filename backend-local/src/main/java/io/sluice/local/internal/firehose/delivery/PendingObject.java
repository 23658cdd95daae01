package io.sluice.local.internal.firehose.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An object sealed for delivery: its records, their total size before compression, and the arrival time of the
 * oldest (which names the object's time prefix). Immutable.
 *
 * @param settings the settings it was buffered under
 * @param backup whether it goes to the S3 backup (source records) rather than the destination
 * @param partitionKeys the dynamic partition it belongs to
 * @param records its records, in the order they arrived
 * @param bytes the sum of their sizes
 * @param oldestArrivalMillis the arrival time of the oldest record
 */
record PendingObject(DeliverySettings settings, boolean backup, Map<String, String> partitionKeys, List<DeliveryRecord> records, long bytes,
        long oldestArrivalMillis) {

    List<byte[]> data() {
        List<byte[]> parts = new ArrayList<>(records.size());
        for (DeliveryRecord record : records) {
            parts.add(record.data());
        }
        return parts;
    }

    /** Tells each record's batch that the record is done (delivered, or written to error output). */
    void complete() {
        for (DeliveryRecord record : records) {
            record.batch().done();
        }
    }
}
