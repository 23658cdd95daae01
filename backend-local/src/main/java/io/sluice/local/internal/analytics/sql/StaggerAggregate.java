package io.sluice.local.internal.analytics.sql;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code WINDOWED BY STAGGER(PARTITION BY k.. RANGE INTERVAL 'n' unit)}: a window per partition key that opens
 * with the first row of that key and closes the interval later (measured in ROWTIME, from the clock), emitting one
 * row with ROWTIME open + interval. A row of a key whose window has closed opens a new one. Group rows are laid out
 * {@code [closeTime, key1.., agg1..]}. Not thread-safe.
 */
final class StaggerAggregate extends Operator {

    private final Expr[] keys;
    private final long range;
    private final GroupRows rows;
    private final Relation input;
    /** Open windows in the order they opened, which is the order they close. */
    private final Map<GroupKey, Window> open = new LinkedHashMap<>();

    private static final class Window {
        final long opened;
        final Accumulator[] accumulators;
        long origin = Long.MAX_VALUE;

        Window(long opened, Accumulator[] accumulators) {
            this.opened = opened;
            this.accumulators = accumulators;
        }
    }

    StaggerAggregate(Expr[] keys, long range, GroupRows rows, Relation input) {
        this.keys = keys;
        this.range = range;
        this.rows = rows;
        this.input = input;
    }

    @Override
    public void accept(Object[] row) {
        GroupKey key;
        Object[] values;
        try {
            if (!rows.passes(row)) {
                return;
            }
            key = GroupKey.of(keys, row);
            values = rows.inputs(row);
        } catch (RowException e) {
            errors.report(e, row, input);
            return;
        }
        long rowtime = (Long) row[0];
        closeUpTo(rowtime);
        Window window = open.get(key);
        if (window == null) {
            window = new Window(rowtime, rows.fresh());
            open.put(key, window);
        }
        window.origin = Math.min(window.origin, origin.get());
        try {
            GroupRows.add(window.accumulators, values);
        } catch (RowException e) {
            errors.report(e, row, input);
        }
    }

    @Override
    void advance(long now) {
        closeUpTo(now);
    }

    @Override
    long heldSince() {
        long oldest = Long.MAX_VALUE;
        for (Window window : open.values()) {
            oldest = Math.min(oldest, window.origin);
        }
        return oldest;
    }

    /** Emits the windows whose age reached the interval by {@code now}. */
    private void closeUpTo(long now) {
        List<Map.Entry<GroupKey, Window>> closing = new ArrayList<>();
        Iterator<Map.Entry<GroupKey, Window>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<GroupKey, Window> entry = it.next();
            if (entry.getValue().opened + range > now) {
                break;
            }
            closing.add(entry);
            it.remove();
        }
        for (Map.Entry<GroupKey, Window> entry : closing) {
            emitWindow(entry.getKey(), entry.getValue());
        }
    }

    private void emitWindow(GroupKey key, Window window) {
        Object[] out = rows.finish(window.opened + range, key.values(), window.accumulators, errors);
        if (out != null) {
            emitHeld(out, window.origin);
        }
    }
}
