package io.sluice.local.internal.analytics.sql;

/**
 * One step of a pump's pipeline: takes rows, pushes rows downstream. Windowed steps also close windows when time
 * moves on ({@link #advance}). Not thread-safe: an application's pipeline runs on one thread.
 */
abstract class Operator implements RowSink {

    protected RowSink next;
    protected ErrorSink errors;
    protected Origin origin;

    void connect(RowSink next, ErrorSink errors, Origin origin) {
        this.next = next;
        this.errors = errors;
        this.origin = origin;
    }

    /** Time (the backend's clock, epoch milliseconds) moved to {@code now}: close windows that ended. */
    void advance(long now) {
    }

    /**
     * The source time ({@link Origin}) of the oldest input row whose effect has not been emitted yet, or
     * {@link Long#MAX_VALUE}.
     */
    long heldSince() {
        return Long.MAX_VALUE;
    }

    /**
     * Pushes a row downstream. A failure further down that is not a row error (a bug) goes to error_stream as
     * an internal error instead of stopping the rows that follow.
     */
    protected void emit(Object[] row) {
        try {
            next.accept(row);
        } catch (RowException e) {
            errors.report(e, row, null);
        } catch (RuntimeException e) {
            errors.report(internal(e), row, null);
        }
    }

    /** Pushes rows a window held, with the window's oldest source time as their origin. */
    protected void emitHeld(Object[] row, long heldOrigin) {
        long previous = origin.get();
        origin.set(heldOrigin);
        try {
            emit(row);
        } finally {
            origin.set(previous);
        }
    }

    static RowException internal(RuntimeException e) {
        return new RowException("Internal error", e.toString());
    }
}
