package io.sluice.local.internal.analytics.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A streaming GROUP BY: a tumbling window per value of the monotonic (ROWTIME-based) group expressions, one group
 * per value of the others. A window closes when a row, or the clock, gives the monotonic expressions a new value;
 * then each group emits one row (in the order the groups began) with ROWTIME the first instant of the next window,
 * the window's end. Group rows are laid out {@code [windowEnd, key1.., agg1..]} for the SELECT items and HAVING.
 * Not thread-safe.
 */
final class TumblingAggregate extends Operator {

    private final Expr[] keys;
    private final Expr[] timeKeys;
    private final GroupRows rows;
    private final Relation input;
    private final int width;

    private final Map<GroupKey, Accumulator[]> groups = new LinkedHashMap<>();
    private GroupKey window;
    private long windowOrigin = Long.MAX_VALUE;
    private long lastRowtime;

    /**
     * @param keys all GROUP BY expressions, in order
     * @param monotonic which of them depend only on ROWTIME (together they are the window)
     * @param width the width of input rows
     */
    TumblingAggregate(Expr[] keys, boolean[] monotonic, GroupRows rows, Relation input, int width) {
        this.keys = keys;
        List<Expr> time = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            if (monotonic[i]) {
                time.add(keys[i]);
            }
        }
        this.timeKeys = time.toArray(Expr[]::new);
        this.rows = rows;
        this.input = input;
        this.width = width;
    }

    @Override
    public void accept(Object[] row) {
        GroupKey key;
        GroupKey time;
        Object[] values;
        try {
            if (!rows.passes(row)) {
                return;
            }
            time = GroupKey.of(timeKeys, row);
            key = GroupKey.of(keys, row);
            values = rows.inputs(row);
        } catch (RowException e) {
            errors.report(e, row, input);
            return;
        }
        long rowtime = (Long) row[0];
        if (window != null && !window.equals(time)) {
            close(rowtime);
        }
        if (window == null) {
            window = time;
        }
        windowOrigin = Math.min(windowOrigin, origin.get());
        lastRowtime = rowtime;
        Accumulator[] accumulators = groups.computeIfAbsent(key, k -> rows.fresh());
        try {
            GroupRows.add(accumulators, values);
        } catch (RowException e) {
            errors.report(e, row, input);
        }
    }

    @Override
    void advance(long now) {
        if (window != null && now > lastRowtime && !window.equals(timeAt(now))) {
            close(now);
        }
    }

    @Override
    long heldSince() {
        return window == null ? Long.MAX_VALUE : windowOrigin;
    }

    private GroupKey timeAt(long rowtime) {
        Object[] probe = new Object[width];
        probe[0] = rowtime;
        return GroupKey.of(timeKeys, probe);
    }

    /** Emits every group of the window, which ended at or before {@code upper}. */
    private void close(long upper) {
        long end = end(upper);
        List<Map.Entry<GroupKey, Accumulator[]>> closing = new ArrayList<>(groups.entrySet());
        long held = windowOrigin;
        groups.clear();
        window = null;
        windowOrigin = Long.MAX_VALUE;
        for (Map.Entry<GroupKey, Accumulator[]> group : closing) {
            Object[] out = rows.finish(end, group.getKey().values(), group.getValue(), errors);
            if (out != null) {
                emitHeld(out, held);
            }
        }
    }

    /** The first instant after the last row at which the window's key changes: the window's end. */
    private long end(long upper) {
        long lo = lastRowtime;
        long hi = upper;
        GroupKey current = timeAt(lo);
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (timeAt(mid).equals(current)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }
}
