package io.sluice.local.internal.analytics.sql;

/** Takes rows pushed by an upstream operator or stream. Implementations are not thread-safe. */
@FunctionalInterface
public interface RowSink {

    void accept(Object[] row);
}
