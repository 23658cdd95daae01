package io.sluice.local.internal.analytics.sql;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A SQL type of the Analytics dialect, with the Java value that carries it at run time: character types as
 * {@link String}, BOOLEAN as {@link Boolean}, TINYINT to INTEGER as {@link Integer}, BIGINT as {@link Long}, REAL
 * and DOUBLE as {@link Double}, DECIMAL as {@link BigDecimal}, TIMESTAMP as epoch milliseconds (UTC) in a
 * {@link Long}, DATE as the epoch milliseconds of its midnight (UTC) in a {@link Long}, TIME as milliseconds of
 * the day in a {@link Long},
 * binary types as {@code byte[]}, and day-to-second intervals as milliseconds in a {@link Long}. {@code null} is
 * SQL's NULL in every type. Immutable.
 *
 * @param kind the type family
 * @param precision the length of character and binary types, the precision of DECIMAL, else 0
 * @param scale the scale of DECIMAL, else 0
 */
public record SqlType(Kind kind, int precision, int scale) {

    /** The type families. */
    public enum Kind {
        VARCHAR, CHAR, BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL, TIMESTAMP, DATE, TIME,
        VARBINARY, BINARY, INTERVAL, NULL;

        boolean numeric() {
            return switch (this) {
                case TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL -> true;
                default -> false;
            };
        }

        boolean exact() {
            return this == TINYINT || this == SMALLINT || this == INTEGER || this == BIGINT;
        }
    }

    public static final SqlType BOOLEAN = new SqlType(Kind.BOOLEAN, 0, 0);
    public static final SqlType INTEGER = new SqlType(Kind.INTEGER, 0, 0);
    public static final SqlType BIGINT = new SqlType(Kind.BIGINT, 0, 0);
    public static final SqlType DOUBLE = new SqlType(Kind.DOUBLE, 0, 0);
    public static final SqlType TIMESTAMP = new SqlType(Kind.TIMESTAMP, 0, 0);
    public static final SqlType INTERVAL = new SqlType(Kind.INTERVAL, 0, 0);
    public static final SqlType NULL = new SqlType(Kind.NULL, 0, 0);
    /** A character string of no declared length (results of string functions). */
    public static final SqlType STRING = new SqlType(Kind.VARCHAR, Integer.MAX_VALUE, 0);

    public static SqlType varchar(int length) {
        return new SqlType(Kind.VARCHAR, length, 0);
    }

    public static SqlType decimal(int precision, int scale) {
        return new SqlType(Kind.DECIMAL, precision, scale);
    }

    public boolean numeric() {
        return kind.numeric();
    }

    public boolean character() {
        return kind == Kind.VARCHAR || kind == Kind.CHAR;
    }

    /** Whether values of this type are epoch-based times held in a {@link Long}. */
    public boolean temporal() {
        return kind == Kind.TIMESTAMP || kind == Kind.DATE || kind == Kind.TIME;
    }

    /** The type as SQL writes it, for example {@code VARCHAR(4)} or {@code DECIMAL(8,2)}. */
    public String sql() {
        return switch (kind) {
            case VARCHAR, CHAR, VARBINARY, BINARY -> precision == Integer.MAX_VALUE ? kind.name()
                    : kind.name() + "(" + precision + ")";
            case DECIMAL -> "DECIMAL(" + precision + "," + scale + ")";
            default -> kind.name();
        };
    }

    @Override
    public String toString() {
        return sql();
    }

