package io.sluice.local.internal.analytics.sql;

/**
 * One step of a pump's pipeline: takes rows, pushes rows downstream. Windowed steps also close windows when time
 * moves on ({@link #advance}). Not thread-safe: an application's pipeline runs on one thread.
 */
abstract class Operator implements RowSink {

    protected RowSink next;
    protected ErrorSink errors;

    void connect(RowSink next, ErrorSink errors) {
        this.next = next;
        this.errors = errors;
    }

    /** Time (the backend's clock, epoch milliseconds) moved to {@code now}: close windows that ended. */
    void advance(long now) {
    }

    /** The ROWTIME of the oldest input row whose effect has not been emitted yet, or {@link Long#MAX_VALUE}. */
    long heldSince() {
        return Long.MAX_VALUE;
    }

    /** Pushes a row downstream, sending it to error_stream instead if a later step cannot process it. */
    protected void emit(Object[] row) {
        next.accept(row);
    }
}
