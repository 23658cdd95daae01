package io.sluice.producer.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The producer's memory bound: bytes and records held from {@code addUserRecord} until their futures complete.
 * An add that would pass a bound waits for completions to free room, up to the caller's limit, and is refused
 * after it. It also counts records per flush epoch, so {@code flushSync} waits for the records added before it,
 * not for records added while it waits.
 *
 * <p>Thread-safe: every field is guarded by {@code lock}.
 */
final class BufferAccount {

    private final long maxBytes;
    private final int maxRecords;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    /* @GuardedBy("lock") */ private long bytes;
    /* @GuardedBy("lock") */ private int records;
    /* @GuardedBy("lock") */ private int epoch;
    /* @GuardedBy("lock") */ private final TreeMap<Integer, Integer> recordsByEpoch = new TreeMap<>();
    /* @GuardedBy("lock") */ private boolean closed;
    /* @GuardedBy("lock") */ private int waiters;

    BufferAccount(long maxBytes, int maxRecords) {
        this.maxBytes = maxBytes;
        this.maxRecords = maxRecords;
    }

    /** {@link #reserve} found no room in time. */
    static final int FULL = -1;
    /** {@link #reserve} found the account closed. */
    static final int CLOSED = -2;

    /**
     * Reserves room for one record of {@code size} bytes, waiting up to {@code maxWaitNanos} for it.
     *
     * @return the flush epoch the record belongs to, or {@link #FULL}, or {@link #CLOSED}
     */
    int reserve(long size, long maxWaitNanos) throws InterruptedException {
        lock.lock();
        try {
            long remaining = maxWaitNanos;
            while (!closed && (bytes + size > maxBytes || records + 1 > maxRecords)) {
                if (remaining <= 0) {
                    return FULL;
                }
                waiters++;
                try {
                    remaining = released.awaitNanos(remaining);
                } finally {
                    waiters--;
                }
            }
            if (closed) {
                return CLOSED;
            }
            bytes += size;
            records++;
            recordsByEpoch.merge(epoch, 1, Integer::sum);
            return epoch;
        } finally {
            lock.unlock();
        }
    }

    /** Frees what completed records held. */
    void release(long size, int count, Map<Integer, Integer> countsByEpoch) {
        lock.lock();
        try {
            bytes -= size;
            records -= count;
            for (Map.Entry<Integer, Integer> entry : countsByEpoch.entrySet()) {
                recordsByEpoch.computeIfPresent(entry.getKey(), (k, v) -> v.intValue() == entry.getValue().intValue() ? null
                        : v - entry.getValue());
            }
            if (waiters > 0) {
                released.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Starts a new flush epoch and returns the last one: the records a flush must wait for. */
    int nextEpoch() {
        lock.lock();
        try {
            return epoch++;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no record of an epoch up to {@code lastEpoch} is held. */
    boolean awaitEpochs(int lastEpoch, long maxWaitNanos) throws InterruptedException {
        lock.lock();
        try {
            long remaining = maxWaitNanos;
            while (!recordsByEpoch.isEmpty() && recordsByEpoch.firstKey() <= lastEpoch) {
                if (remaining <= 0) {
                    return false;
                }
                waiters++;
                try {
                    remaining = released.awaitNanos(remaining);
                } finally {
                    waiters--;
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses every later reservation and wakes those waiting. */
    void close() {
        lock.lock();
        try {
            closed = true;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    int records() {
        lock.lock();
        try {
            return records;
        } finally {
            lock.unlock();
        }
    }

    static long nanos(java.time.Duration duration) {
        return TimeUnit.NANOSECONDS.convert(duration);
    }
}
