package io.sluice.local.internal.analytics.sql;

import java.util.List;

/**
 * The shape of an in-application stream or a reference table. A stream's first column is always {@code ROWTIME}
 * (TIMESTAMP), so row {@code r} of a stream has its ROWTIME in {@code r[0]}; an input stream also has
 * {@code APPROXIMATE_ARRIVAL_TIME} second. These system columns are read by name but are not part of {@code *}.
 * Immutable.
 *
 * @param name the name SQL uses
 * @param columns the columns in row order
 * @param system how many leading columns are system columns (not in {@code *})
 */
public record Relation(String name, List<Column> columns, int system) {

    public static final String ROWTIME = "ROWTIME";
    public static final String ARRIVAL = "APPROXIMATE_ARRIVAL_TIME";

    public Relation {
        columns = List.copyOf(columns);
    }

    /** A table of these columns. */
    public static Relation table(String name, List<Column> columns) {
        return new Relation(name, columns, 0);
    }

    /** A stream of these columns, ROWTIME added in front. */
    public static Relation stream(String name, List<Column> columns) {
        List<Column> all = new java.util.ArrayList<>(columns.size() + 1);
        all.add(new Column(ROWTIME, SqlType.TIMESTAMP));
        all.addAll(columns);
        return new Relation(name, all, 1);
    }

    /** An input stream of these columns: ROWTIME and APPROXIMATE_ARRIVAL_TIME added in front. */
    public static Relation input(String name, List<Column> columns) {
        List<Column> all = new java.util.ArrayList<>(columns.size() + 2);
        all.add(new Column(ROWTIME, SqlType.TIMESTAMP));
        all.add(new Column(ARRIVAL, SqlType.TIMESTAMP));
        all.addAll(columns);
        return new Relation(name, all, 2);
    }

    /** Whether it is a stream (ROWTIME first) rather than a table. */
    public boolean stream() {
        return system > 0;
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

    /** The columns a query sees with {@code *}: all but the system columns. */
    public List<Column> visibleColumns() {
        return columns.subList(system, columns.size());
    }
}
