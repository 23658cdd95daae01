package io.sluice.local.internal.analytics.sql;

/**
 * The INSERT INTO end of a pump: maps the query's items by position onto the target stream's columns (all of them,
 * or those listed), converting each to its column's type, and inserts the row. A value that does not convert sends
 * the row to error_stream. Not thread-safe.
 */
final class Insert extends Operator {

    private final InAppStream target;
    private final int[] columns;
    private final Relation source;

    /** @param columns for each query item, the target column it fills */
    Insert(InAppStream target, int[] columns, Relation source) {
        this.target = target;
        this.columns = columns;
        this.source = source;
    }

    @Override
    public void accept(Object[] row) {
        Relation shape = target.relation();
        Object[] out = new Object[shape.columns().size()];
        out[0] = row[0];
        try {
            for (int i = 0; i < columns.length; i++) {
                out[columns[i]] = shape.columns().get(columns[i]).type().coerce(row[i + 1]);
            }
        } catch (RowException e) {
            errors.report(e, row, source);
            return;
        }
        target.accept(out);
    }
}