    /**
     * Makes a value of this type from a value of any supported Java type (what a JSON or CSV parser produces: a
     * string, a number, a boolean), as CAST would.
     *
     * @throws RowException when the value does not fit the type
     */
    public Object coerce(Object value) {
        if (value == null) {
            return null;
        }
        return switch (kind) {
            case VARCHAR, CHAR -> Values.truncate(Values.toText(value), precision);
            case BOOLEAN -> Values.toBoolean(value);
            case TINYINT -> Values.checkRange(Values.toLong(value, this), Byte.MIN_VALUE, Byte.MAX_VALUE, this);
            case SMALLINT -> Values.checkRange(Values.toLong(value, this), Short.MIN_VALUE, Short.MAX_VALUE, this);
            case INTEGER -> Values.checkRange(Values.toLong(value, this), Integer.MIN_VALUE, Integer.MAX_VALUE,
                    this);
            case BIGINT -> Values.toLong(value, this);
            case REAL -> (double) (float) Values.toDouble(value, this);
            case DOUBLE -> Values.toDouble(value, this);
            case DECIMAL -> decimal(Values.toDecimal(value, this));
            case TIMESTAMP -> Values.toTimestamp(value);
            case DATE -> Math.floorDiv(Values.toTimestamp(value), Values.DAY_MILLIS) * Values.DAY_MILLIS;
            case TIME -> Math.floorMod(Values.toTimestamp(value), Values.DAY_MILLIS);
            case VARBINARY, BINARY -> value instanceof byte[] b ? b
                    : Values.toText(value).getBytes(StandardCharsets.UTF_8);
            case INTERVAL -> Values.toLong(value, this);
            case NULL -> null;
        };
    }

    private BigDecimal decimal(BigDecimal value) {
        if (precision == 0) {
            return value;
        }
        BigDecimal scaled = value.setScale(scale, RoundingMode.HALF_UP);
        if (scaled.precision() - scaled.scale() > precision - scale) {
            throw new RowException(Values.CONVERSION_ERROR, "Value " + value.toPlainString()
                    + " is out of range for " + sql());
        }
        return scaled;
    }

    /** Parses a type name of a schema (for example {@code varchar(64)}, {@code DECIMAL(1,1)}, {@code INTEGER}). */
    public static SqlType parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        int open = t.indexOf('(');
        String name = open < 0 ? t : t.substring(0, open).trim();
        int p = 0;
        int s = 0;
        if (open >= 0) {
            int close = t.indexOf(')', open);
            if (close < 0) {
                throw new IllegalArgumentException("Unknown SQL type " + text);
            }
            String[] args = t.substring(open + 1, close).split(",");
            try {
                p = Integer.parseInt(args[0].trim());
                s = args.length > 1 ? Integer.parseInt(args[1].trim()) : 0;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Unknown SQL type " + text);
            }
        }
        return of(name, p, s, open >= 0, text);
    }

    static SqlType of(String name, int p, int s, boolean sized, String text) {
        return switch (name) {
            case "VARCHAR", "CHARACTER VARYING", "CHAR VARYING" -> new SqlType(Kind.VARCHAR, sized ? p : 1, 0);
            case "CHAR", "CHARACTER" -> new SqlType(Kind.CHAR, sized ? p : 1, 0);
            case "BOOLEAN" -> BOOLEAN;
            case "TINYINT" -> new SqlType(Kind.TINYINT, 0, 0);
            case "SMALLINT" -> new SqlType(Kind.SMALLINT, 0, 0);
            case "INTEGER", "INT" -> INTEGER;
            case "BIGINT" -> BIGINT;
            case "REAL", "FLOAT" -> new SqlType(Kind.REAL, 0, 0);
            case "DOUBLE", "DOUBLE PRECISION" -> DOUBLE;
            case "DECIMAL", "NUMERIC", "DEC" -> decimal(sized ? p : 19, sized ? s : 0);
            case "TIMESTAMP" -> TIMESTAMP;
            case "DATE" -> new SqlType(Kind.DATE, 0, 0);
            case "TIME" -> new SqlType(Kind.TIME, 0, 0);
            case "VARBINARY", "BINARY VARYING" -> new SqlType(Kind.VARBINARY, sized ? p : 1, 0);
            case "BINARY" -> new SqlType(Kind.BINARY, sized ? p : 1, 0);
            default -> throw new IllegalArgumentException("Unknown SQL type " + text);
        };
    }
}
