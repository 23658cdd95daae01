package io.sluice.chaos;

import java.util.concurrent.atomic.AtomicLong;

/** What a chaos worker reports to the harness, and the slow-processor fault it was asked for. Thread-safe. */
final class WorkerStats {

    private final AtomicLong maxMillisBehindLatest = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong slowNextMillis = new AtomicLong();
    private final AtomicLong maxLagMillis = new AtomicLong();

    /** One batch: its size, its MillisBehindLatest, and how long ago its oldest record arrived in the stream. */
    void batch(int size, long millisBehindLatest, long oldestRecordAgeMillis) {
        records.addAndGet(size);
        maxMillisBehindLatest.accumulateAndGet(millisBehindLatest, Math::max);
        maxLagMillis.accumulateAndGet(oldestRecordAgeMillis, Math::max);
    }

    /** The longest time from a record's arrival in the stream to its delivery to a processor. */
    long maxLagMillis() {
        return maxLagMillis.get();
    }

    long maxMillisBehindLatest() {
        return maxMillisBehindLatest.get();
    }

    long records() {
        return records.get();
    }

    void slowNextBatch(long millis) {
        slowNextMillis.set(millis);
    }

    /** The delay the next batch must take (once), or 0. */
    long takeSlowMillis() {
        return slowNextMillis.getAndSet(0);
    }
}
