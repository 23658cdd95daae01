package io.sluice.checkpoint;

/**
 * The root of the checkpoint library's exceptions. {@link #isRetriable()} splits them: a retriable one (DynamoDB
 * throttled past the SDK's retries, a timeout) may succeed later; a fatal one (the lease is lost, the table is
 * missing or malformed) will not.
 *
 * <p>Immutable and thread-safe.
 */
public class CheckpointStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Whether trying again may succeed. */
    private final boolean retriable;

    /**
     * A new exception.
     *
     * @param message what failed
     * @param retriable whether trying again may succeed
     * @param cause the SDK's exception, or {@code null}
     */
    public CheckpointStoreException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    /**
     * Whether trying again may succeed (throttling, a timeout), as opposed to a fault no retry fixes.
     *
     * @return whether the call may be retried
     */
    public boolean isRetriable() {
        return retriable;
    }
}
