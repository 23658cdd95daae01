package io.sluice.consumer;

import java.time.Duration;
import java.util.Objects;

/**
 * What a worker does when {@link ShardRecordProcessor#processRecords} throws: it calls it again with the same
 * batch, up to {@link #maxAttempts()} times in all, waiting between attempts with exponential backoff and full
 * jitter, and then either stops the shard (its lease is released, so another worker, or this one later, retries
 * from the last checkpoint) or hands the batch to a {@link DeadLetterHandler} and goes on. A batch is never
 * skipped silently.
 *
 * <p>Immutable and thread-safe.
 */
public final class FailurePolicy {

    /** Attempts of one batch by default, the first included. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** The first wait between attempts by default; it doubles up to {@link #DEFAULT_MAX_BACKOFF}. */
    public static final Duration DEFAULT_BASE_BACKOFF = Duration.ofMillis(200);
    /** The longest wait between attempts by default. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

    private final int maxAttempts;
    private final Duration baseBackoff;
    private final Duration maxBackoff;
    private final DeadLetterHandler deadLetterHandler;

    private FailurePolicy(int maxAttempts, Duration baseBackoff, Duration maxBackoff, DeadLetterHandler handler) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        if (baseBackoff.isNegative() || maxBackoff.compareTo(baseBackoff) < 0) {
            throw new IllegalArgumentException("Need 0 <= baseBackoff <= maxBackoff: " + baseBackoff + ", "
                    + maxBackoff);
        }
        this.maxAttempts = maxAttempts;
        this.baseBackoff = baseBackoff;
        this.maxBackoff = maxBackoff;
        this.deadLetterHandler = handler;
    }

    /**
     * The default: {@value #DEFAULT_MAX_ATTEMPTS} attempts, then the shard stops.
     *
     * @return the default policy
     */
    public static FailurePolicy defaults() {
        return retryThenStop(DEFAULT_MAX_ATTEMPTS);
    }

    /**
     * Retries a failing batch, then stops the shard, releasing its lease.
     *
     * @param maxAttempts attempts of one batch, the first included (at least 1)
     * @return the policy
     */
    public static FailurePolicy retryThenStop(int maxAttempts) {
        return new FailurePolicy(maxAttempts, DEFAULT_BASE_BACKOFF, DEFAULT_MAX_BACKOFF, null);
    }

    /**
     * Retries a failing batch, then hands it to {@code handler} and goes on with the next.
     *
     * @param maxAttempts attempts of one batch, the first included (at least 1)
     * @param handler receives each batch that failed every attempt
     * @return the policy
     */
    public static FailurePolicy retryThenDeadLetter(int maxAttempts, DeadLetterHandler handler) {
        return new FailurePolicy(maxAttempts, DEFAULT_BASE_BACKOFF, DEFAULT_MAX_BACKOFF,
                Objects.requireNonNull(handler, "handler"));
    }

    /**
     * This policy with other waits between attempts.
     *
     * @param base the first wait (zero or more); it doubles after each failed attempt
     * @param max the longest wait (at least {@code base})
     * @return a new policy
     */
    public FailurePolicy withBackoff(Duration base, Duration max) {
        return new FailurePolicy(maxAttempts, Objects.requireNonNull(base, "base"), Objects.requireNonNull(max,
                "max"), deadLetterHandler);
    }

    /**
     * Attempts of one batch, the first included.
     *
     * @return at least 1
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * The first wait between attempts; later waits double it, up to {@link #maxBackoff()}, with full jitter.
     *
     * @return the base wait
     */
    public Duration baseBackoff() {
        return baseBackoff;
    }

    /**
     * The longest wait between attempts.
     *
     * @return the longest wait
     */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /**
     * The dead-letter handler.
     *
     * @return the handler, or {@code null} when the shard stops instead
     */
    public DeadLetterHandler deadLetterHandler() {
        return deadLetterHandler;
    }

    @Override
    public String toString() {
        return "FailurePolicy[" + maxAttempts + " attempts, backoff " + baseBackoff + ".." + maxBackoff + ", then "
                + (deadLetterHandler == null ? "stop the shard" : "dead-letter") + "]";
    }
}
