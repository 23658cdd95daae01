package io.sluice.local.internal.analytics.sql;

/**
 * A named, typed column of an in-application stream or table. Names are as SQL resolves them: unquoted names
 * upper-cased, quoted names kept. Immutable.
 */
public record Column(String name, SqlType type) {
}
