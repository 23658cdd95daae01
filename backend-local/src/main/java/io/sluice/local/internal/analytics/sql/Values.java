package io.sluice.local.internal.analytics.sql;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/** Conversions between the Java values that carry SQL types, as CAST and input coercion make them. Stateless. */
public final class Values {

    public static final long DAY_MILLIS = 86_400_000L;
    /** The ERROR_NAME of values that do not fit their type. */
    public static final String CONVERSION_ERROR = "Coercion error";

    private static final DateTimeFormatter SQL_TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd[[ ]['T']HH:mm[:ss]]")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
            .toFormatter();
    private static final DateTimeFormatter PRINT_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private Values() {
    }

    static String truncate(String text, int length) {
        return text.length() > length ? text.substring(0, length) : text;
    }

    /** The text of a value as it appears in character columns and CSV output. */
    public static String toText(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
        return String.valueOf(value);
    }

    /** The text of a value of a known type (timestamps as {@code yyyy-MM-dd HH:mm:ss.SSS}). */
    public static String toText(Object value, SqlType type) {
        if (value == null) {
            return null;
        }
        return switch (type.kind()) {
            case TIMESTAMP -> formatTimestamp((Long) value);
            case DATE -> LocalDate.ofEpochDay(Math.floorDiv((Long) value, DAY_MILLIS)).toString();
            case TIME -> java.time.LocalTime.ofNanoOfDay((Long) value * 1_000_000L).toString();
            default -> toText(value);
        };
    }

    public static String formatTimestamp(long millis) {
        return PRINT_TIMESTAMP.format(LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), (int) Math.floorMod(
                millis, 1000) * 1_000_000, ZoneOffset.UTC));
    }

    static Boolean toBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = toText(value).trim();
        if (text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (text.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw conversion(value, SqlType.BOOLEAN);
    }

    static long toLong(Object value, SqlType type) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Double d) {
            // AWS's CAST rounds an approximate number to an integer type.
            if (d.isNaN() || d.isInfinite() || Math.abs(d) >= 9.223372036854776E18) {
                throw conversion(value, type);
            }
            return Math.round(d);
        }
        if (value instanceof BigDecimal d) {
            try {
                return d.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
            } catch (ArithmeticException e) {
                throw conversion(value, type);
            }
        }
        if (value instanceof Boolean) {
            throw conversion(value, type);
        }
        String text = toText(value).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            try {
                return new BigDecimal(text).toBigInteger().longValueExact();
            } catch (NumberFormatException | ArithmeticException e2) {
                throw conversion(value, type);
            }
        }
    }

    static Object checkRange(long value, long min, long max, SqlType type) {
        if (value < min || value > max) {
            throw conversion(value, type);
        }
        return (int) value;
    }

    static double toDouble(Object value, SqlType type) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Boolean) {
            throw conversion(value, type);
        }
        try {
            return Double.parseDouble(toText(value).trim());
        } catch (NumberFormatException e) {
            throw conversion(value, type);
        }
    }

    static BigDecimal toDecimal(Object value, SqlType type) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Long || value instanceof Integer) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw conversion(value, type);
            }
            return BigDecimal.valueOf(d);
        }
        try {
            return new BigDecimal(toText(value).trim());
        } catch (NumberFormatException e) {
            throw conversion(value, type);
        }
    }

    /**
     * Epoch milliseconds of a timestamp given as a number (epoch milliseconds) or text: {@code yyyy-MM-dd HH:mm:ss}
     * with optional fraction, or ISO 8601 with an offset.
     */
    static long toTimestamp(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        String text = toText(value).trim();
        try {
            return LocalDateTime.parse(text, SQL_TIMESTAMP).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                try {
                    return Instant.parse(text).toEpochMilli();
                } catch (DateTimeParseException e3) {
                    throw conversion(value, SqlType.TIMESTAMP);
                }
            }
        }
    }

    static RowException conversion(Object value, SqlType type) {
        // Worded as the Java parser behind AWS's runtime words it.
        return new RowException(CONVERSION_ERROR, "For input string: \"" + toText(value) + "\" (not a valid "
                + type.sql() + ")");
    }
}
