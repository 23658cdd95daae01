package io.sluice.local.internal.analytics.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code TOP_K_ITEMS_TUMBLING(CURSOR(...), 'column', k, seconds)}: counts the values of a column in tumbling windows
 * of the given seconds (aligned to the epoch, like STEP) and, when a window ends, emits up to k rows
 * {@code [windowEnd, ITEM, ITEM_COUNT]}, the most frequent first (ties in the order the values were first seen).
 * Counts are exact (AWS's are approximate). Not thread-safe.
 */
final class TopKItems extends Operator {

    private final int column;
    private final SqlType type;
    private final int k;
    private final long size;
    private final Map<Object, long[]> counts = new LinkedHashMap<>();
    private long window = Long.MIN_VALUE;
    private long windowOrigin = Long.MAX_VALUE;

    TopKItems(int column, SqlType type, int k, long sizeMillis) {
        this.column = column;
        this.type = type;
        this.k = k;
        this.size = sizeMillis;
    }

    /** The output shape. */
    static Relation relation(String name) {
        return Relation.stream(name, List.of(new Column("ITEM", SqlType.varchar(1024)),
                new Column("ITEM_COUNT", SqlType.BIGINT)));
    }

    @Override
    public void accept(Object[] row) {
        long rowtime = (Long) row[0];
        long start = TimeUnits.step(rowtime, size);
        if (window != Long.MIN_VALUE && start != window) {
            close();
        }
        window = start;
        windowOrigin = Math.min(windowOrigin, origin.get());
        Object value = row[column];
        if (value != null) {
            counts.computeIfAbsent(value, v -> new long[1])[0]++;
        }
    }

    @Override
    void advance(long now) {
        if (window != Long.MIN_VALUE && now >= window + size) {
            close();
        }
    }

    @Override
    long heldSince() {
        return window == Long.MIN_VALUE ? Long.MAX_VALUE : windowOrigin;
    }

    private void close() {
        long end = window + size;
        List<Map.Entry<Object, long[]>> entries = new ArrayList<>(counts.entrySet());
        counts.clear();
        window = Long.MIN_VALUE;
        long held = windowOrigin;
        windowOrigin = Long.MAX_VALUE;
        entries.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        for (int i = 0; i < Math.min(k, entries.size()); i++) {
            Map.Entry<Object, long[]> e = entries.get(i);
            emitHeld(new Object[] {end, SqlType.varchar(1024).coerce(Values.toText(e.getKey(), type)),
                e.getValue()[0]}, held);
        }
    }
}
