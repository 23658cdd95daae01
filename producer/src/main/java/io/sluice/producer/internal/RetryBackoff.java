package io.sluice.producer.internal;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: retry n waits a uniformly random time between 0 and
 * {@code min(max, base * 2^(n-1))}. Resilience4j's exponential interval function gives the ceiling; full jitter
 * spreads retries of many producers so they do not hit a throttled shard in step.
 *
 * <p>Not thread-safe (the random generator is not): used by the sender thread alone.
 */
final class RetryBackoff {

    private final IntervalFunction ceiling;
    private final RandomGenerator random;

    RetryBackoff(Duration base, Duration max, RandomGenerator random) {
        this.ceiling = IntervalFunction.ofExponentialBackoff(base, 2.0, max);
        this.random = random;
    }

    /** The wait before retry number {@code retry} (1 for the first retry), in milliseconds. */
    long delayMillis(int retry) {
        long cap = ceiling.apply(Math.max(1, retry));
        return random.nextLong(cap + 1);
    }
}
