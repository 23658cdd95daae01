package io.sluice.local.internal.analytics.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-application reference table: rows loaded from the reference data source, replaced whole on reload, with
 * hash indexes built on demand for equality joins. Not thread-safe: loaded and read on the application's thread.
 */
final class ReferenceTable {

    private final Relation relation;
    private List<Object[]> rows = List.of();
    private final Map<Integer, Map<Object, List<Object[]>>> indexes = new HashMap<>();

    ReferenceTable(Relation relation) {
        this.relation = relation;
    }

    Relation relation() {
        return relation;
    }

    void load(List<Object[]> newRows) {
        rows = List.copyOf(newRows);
        indexes.clear();
    }

    List<Object[]> rows() {
        return rows;
    }

    /** The rows whose column equals the value (numbers compared by value). */
    List<Object[]> lookup(int column, Object value) {
        Map<Object, List<Object[]>> index = indexes.computeIfAbsent(column, c -> {
            Map<Object, List<Object[]>> built = new HashMap<>();
            for (Object[] row : rows) {
                if (row[c] != null) {
                    built.computeIfAbsent(normal(row[c]), k -> new ArrayList<>()).add(row);
                }
            }
            return built;
        });
        return index.getOrDefault(normal(value), List.of());
    }

    /** A form under which SQL-equal values are equal Java objects. */
    private static Object normal(Object value) {
        if (value instanceof Integer i) {
            return (long) i;
        }
        if (value instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 9.0E18 ? (Object) (long) (double) d : d;
        }
        if (value instanceof java.math.BigDecimal d) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                return d.doubleValue();
            }
        }
        if (value instanceof String s) {
            return s.stripTrailing();
        }
        return value;
    }
}
