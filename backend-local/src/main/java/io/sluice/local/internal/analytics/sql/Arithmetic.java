package io.sluice.local.internal.analytics.sql;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Arithmetic and comparison with SQL's numeric promotion: any approximate operand makes the result DOUBLE, else
 * any DECIMAL makes it DECIMAL, else any BIGINT makes it BIGINT, else INTEGER. Integer overflow and division by
 * zero are row errors. Timestamps and intervals (both milliseconds) add and subtract as numbers. Stateless.
 */
public final class Arithmetic {

    /** The ERROR_NAME of a division by zero. */
    public static final String DIVISION_BY_ZERO = "Division by zero";
    /** The ERROR_NAME of an integer result out of range. */
    public static final String OVERFLOW = "Numeric overflow";

    private Arithmetic() {
    }

    /** The kind of arithmetic for two operand types. */
    public static SqlType promote(SqlType a, SqlType b) {
        SqlType.Kind x = a.kind();
        SqlType.Kind y = b.kind();
        if (x == SqlType.Kind.NULL) {
            return b;
        }
        if (y == SqlType.Kind.NULL) {
            return a;
        }
        if (x == SqlType.Kind.REAL || x == SqlType.Kind.DOUBLE || y == SqlType.Kind.REAL
                || y == SqlType.Kind.DOUBLE) {
            return SqlType.DOUBLE;
        }
        if (x == SqlType.Kind.DECIMAL || y == SqlType.Kind.DECIMAL) {
            return SqlType.decimal(0, 0);
        }
        if (x == SqlType.Kind.BIGINT || y == SqlType.Kind.BIGINT || a.temporal() || b.temporal()
                || x == SqlType.Kind.INTERVAL || y == SqlType.Kind.INTERVAL) {
            return SqlType.BIGINT;
        }
        return SqlType.INTEGER;
    }

    static Object add(Object a, Object b, SqlType.Kind kind) {
        return switch (kind) {
            case DOUBLE -> ((Number) a).doubleValue() + ((Number) b).doubleValue();
            case DECIMAL -> decimal(a).add(decimal(b));
            case BIGINT -> exact(() -> Math.addExact(((Number) a).longValue(), ((Number) b).longValue()));
            default -> exactInt(((Number) a).longValue() + ((Number) b).longValue());
        };
    }

    static Object subtract(Object a, Object b, SqlType.Kind kind) {
        return switch (kind) {
            case DOUBLE -> ((Number) a).doubleValue() - ((Number) b).doubleValue();
            case DECIMAL -> decimal(a).subtract(decimal(b));
            case BIGINT -> exact(() -> Math.subtractExact(((Number) a).longValue(), ((Number) b).longValue()));
            default -> exactInt(((Number) a).longValue() - ((Number) b).longValue());
        };
    }

    static Object multiply(Object a, Object b, SqlType.Kind kind) {
        return switch (kind) {
            case DOUBLE -> ((Number) a).doubleValue() * ((Number) b).doubleValue();
            case DECIMAL -> decimal(a).multiply(decimal(b));
            case BIGINT -> exact(() -> Math.multiplyExact(((Number) a).longValue(), ((Number) b).longValue()));
            default -> exactInt(((Number) a).longValue() * ((Number) b).longValue());
        };
    }

    static Object divide(Object a, Object b, SqlType.Kind kind) {
        if (isZero(b)) {
            throw new RowException(DIVISION_BY_ZERO, "Division by zero");
        }
        return switch (kind) {
            case DOUBLE -> ((Number) a).doubleValue() / ((Number) b).doubleValue();
            case DECIMAL -> decimal(a).divide(decimal(b), MathContext.DECIMAL64);
            case BIGINT -> exact(() -> {
                long x = ((Number) a).longValue();
                long y = ((Number) b).longValue();
                if (x == Long.MIN_VALUE && y == -1) {
                    throw new ArithmeticException();
                }
                return x / y;
            });
            default -> exactInt(((Number) a).longValue() / ((Number) b).longValue());
        };
    }

    static Object mod(Object a, Object b, SqlType.Kind kind) {
        if (isZero(b)) {
            throw new RowException(DIVISION_BY_ZERO, "Division by zero");
        }
        return switch (kind) {
            case DOUBLE -> ((Number) a).doubleValue() % ((Number) b).doubleValue();
            case DECIMAL -> decimal(a).remainder(decimal(b));
            case BIGINT -> ((Number) a).longValue() % ((Number) b).longValue();
            default -> (int) (((Number) a).longValue() % ((Number) b).longValue());
        };
    }

    static Object negate(Object a, SqlType.Kind kind) {
        return switch (kind) {
            case DOUBLE, REAL -> -((Number) a).doubleValue();
            case DECIMAL -> ((BigDecimal) a).negate();
            case BIGINT, INTERVAL, TIMESTAMP -> exact(() -> Math.negateExact((Long) a));
            default -> exactInt(-((Number) a).longValue());
        };
    }

    /** Compares two non-null values of comparable types. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y && a.getClass() != b.getClass()) {
            if (x instanceof Double || y instanceof Double) {
                return Double.compare(x.doubleValue(), y.doubleValue());
            }
            if (x instanceof BigDecimal || y instanceof BigDecimal) {
                return decimal(x).compareTo(decimal(y));
            }
            return Long.compare(x.longValue(), y.longValue());
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return java.util.Arrays.compare(x, y);
        }
        if (a instanceof String x && b instanceof String y) {
            return compareText(x, y);
        }
        return ((Comparable) a).compareTo(b);
    }

    /** SQL compares CHAR values as if padded with spaces: trailing spaces do not count. */
    private static int compareText(String x, String y) {
        int c = x.compareTo(y);
        if (c == 0 || (!x.endsWith(" ") && !y.endsWith(" "))) {
            return c;
        }
        return x.stripTrailing().compareTo(y.stripTrailing());
    }

    /** Whether two non-null values are equal in SQL's sense (numbers across types, CHAR padding). */
    public static boolean equal(Object a, Object b) {
        if (a.getClass() == b.getClass() && !(a instanceof BigDecimal) && !(a instanceof String)
                && !(a instanceof byte[])) {
            return a.equals(b);
        }
        return compare(a, b) == 0;
    }

    static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Double d) {
            return BigDecimal.valueOf(d);
        }
        return BigDecimal.valueOf(((Number) value).longValue());
    }

    private static boolean isZero(Object b) {
        if (b instanceof BigDecimal d) {
            return d.signum() == 0;
        }
        if (b instanceof Double d) {
            return d == 0.0;
        }
        return ((Number) b).longValue() == 0;
    }

    private static Object exactInt(long value) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new RowException(OVERFLOW, "Overflow: " + value + " is out of range for INTEGER");
        }
        return (int) value;
    }

    private static Object exact(java.util.function.LongSupplier op) {
        try {
            return op.getAsLong();
        } catch (ArithmeticException e) {
            throw new RowException(OVERFLOW, "Overflow: result is out of range for BIGINT");
        }
    }

    static BigDecimal round(BigDecimal value, int scale) {
        return value.setScale(scale, RoundingMode.HALF_UP);
    }
}
