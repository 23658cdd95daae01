package io.sluice.local.internal.analytics.sql;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Analytic functions over sliding windows ({@code OVER w}): one output row per input row, computed over the rows of
 * its partition that arrived before it and itself. A RANGE window keeps rows whose ROWTIME is at least the current
 * ROWTIME minus the interval (both ends included, as SQL:2008 and AWS's reference say); a ROWS n window keeps the n
 * rows before the current one. Results are appended to the input row as extra columns for the SELECT items.
 * Not thread-safe.
 */
final class SlidingWindow extends Operator {

    /** How often idle partitions of RANGE windows are purged of expired rows. */
    private static final long PURGE_MILLIS = 10_000;

    /** A window: its partition keys and its extent (a range in milliseconds, or a row count). */
    record Spec(Expr[] partition, long range, long rows) {
        boolean ranged() {
            return range >= 0;
        }
    }

    /** A function over a window: an aggregate, or LAG. */
    record Call(int window, Aggregates.Spec aggregate, Expr lagValue, int lagOffset, Expr lagDefault,
            boolean ignoreNulls) {

        Object input(Object[] row) {
            return aggregate != null ? aggregate.input(row) : lagValue.eval(row);
        }
    }

    private static final class Entry {
        final long rowtime;
        final Object[] inputs;

        Entry(long rowtime, Object[] inputs) {
            this.rowtime = rowtime;
            this.inputs = inputs;
        }
    }

    private static final class Partition {
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
        final Accumulator[] accumulators;

        Partition(Accumulator[] accumulators) {
            this.accumulators = accumulators;
        }
    }

    private final Expr where;
    private final Spec[] windows;
    private final Call[] calls;
    private final int[][] callsOf;
    private final Expr[] items;
    private final Expr rowtimeItem;
    private final Relation input;
    private final int width;
    private final List<Map<GroupKey, Partition>> partitions;
    private long lastPurge = Long.MIN_VALUE;

    SlidingWindow(Expr where, Spec[] windows, Call[] calls, Expr[] items, Expr rowtime, Relation input,
            int width) {
        this.where = where;
        this.windows = windows;
        this.calls = calls;
        this.items = items;
        this.rowtimeItem = rowtime;
        this.input = input;
        this.width = width;
        this.callsOf = new int[windows.length][];
        this.partitions = new java.util.ArrayList<>();
        for (int w = 0; w < windows.length; w++) {
            int wi = w;
            callsOf[w] = java.util.stream.IntStream.range(0, calls.length).filter(i -> calls[i].window() == wi)
                    .toArray();
            partitions.add(new HashMap<>());
        }
    }

    @Override
    public void accept(Object[] row) {
        Object[] extended = java.util.Arrays.copyOf(row, width + calls.length);
        long rowtime = (Long) row[0];
        GroupKey[] keys = new GroupKey[windows.length];
        Object[][] inputs = new Object[windows.length][];
        try {
            if (where != null && !Boolean.TRUE.equals(where.eval(row))) {
                return;
            }
            for (int w = 0; w < windows.length; w++) {
                keys[w] = GroupKey.of(windows[w].partition(), row);
                int[] mine = callsOf[w];
                inputs[w] = new Object[mine.length];
                for (int j = 0; j < mine.length; j++) {
                    inputs[w][j] = calls[mine[j]].input(row);
                }
            }
        } catch (RowException e) {
            errors.report(e, row, input);
            return;
        }
        for (int w = 0; w < windows.length; w++) {
            slide(w, keys[w], rowtime, inputs[w], extended);
        }
        Object[] out;
        try {
            out = Project.project(items, rowtimeItem, extended, row[0]);
        } catch (RowException e) {
            errors.report(e, row, input);
            return;
        }
        emit(out);
    }

    private void slide(int w, GroupKey key, long rowtime, Object[] values, Object[] extended) {
        Spec spec = windows[w];
        int[] mine = callsOf[w];
        Partition partition = partitions.get(w).get(key);
        if (partition == null) {
            Accumulator[] accumulators = new Accumulator[mine.length];
            for (int j = 0; j < mine.length; j++) {
                Aggregates.Spec aggregate = calls[mine[j]].aggregate();
                accumulators[j] = aggregate == null ? null : aggregate.factory().get();
            }
            partition = new Partition(accumulators);
            partitions.get(w).put(key, partition);
        }
        if (spec.ranged()) {
            expire(partition, rowtime - spec.range());
        }
        for (int j = 0; j < mine.length; j++) {
            Call call = calls[mine[j]];
            if (call.aggregate() == null) {
                extended[width + mine[j]] = lag(partition, j, call, extended,
                        spec.ranged() ? Long.MAX_VALUE : spec.rows());
            }
        }
        partition.entries.addLast(new Entry(rowtime, values));
        for (int j = 0; j < mine.length; j++) {
            if (partition.accumulators[j] != null) {
                partition.accumulators[j].add(values[j]);
            }
        }
        if (!spec.ranged()) {
            while (partition.entries.size() > spec.rows() + 1) {
                remove(partition, partition.entries.pollFirst());
            }
        }
        for (int j = 0; j < mine.length; j++) {
            if (partition.accumulators[j] != null) {
                extended[width + mine[j]] = partition.accumulators[j].result();
            }
        }
    }

    /** The value {@code call.lagOffset()} rows back in the window, or the default when the window is shorter. */
    private static Object lag(Partition partition, int j, Call call, Object[] row, long limit) {
        int back = call.lagOffset();
        if (back == 0) {
            return row[0] == null ? null : call.lagValue().eval(row);
        }
        Iterator<Entry> it = partition.entries.descendingIterator();
        long seen = 0;
        while (it.hasNext() && seen++ < limit) {
            Object v = it.next().inputs[j];
            if (call.ignoreNulls() && v == null) {
                continue;
            }
            if (--back == 0) {
                return v;
            }
        }
        return call.lagDefault() == null ? null : call.lagDefault().eval(row);
    }

    private void expire(Partition partition, long oldest) {
        while (!partition.entries.isEmpty() && partition.entries.peekFirst().rowtime < oldest) {
            remove(partition, partition.entries.pollFirst());
        }
    }

    private void remove(Partition partition, Entry entry) {
        for (int j = 0; j < partition.accumulators.length; j++) {
            if (partition.accumulators[j] != null) {
                partition.accumulators[j].remove(entry.inputs[j]);
            }
        }
    }

    @Override
    void advance(long now) {
        if (now - lastPurge < PURGE_MILLIS) {
            return;
        }
        lastPurge = now;
        for (int w = 0; w < windows.length; w++) {
            if (!windows[w].ranged()) {
                continue;
            }
            Iterator<Partition> it = partitions.get(w).values().iterator();
            while (it.hasNext()) {
                Partition partition = it.next();
                expire(partition, now - windows[w].range());
                if (partition.entries.isEmpty()) {
                    it.remove();
                }
            }
        }
    }
}
