package io.sluice.local.internal.analytics.sql;

import java.util.List;

/**
 * A stream joined with a reference table ({@code JOIN} or {@code LEFT JOIN ... ON}): each stream row goes on once
 * per matching table row, as {@code [stream columns.., table columns..]}; with LEFT, a row without a match goes on
 * with NULL table columns. An equality between a stream expression and a table column is looked up in a hash index;
 * the rest of the condition is checked row by row. Not thread-safe.
 */
final class ReferenceJoin extends Operator {

    private final ReferenceTable table;
    private final int streamWidth;
    private final Expr probe;
    private final int tableColumn;
    private final Expr condition;
    private final boolean left;
    private final Relation input;

    /**
     * @param probe the stream side of an equality with a table column, or {@code null} to scan the table
     * @param tableColumn that table column
     * @param condition the whole ON condition, over joined rows
     */
    ReferenceJoin(ReferenceTable table, int streamWidth, Expr probe, int tableColumn, Expr condition, boolean left,
            Relation input) {
        this.table = table;
        this.streamWidth = streamWidth;
        this.probe = probe;
        this.tableColumn = tableColumn;
        this.condition = condition;
        this.left = left;
        this.input = input;
    }

    @Override
    public void accept(Object[] row) {
        int tableWidth = table.relation().columns().size();
        boolean matched = false;
        try {
            List<Object[]> candidates;
            if (probe != null) {
                Object value = probe.eval(row);
                candidates = value == null ? List.of() : table.lookup(tableColumn, value);
            } else {
                candidates = table.rows();
            }
            for (Object[] tableRow : candidates) {
                Object[] joined = new Object[streamWidth + tableWidth];
                System.arraycopy(row, 0, joined, 0, streamWidth);
                System.arraycopy(tableRow, 0, joined, streamWidth, tableWidth);
                if (condition == null || Boolean.TRUE.equals(condition.eval(joined))) {
                    matched = true;
                    emit(joined);
                }
            }
        } catch (RowException e) {
            errors.report(e, row, input);
            return;
        }
        if (!matched && left) {
            Object[] joined = new Object[streamWidth + tableWidth];
            System.arraycopy(row, 0, joined, 0, streamWidth);
            emit(joined);
        }
    }
}
