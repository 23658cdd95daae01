package io.sluice.local.internal.analytics.sql;

import java.util.Arrays;

/** The values of a group's or partition's key expressions, compared by value (NULLs equal each other). Immutable. */
final class GroupKey {

    private final Object[] values;
    private final int hash;

    GroupKey(Object[] values) {
        this.values = values;
        this.hash = Arrays.hashCode(values);
    }

    static GroupKey of(Expr[] exprs, Object[] row) {
        Object[] values = new Object[exprs.length];
        for (int i = 0; i < exprs.length; i++) {
            values[i] = exprs[i].eval(row);
        }
        return new GroupKey(values);
    }

    Object[] values() {
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GroupKey key && hash == key.hash && Arrays.equals(values, key.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
