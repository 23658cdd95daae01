package io.sluice.local.internal.firehose.delivery;

import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tells the lowest ingest sequence number not yet fully delivered (delivered, written to error output, or
 * dropped by a transformation): everything below it may leave the ingest log. Records are tracked per accepted
 * batch, so the cost is one counter per PutRecordBatch call. Thread-safe.
 */
final class IngestTracker {

    private final TreeMap<Long, Batch> open = new TreeMap<>();
    private final java.util.function.LongConsumer released;
    private long next;

    /**
     * @param first the first sequence number to give
     * @param released told the bytes of each batch that is done
     */
    IngestTracker(long first, java.util.function.LongConsumer released) {
        this.next = first;
        this.released = released;
    }

    /** Opens a batch of {@code count} records taking the next sequence numbers. */
    synchronized Batch open(int count, long bytes, long arrivalMillis) {
        Batch batch = new Batch(next, count, bytes, arrivalMillis);
        open.put(next, batch);
        next += count;
        return batch;
    }

    /** Opens a batch of records already numbered (replayed from the log), from {@code first}. */
    synchronized Batch reopen(long first, int count, long bytes, long arrivalMillis) {
        Batch batch = new Batch(first, count, bytes, arrivalMillis);
        open.put(first, batch);
        next = Math.max(next, first + count);
        return batch;
    }

    /** The arrival time of the oldest batch not yet done, or {@code -1} when all are done. */
    synchronized long oldestArrival() {
        return open.isEmpty() ? -1 : open.firstEntry().getValue().arrivalMillis;
    }

    /** The lowest sequence number still owed a delivery; the next one to be given when nothing is owed. */
    synchronized long low() {
        return open.isEmpty() ? next : open.firstKey();
    }

    /** The next sequence number to be given. */
    synchronized long next() {
        return next;
    }

    private void close(Batch batch) {
        synchronized (this) {
            open.remove(batch.first);
            if (open.isEmpty()) {
                notifyAll();
            }
        }
        released.accept(batch.bytes);
    }

    /** Waits until every batch is done, at most {@code timeoutNanos}; whether they all are. */
    synchronized boolean awaitAllDone(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (!open.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Records that entered together; done when each of them (and anything split off one) is done. */
    final class Batch {
        private final long first;
        private final AtomicInteger remaining;
        private final long bytes;
        private final long arrivalMillis;

        private Batch(long first, int count, long bytes, long arrivalMillis) {
            this.first = first;
            this.remaining = new AtomicInteger(count);
            this.bytes = bytes;
            this.arrivalMillis = arrivalMillis;
        }

        long first() {
            return first;
        }

        /** One record became {@code n} (a deaggregation, say): each of them must now be done. */
        void split(int n) {
            remaining.addAndGet(n - 1);
        }

        /** One record of the batch is done. */
        void done() {
            if (remaining.decrementAndGet() == 0) {
                close(this);
            }
        }
    }
}
