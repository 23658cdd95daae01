package io.sluice.local.internal.analytics.sql;

import java.util.List;
import java.util.function.Function;

/** The building blocks of compiled expressions. Stateless; every expression is immutable. */
final class Exprs {

    private Exprs() {
    }

    record Literal(Object value, SqlType type) implements Expr {
        @Override
        public Object eval(Object[] row) {
            return value;
        }
    }

    record Column(int index, SqlType type) implements Expr {
        @Override
        public Object eval(Object[] row) {
            return row[index];
        }
    }

    /** A function of one argument that is NULL when its argument is. */
    record Unary(Expr arg, SqlType type, Function<Object, Object> fn) implements Expr {
        @Override
        public Object eval(Object[] row) {
            Object a = arg.eval(row);
            return a == null ? null : fn.apply(a);
        }
    }

    /** A function of two arguments that is NULL when either is. */
    record Binary(Expr left, Expr right, SqlType type, BinaryFn fn) implements Expr {
        @Override
        public Object eval(Object[] row) {
            Object a = left.eval(row);
            if (a == null) {
                return null;
            }
            Object b = right.eval(row);
            return b == null ? null : fn.apply(a, b);
        }
    }

    /** A function of any number of arguments that is NULL when any is. */
    record Strict(Expr[] args, SqlType type, Function<Object[], Object> fn) implements Expr {
        @Override
        public Object eval(Object[] row) {
            Object[] values = new Object[args.length];
            for (int i = 0; i < args.length; i++) {
                values[i] = args[i].eval(row);
                if (values[i] == null) {
                    return null;
                }
            }
            return fn.apply(values);
        }
    }

    /** A function that sees NULL arguments itself. */
    record Lenient(Expr[] args, SqlType type, Function<Object[], Object> fn) implements Expr {
        @Override
        public Object eval(Object[] row) {
            Object[] values = new Object[args.length];
            for (int i = 0; i < args.length; i++) {
                values[i] = args[i].eval(row);
            }
            return fn.apply(values);
        }
    }

    @FunctionalInterface
    interface BinaryFn {
        Object apply(Object a, Object b);
    }

    /** Three-valued AND, evaluating from the left and stopping at the first FALSE. */
    record And(List<Expr> args) implements Expr {
        @Override
        public Object eval(Object[] row) {
            boolean unknown = false;
            for (Expr arg : args) {
                Object v = arg.eval(row);
                if (v == null) {
                    unknown = true;
                } else if (!(Boolean) v) {
                    return Boolean.FALSE;
                }
            }
            return unknown ? null : Boolean.TRUE;
        }

        @Override
        public SqlType type() {
            return SqlType.BOOLEAN;
        }
    }

    /** Three-valued OR, evaluating from the left and stopping at the first TRUE. */
    record Or(List<Expr> args) implements Expr {
        @Override
        public Object eval(Object[] row) {
            boolean unknown = false;
            for (Expr arg : args) {
                Object v = arg.eval(row);
                if (v == null) {
                    unknown = true;
                } else if ((Boolean) v) {
                    return Boolean.TRUE;
                }
            }
            return unknown ? null : Boolean.FALSE;
        }

        @Override
        public SqlType type() {
            return SqlType.BOOLEAN;
        }
    }

    /** CASE WHEN c1 THEN v1 ... ELSE e END (conditions already compiled; simple CASE becomes comparisons). */
    record Case(Expr[] conditions, Expr[] values, Expr otherwise, SqlType type) implements Expr {
        @Override
        public Object eval(Object[] row) {
            for (int i = 0; i < conditions.length; i++) {
                if (Boolean.TRUE.equals(conditions[i].eval(row))) {
                    return values[i].eval(row);
                }
            }
            return otherwise == null ? null : otherwise.eval(row);
        }
    }

    /** A conversion to a type. */
    record Cast(Expr arg, SqlType type) implements Expr {
        @Override
        public Object eval(Object[] row) {
            Object v = arg.eval(row);
            if (v == null) {
                return null;
            }
            if (type.character()) {
                return type.coerce(Values.toText(v, arg.type()));
            }
            return type.coerce(v);
        }
    }
}
