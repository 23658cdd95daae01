package io.sluice.producer;

/**
 * The producer was closed: before the record was added, or before the record could be put within the close
 * deadline. Fatal for this producer instance.
 *
 * <p>Immutable and thread-safe.
 */
public final class ProducerClosedException extends ProducerException {

    private static final long serialVersionUID = 1L;

    /** @param message what was refused */
    public ProducerClosedException(String message) {
        super(message, false);
    }
}
