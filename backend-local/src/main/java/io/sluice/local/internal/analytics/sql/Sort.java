package io.sluice.local.internal.analytics.sql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A streaming ORDER BY: the first key depends only on ROWTIME, so rows with the same first key are held until it
 * changes (by a row or by the clock), then sorted by the other keys and let go. Not thread-safe.
 */
final class Sort extends Operator {

    private final Expr[] keys;
    private final List<Boolean> descending;
    private final int width;
    private final List<Object[]> held = new ArrayList<>();
    private Object current;
    private boolean holding;
    private long heldSince = Long.MAX_VALUE;

    Sort(Expr[] keys, List<Boolean> descending, int width) {
        this.keys = keys;
        this.descending = descending;
        this.width = width;
    }

    @Override
    public void accept(Object[] row) {
        Object lead;
        try {
            lead = keys[0].eval(row);
        } catch (RowException e) {
            errors.report(e, row, null);
            return;
        }
        if (holding && !java.util.Objects.equals(current, lead)) {
            flush();
        }
        heldSince = Math.min(heldSince, origin.get());
        holding = true;
        current = lead;
        held.add(row);
    }

    @Override
    void advance(long now) {
        if (held.isEmpty()) {
            return;
        }
        Object[] probe = new Object[width];
        probe[0] = now;
        Object lead;
        try {
            lead = keys[0].eval(probe);
        } catch (RowException e) {
            return;
        }
        if (!java.util.Objects.equals(current, lead)) {
            flush();
        }
    }

    @Override
    long heldSince() {
        return held.isEmpty() ? Long.MAX_VALUE : heldSince;
    }

    private void flush() {
        List<Object[]> rows = new ArrayList<>(held);
        long since = heldSince;
        held.clear();
        current = null;
        holding = false;
        heldSince = Long.MAX_VALUE;
        Comparator<Object[]> order = (a, b) -> 0;
        for (int i = 1; i < keys.length; i++) {
            Expr key = keys[i];
            boolean desc = descending.get(i);
            Comparator<Object[]> next = (a, b) -> {
                Object x = key.eval(a);
                Object y = key.eval(b);
                int c = x == null ? (y == null ? 0 : -1) : y == null ? 1 : Arithmetic.compare(x, y);
                return desc ? -c : c;
            };
            order = order.thenComparing(next);
        }
        try {
            rows.sort(order);
        } catch (RowException e) {
            errors.report(e, null, null);
        }
        for (Object[] row : rows) {
            emitHeld(row, since);
        }
    }
}
