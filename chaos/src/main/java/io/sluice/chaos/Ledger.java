package io.sluice.chaos;

import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the producers sent and what Kinesis acknowledged, per key (each key's counter counts up from 0 in the order
 * the records were added). Thread-safe: futures complete on the producers' callback threads.
 */
final class Ledger {

    private final Map<String, BitSet> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
    private final AtomicLong acknowledgedCount = new AtomicLong();
    private final AtomicLong failedCount = new AtomicLong();
    private final AtomicLong pendingCount = new AtomicLong();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

    /** Takes the next counter of {@code key}. */
    long next(String key) {
        pendingCount.incrementAndGet();
        return sent.computeIfAbsent(key, k -> new AtomicLong()).getAndIncrement();
    }

    void acknowledged(String key, long counter) {
        BitSet bits = acknowledged.computeIfAbsent(key, k -> new BitSet());
        synchronized (bits) {
            bits.set(Math.toIntExact(counter));
        }
        acknowledgedCount.incrementAndGet();
        pendingCount.decrementAndGet();
    }

    void failed(Throwable error) {
        failedCount.incrementAndGet();
        pendingCount.decrementAndGet();
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        failures.computeIfAbsent(cause.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
    }

    long acknowledgedCount() {
        return acknowledgedCount.get();
    }

    long failedCount() {
        return failedCount.get();
    }

    /** Futures not completed yet. */
    long pendingCount() {
        return pendingCount.get();
    }

    long sentCount() {
        return sent.values().stream().mapToLong(AtomicLong::get).sum();
    }

    Map<String, Long> failuresByType() {
        Map<String, Long> copy = new TreeMap<>();
        failures.forEach((type, count) -> copy.put(type, count.get()));
        return copy;
    }

    /** A copy of the acknowledged counters of every key. */
    Map<String, BitSet> acknowledgedByKey() {
        Map<String, BitSet> copy = new TreeMap<>();
        acknowledged.forEach((key, bits) -> {
            synchronized (bits) {
                copy.put(key, (BitSet) bits.clone());
            }
        });
        return copy;
    }
}
