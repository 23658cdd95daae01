package io.sluice.consumer;

/**
 * The root of the consumer library's own exceptions. {@link #isRetriable()} splits them: a retriable one may
 * succeed when tried again; a fatal one will not. Checkpoint calls also throw the checkpoint library's
 * {@link io.sluice.checkpoint.CheckpointStoreException}s, which make the same split.
 *
 * <p>Immutable and thread-safe.
 */
public class ConsumerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Whether trying again may succeed. */
    private final boolean retriable;

    /**
     * A new exception.
     *
     * @param message what went wrong
     * @param retriable whether trying again may succeed
     * @param cause the underlying failure, or {@code null}
     */
    public ConsumerException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    /**
     * Whether trying the same call again may succeed.
     *
     * @return {@code true} for a retriable failure, {@code false} for a fatal one
     */
    public boolean isRetriable() {
        return retriable;
    }
}
