package io.sluice.local.internal.analytics.sql;

/**
 * A continuous filter and projection: rows passing WHERE become {@code [rowtime, item1, ...]}, the ROWTIME
 * carried from the input row (or given by an item selected {@code AS ROWTIME}). A row whose expressions fail goes to
 * error_stream. Not thread-safe.
 */
final class Project extends Operator {

    private final Expr where;
    private final Expr[] items;
    private final Expr rowtime;
    private final Relation input;

    /**
     * @param where the filter, or {@code null}
     * @param rowtime the item selected as ROWTIME, or {@code null}
     * @param input the shape of input rows (for error rows)
     */
    Project(Expr where, Expr[] items, Expr rowtime, Relation input) {
        this.where = where;
        this.items = items;
        this.rowtime = rowtime;
        this.input = input;
    }

    @Override
    public void accept(Object[] row) {
        Object[] out;
        try {
            if (where != null && !Boolean.TRUE.equals(where.eval(row))) {
                return;
            }
            out = project(items, rowtime, row, row[0]);
        } catch (RowException e) {
            errors.report(e, row, input);
            return;
        }
        emit(out);
    }

    /**
     * The output row {@code [rowtime, item1, ...]} of the items over a row: ROWTIME is the rowtime item's value,
     * or {@code rowtime} when there is none or it is NULL.
     */
    static Object[] project(Expr[] items, Expr rowtimeItem, Object[] row, Object rowtime) {
        Object[] out = new Object[items.length + 1];
        out[0] = rowtime;
        for (int i = 0; i < items.length; i++) {
            out[i + 1] = items[i].eval(row);
        }
        if (rowtimeItem != null) {
            Object time = rowtimeItem.eval(row);
            if (time != null) {
                out[0] = time;
            }
        }
        return out;
    }
}
