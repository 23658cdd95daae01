package io.sluice.consumer.internal;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: wait n is uniform in {@code [0, min(max, base * 2^(n-1))]}, Resilience4j's
 * interval function giving the ceiling. Thread-safe (stateless; the random source is per thread).
 */
final class Backoff {

    private final IntervalFunction ceiling;

    Backoff(Duration base, Duration max) {
        this.ceiling = IntervalFunction.ofExponentialBackoff(base, 2.0, max);
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failures (1 or more). */
    long delayMillis(int attempt) {
        long cap = ceiling.apply(Math.max(1, attempt));
        return ThreadLocalRandom.current().nextLong(cap + 1);
    }
}
