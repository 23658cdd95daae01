package io.sluice.consumer.internal;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Batches fetched ahead of a shard's processor, bounded in records and bytes. The fetcher adds a batch only when
 * there is room (a batch larger than the whole bound is let in alone, or it could never pass); the shard thread
 * takes them in order. {@link #onRoom} tells a push-based fetcher (fan-out) when to ask for more.
 *
 * <p>Thread-safe: every field is guarded by {@code lock}.
 */
final class PrefetchBuffer {

    private final int maxRecords;
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // @GuardedBy("lock")
    private final ArrayDeque<FetchedBatch> batches = new ArrayDeque<>();
    // @GuardedBy("lock")
    private int records;
    // @GuardedBy("lock")
    private long bytes;
    // @GuardedBy("lock")
    private Runnable roomListener;

    PrefetchBuffer(int maxRecords, long maxBytes) {
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
    }

    boolean hasRoom() {
        lock.lock();
        try {
            return batches.isEmpty() || (records < maxRecords && bytes < maxBytes);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until there is room, at most {@code timeoutMillis}; whether there is. */
    boolean awaitRoom(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (!batches.isEmpty() && (records >= maxRecords || bytes >= maxBytes)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    void add(FetchedBatch batch) {
        lock.lock();
        try {
            batches.add(batch);
            records += batch.records().size();
            bytes += batch.bytes();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The next batch, waiting at most {@code timeoutMillis}; {@code null} when none came. */
    FetchedBatch poll(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        Runnable listener = null;
        FetchedBatch batch;
        lock.lock();
        try {
            while (batches.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                changed.awaitNanos(left);
            }
            batch = batches.poll();
            records -= batch.records().size();
            bytes -= batch.bytes();
            changed.signalAll();
            if (roomListener != null && (batches.isEmpty() || (records < maxRecords && bytes < maxBytes))) {
                listener = roomListener;
                roomListener = null;
            }
        } finally {
            lock.unlock();
        }
        if (listener != null) {
            listener.run();
        }
        return batch;
    }

    /** Runs {@code listener} once, as soon as there is room (at once when there is room now). */
    void onRoom(Runnable listener) {
        boolean now;
        lock.lock();
        try {
            now = batches.isEmpty() || (records < maxRecords && bytes < maxBytes);
            if (!now) {
                roomListener = listener;
            }
        } finally {
            lock.unlock();
        }
        if (now) {
            listener.run();
        }
    }

    /** Wakes a waiting shard thread (to notice a shutdown or a lost lease). */
    void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
