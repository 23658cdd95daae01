package io.sluice.local.internal.analytics.sql;

/**
 * A row that cannot be processed (a value that does not fit its type, a division by zero): the row goes to
 * {@code error_stream} under {@link #errorName()}, and the application goes on. Carries no stack trace. Immutable.
 */
public final class RowException extends RuntimeException {

    private final String errorName;

    public RowException(String errorName, String message) {
        super(message, null, false, false);
        this.errorName = errorName;
    }

    /** The ERROR_NAME column of the error row. */
    public String errorName() {
        return errorName;
    }
}
