package io.sluice.local.internal.streams;

/**
 * One shard's provisioned throughput, as token buckets refilled continuously from the request clock: writes of
 * 1,000 records and 1 MiB (data plus partition key) per second, reads of 5 GetRecords calls and 2 MiB per second.
 * Each bucket holds one second's worth, so a burst of a second's allowance passes at once, as on AWS.
 *
 * <p>A read is allowed while the read-bytes bucket is above zero and is then charged what it returned, so one call
 * may return up to 10 MiB and the calls of the next seconds are refused until the debt is paid: AWS's documented
 * behaviour ("subsequent calls made within the next 5 seconds throw ProvisionedThroughputExceededException").
 *
 * <p>Thread-safe: every method holds the object's monitor, briefly.
 */
final class ShardThrottle {

    static final double WRITE_RECORDS_PER_SECOND = 1_000;
    static final double WRITE_BYTES_PER_SECOND = 1024 * 1024;
    static final double READ_CALLS_PER_SECOND = 5;
    static final double READ_BYTES_PER_SECOND = 2 * 1024 * 1024;

    private double writeRecords = WRITE_RECORDS_PER_SECOND;
    private double writeBytes = WRITE_BYTES_PER_SECOND;
    private double readCalls = READ_CALLS_PER_SECOND;
    private double readBytes = READ_BYTES_PER_SECOND;
    private long refilledAtMillis = Long.MIN_VALUE;

    /**
     * Takes one record of {@code bytes} from the write allowance, or returns false (and takes nothing). A record
     * larger than the whole allowance passes only when the allowance is full, and leaves a debt.
     */
    synchronized boolean tryWrite(long bytes, long nowMillis) {
        refill(nowMillis);
        // A record larger than a second's allowance (streams may take records up to 10 MiB) gets in when the
        // allowance is full, and the shard then owes the rest, as reads do.
        boolean fits = writeBytes >= bytes || (bytes > WRITE_BYTES_PER_SECOND && writeBytes >= WRITE_BYTES_PER_SECOND);
        if (writeRecords < 1 || !fits) {
            return false;
        }
        writeRecords -= 1;
        writeBytes -= bytes;
        return true;
    }

    /** Takes one GetRecords call from the read allowance, or returns false when calls or bytes are used up. */
    synchronized boolean tryRead(long nowMillis) {
        refill(nowMillis);
        if (readCalls < 1 || readBytes <= 0) {
            return false;
        }
        readCalls -= 1;
        return true;
    }

    /** Charges the bytes a GetRecords call returned; the balance may go below zero. */
    synchronized void chargeRead(long bytes) {
        readBytes -= bytes;
    }

    private void refill(long nowMillis) {
        if (refilledAtMillis == Long.MIN_VALUE) {
            refilledAtMillis = nowMillis;
            return;
        }
        long elapsed = nowMillis - refilledAtMillis;
        if (elapsed <= 0) {
            return;
        }
        double seconds = elapsed / 1000.0;
        writeRecords = Math.min(WRITE_RECORDS_PER_SECOND, writeRecords + seconds * WRITE_RECORDS_PER_SECOND);
        writeBytes = Math.min(WRITE_BYTES_PER_SECOND, writeBytes + seconds * WRITE_BYTES_PER_SECOND);
        readCalls = Math.min(READ_CALLS_PER_SECOND, readCalls + seconds * READ_CALLS_PER_SECOND);
        readBytes = Math.min(READ_BYTES_PER_SECOND, readBytes + seconds * READ_BYTES_PER_SECOND);
        refilledAtMillis = nowMillis;
    }
}
