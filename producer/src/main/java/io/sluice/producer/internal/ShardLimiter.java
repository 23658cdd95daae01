package io.sluice.producer.internal;

/**
 * Paces one shard: two token buckets, Kinesis records per second and bytes per second, each filling at the
 * configured percent of the shard's limits and holding at most one second's worth. A record larger than a whole
 * second's bytes may go when the bucket is full, leaving it in debt, so such a record is slowed, never stuck.
 *
 * <p>Throttling by Kinesis halves the pace (down to a tenth) and empties the buckets; the pace then climbs back by
 * a fifth of the configured rate per second without throttling. Time comes in as {@code nowMillis}.
 *
 * <p>Not thread-safe: used by the sender thread alone.
 */
final class ShardLimiter {

    static final int SHARD_RECORDS_PER_SECOND = 1_000;
    static final int SHARD_BYTES_PER_SECOND = 1024 * 1024;
    private static final double MIN_FACTOR = 0.1;
    private static final double RECOVERY_PER_MILLI = 0.2 / 1000;

    private final double recordsPerMilli;
    private final double bytesPerMilli;
    private final double recordCapacity;
    private final double byteCapacity;
    private double records;
    private double bytes;
    private double factor = 1.0;
    private long lastMillis;

    ShardLimiter(long ratePercent, long nowMillis) {
        this.recordCapacity = SHARD_RECORDS_PER_SECOND * ratePercent / 100.0;
        this.byteCapacity = SHARD_BYTES_PER_SECOND * ratePercent / 100.0;
        this.recordsPerMilli = recordCapacity / 1000;
        this.bytesPerMilli = byteCapacity / 1000;
        this.records = recordCapacity;
        this.bytes = byteCapacity;
        this.lastMillis = nowMillis;
    }

    /** Whether {@code count} more records of {@code size} bytes in all may go now. */
    boolean canTake(long nowMillis, int count, long size) {
        refill(nowMillis);
        return records >= Math.min(count, recordCapacity) && bytes >= Math.min(size, byteCapacity);
    }

    void take(int count, long size) {
        records -= count;
        bytes -= size;
    }

    /** How long until one record of {@code size} bytes may go; 0 when it may go now. */
    long millisUntil(long nowMillis, long size) {
        refill(nowMillis);
        double recordsShort = Math.min(1, recordCapacity) - records;
        double bytesShort = Math.min(size, byteCapacity) - bytes;
        double waitRecords = recordsShort <= 0 ? 0 : recordsShort / (recordsPerMilli * factor);
        double waitBytes = bytesShort <= 0 ? 0 : bytesShort / (bytesPerMilli * factor);
        return (long) Math.ceil(Math.max(waitRecords, waitBytes));
    }

    /** Kinesis throttled this shard: slow down. */
    void throttled(long nowMillis) {
        refill(nowMillis);
        factor = Math.max(MIN_FACTOR, factor / 2);
        records = Math.min(records, 0);
        bytes = Math.min(bytes, 0);
    }

    /** The current pace as a fraction of the configured one. */
    double factor() {
        return factor;
    }

    private void refill(long nowMillis) {
        long elapsed = nowMillis - lastMillis;
        if (elapsed <= 0) {
            return;
        }
        lastMillis = nowMillis;
        records = Math.min(recordCapacity, records + elapsed * recordsPerMilli * factor);
        bytes = Math.min(byteCapacity, bytes + elapsed * bytesPerMilli * factor);
        factor = Math.min(1.0, factor + elapsed * RECOVERY_PER_MILLI);
    }
}
