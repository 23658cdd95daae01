package io.sluice.producer;

/**
 * The producer's buffer stayed full for the whole time the caller agreed to wait: the record was not taken.
 * This is the producer's back-pressure; it is retriable, and nothing else is affected.
 *
 * <p>Immutable and thread-safe.
 */
public final class BufferFullException extends ProducerException {

    private static final long serialVersionUID = 1L;

    /** @param message how long it waited, and for how much room */
    public BufferFullException(String message) {
        super(message, true);
    }
}
