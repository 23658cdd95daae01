package io.sluice.local.internal.analytics.sql;

/**
 * A compiled scalar expression over one row ({@code Object[]}, the layout its {@link Scope} gave). Evaluation
 * throws {@link RowException} for rows it cannot evaluate. Implementations are immutable and thread-safe.
 */
public interface Expr {

    Object eval(Object[] row);

    /** The static type of the result. */
    SqlType type();

    /** A constant of a type. */
    static Expr literal(Object value, SqlType type) {
        return new Exprs.Literal(value, type);
    }

    /** Column {@code index} of the row. */
    static Expr column(int index, SqlType type) {
        return new Exprs.Column(index, type);
    }
}
