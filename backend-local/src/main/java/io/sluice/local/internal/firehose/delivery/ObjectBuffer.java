package io.sluice.local.internal.firehose.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The records gathered for one object of one destination and dynamic partition, until its size or interval hint
 * is reached. Not thread-safe: its pipeline guards it.
 */
final class ObjectBuffer {

    private final DeliverySettings settings;
    private final boolean backup;
    private final Map<String, String> partitionKeys;
    private final long openedMillis;
    private final List<DeliveryRecord> records = new ArrayList<>();
    private long bytes;
    private long oldestArrival = Long.MAX_VALUE;

    ObjectBuffer(DeliverySettings settings, boolean backup, Map<String, String> partitionKeys, long openedMillis) {
        this.settings = settings;
        this.backup = backup;
        this.partitionKeys = partitionKeys;
        this.openedMillis = openedMillis;
    }

    void add(DeliveryRecord record) {
        records.add(record);
        bytes += record.data().length;
        oldestArrival = Math.min(oldestArrival, record.source().arrivalMillis());
    }

    int count() {
        return records.size();
    }

    boolean backup() {
        return backup;
    }

    long bytes() {
        return bytes;
    }

    DeliverySettings settings() {
        return settings;
    }

    long oldestArrival() {
        return oldestArrival;
    }

    long openedMillis() {
        return openedMillis;
    }

    /** The records gathered, as one object to deliver. */
    PendingObject seal() {
        return new PendingObject(settings, backup, partitionKeys, List.copyOf(records), bytes, oldestArrival);
    }
}
