package io.sluice.producer;

/**
 * A user record Kinesis would refuse: an empty or too long partition key, an explicit hash key that is not a
 * decimal number below 2^128, data too large, a malformed stream name. The record was not buffered. Fatal.
 *
 * <p>Immutable and thread-safe.
 */
public final class InvalidUserRecordException extends ProducerException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the record */
    public InvalidUserRecordException(String message) {
        super(message, false);
    }
}
