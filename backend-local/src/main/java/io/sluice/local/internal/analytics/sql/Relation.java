package io.sluice.local.internal.analytics.sql;

import java.util.List;

/**
 * The shape of an in-application stream or a reference table. A stream's first column is always {@code ROWTIME}
 * (TIMESTAMP), so row {@code r} of a stream has its ROWTIME in {@code r[0]}. Immutable.
 *
 * @param name the name SQL uses
 * @param columns the columns in row order
 * @param stream whether it is a stream (with ROWTIME) or a table
 */
public record Relation(String name, List<Column> columns, boolean stream) {

    public static final String ROWTIME = "ROWTIME";

    public Relation {
        columns = List.copyOf(columns);
    }

    /** A stream of these columns, ROWTIME added in front. */
    public static Relation stream(String name, List<Column> columns) {
        List<Column> all = new java.util.ArrayList<>(columns.size() + 1);
        all.add(new Column(ROWTIME, SqlType.TIMESTAMP));
        all.addAll(columns);
        return new Relation(name, all, true);
    }

    /** The index of a column, or -1. */
    public int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        return -1;
    }

    /** The columns a query sees with {@code *}: all but ROWTIME. */
    public List<Column> visibleColumns() {
        return stream ? columns.subList(1, columns.size()) : columns;
    }
}
