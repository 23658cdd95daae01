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

    private final boolean retriable;

    public ConsumerException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    public boolean isRetriable() {
        return retriable;
    }
}
