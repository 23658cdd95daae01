package io.sluice.local.internal.analytics.sql;

/**
 * The source time of what is flowing through an application's pumps: the ROWTIME of the input row being
 * pushed, or, while a window emits, the oldest input ROWTIME that went into it. Windows remember the oldest origin
 * they hold, so what the source may commit is known in source time even through chained windows (whose rows carry
 * later ROWTIMEs). One per application; not thread-safe.
 */
final class Origin {

    private long value = Long.MAX_VALUE;

    long get() {
        return value;
    }

    void set(long value) {
        this.value = value;
    }
}
