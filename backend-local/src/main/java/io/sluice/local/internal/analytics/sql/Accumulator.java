package io.sluice.local.internal.analytics.sql;

/**
 * The running state of one aggregate function over one group or window. NULL inputs are ignored (COUNT(*) is fed
 * a non-null marker per row). Sliding windows also {@link #remove} values that leave the window. Not thread-safe.
 */
public interface Accumulator {

    void add(Object value);

    /** Takes back a value added before (sliding windows). */
    void remove(Object value);

    /** The aggregate of what was added and not removed; NULL (or 0 for COUNT) over nothing. */
    Object result();
}
