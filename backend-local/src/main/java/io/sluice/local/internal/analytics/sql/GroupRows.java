package io.sluice.local.internal.analytics.sql;

/**
 * What tumbling and stagger windows share: the aggregates of a group (fed from input rows that pass WHERE), and
 * the output row of a closed group, made from a group row {@code [time, key1.., agg1..]} by HAVING and the SELECT
 * items. Immutable; the accumulators it makes are not thread-safe.
 */
final class GroupRows {

    private final Expr where;
    private final Aggregates.Spec[] aggregates;
    private final Expr having;
    private final Expr[] items;
    private final Relation groupShape;

    GroupRows(Expr where, Aggregates.Spec[] aggregates, Expr having, Expr[] items, Relation groupShape) {
        this.where = where;
        this.aggregates = aggregates;
        this.having = having;
        this.items = items;
        this.groupShape = groupShape;
    }

    /** Whether a row passes WHERE. */
    boolean passes(Object[] row) {
        return where == null || Boolean.TRUE.equals(where.eval(row));
    }

    /** The values a row feeds to each aggregate. */
    Object[] inputs(Object[] row) {
        Object[] values = new Object[aggregates.length];
        for (int i = 0; i < aggregates.length; i++) {
            values[i] = aggregates[i].input(row);
        }
        return values;
    }

    Accumulator[] fresh() {
        Accumulator[] accumulators = new Accumulator[aggregates.length];
        for (int i = 0; i < aggregates.length; i++) {
            accumulators[i] = aggregates[i].factory().get();
        }
        return accumulators;
    }

    static void add(Accumulator[] accumulators, Object[] values) {
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i].add(values[i]);
        }
    }

    /**
     * The output row of a closed group, or {@code null} when HAVING drops it or it fails (then it is in
     * error_stream).
     */
    Object[] finish(long time, Object[] keyValues, Accumulator[] accumulators, ErrorSink errors) {
        Object[] groupRow = new Object[1 + keyValues.length + accumulators.length];
        groupRow[0] = time;
        System.arraycopy(keyValues, 0, groupRow, 1, keyValues.length);
        Object[] out = new Object[items.length + 1];
        try {
            for (int i = 0; i < accumulators.length; i++) {
                groupRow[1 + keyValues.length + i] = accumulators[i].result();
            }
            if (having != null && !Boolean.TRUE.equals(having.eval(groupRow))) {
                return null;
            }
            out[0] = time;
            for (int i = 0; i < items.length; i++) {
                out[i + 1] = items[i].eval(groupRow);
            }
        } catch (RowException e) {
            errors.report(e, groupRow, groupShape);
            return null;
        } catch (RuntimeException e) {
            errors.report(Operator.internal(e), groupRow, groupShape);
            return null;
        }
        return out;
    }
}
