package io.sluice.producer;

/**
 * The root of every exception the producer reports, through a user record's future or thrown by a call.
 *
 * <p>{@link #isRetriable()} splits them: a retriable failure (a full buffer, an expired record that was throttled)
 * may succeed if the application adds the record again later; a fatal one (bad input, a closed producer, a
 * stream that does not exist, access denied) will not.
 *
 * <p>Instances are immutable and thread-safe.
 */
public class ProducerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Whether adding the same record again later may succeed. */
    private final boolean retriable;

    /**
     * @param message what failed
     * @param retriable whether adding the same record again later may succeed
     */
    protected ProducerException(String message, boolean retriable) {
        super(message);
        this.retriable = retriable;
    }

    /**
     * @param message what failed
     * @param retriable whether adding the same record again later may succeed
     * @param cause the underlying failure
     */
    protected ProducerException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    /**
     * Whether adding the same record again later may succeed.
     *
     * @return whether the failure may be retried
     */
    public boolean isRetriable() {
        return retriable;
    }
}
