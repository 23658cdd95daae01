package io.sluice.local.internal.analytics.sql;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;

/**
 * The named scalar functions of the dialect: strings, numbers and times ({@code STEP}, {@code TSDIFF},
 * {@code TO_TIMESTAMP}, {@code CHAR_TO_TIMESTAMP}...). Stateless.
 */
final class Functions {

    /** The ERROR_NAME of a value a function cannot take. */
    static final String INVALID_ARGUMENT = "Invalid argument";
    private static final ConcurrentHashMap<String, DateTimeFormatter> FORMATS = new ConcurrentHashMap<>();

    private Functions() {
    }

    static Expr compile(ExprCompiler compiler, SqlCall call, Expr[] args, LongSupplier clock) {
        String name = ExprCompiler.functionName(call);
        return switch (name) {
            case "STEP" -> step(call, args);
            case "TSDIFF" -> {
                arity(call, args, 2);
                temporal(call, args[0]);
                temporal(call, args[1]);
                yield new Exprs.Binary(args[0], args[1], SqlType.BIGINT, (a, b) -> (Long) a - (Long) b);
            }
            case "TO_TIMESTAMP" -> {
                arity(call, args, 1);
                ExprCompiler.requireNumeric(args[0], call.operand(0));
                yield new Exprs.Unary(args[0], SqlType.TIMESTAMP, v -> ((Number) v).longValue());
            }
            case "UNIX_TIMESTAMP" -> {
                arity(call, args, 1);
                temporal(call, args[0]);
                yield new Exprs.Unary(args[0], SqlType.BIGINT, v -> v);
            }
            case "CURRENT_ROW_TIMESTAMP", "CURRENT_TIMESTAMP", "LOCALTIMESTAMP" -> {
                arity(call, args, 0);
                yield new Exprs.Lenient(args, SqlType.TIMESTAMP, a -> clock.getAsLong());
            }
            case "CHAR_TO_TIMESTAMP" -> {
                arity(call, args, 2);
                yield new Exprs.Binary(text(call, args[0], 0), text(call, args[1], 1), SqlType.TIMESTAMP,
                        (f, v) -> parseTimestamp((String) f, (String) v));
            }
            case "TIMESTAMP_TO_CHAR" -> {
                arity(call, args, 2);
                temporal(call, args[1]);
                yield new Exprs.Binary(text(call, args[0], 0), args[1], SqlType.STRING, (f, v) -> format(
                        (String) f).format(LocalDateTime.ofInstant(Instant.ofEpochMilli((Long) v), ZoneOffset.UTC)));
            }
            case "UPPER" -> unaryText(call, args, s -> s.toUpperCase(Locale.ROOT));
            case "LOWER" -> unaryText(call, args, s -> s.toLowerCase(Locale.ROOT));
            case "INITCAP" -> unaryText(call, args, Functions::initcap);
            case "CHAR_LENGTH", "CHARACTER_LENGTH" -> {
                arity(call, args, 1);
                yield new Exprs.Unary(text(call, args[0], 0), SqlType.INTEGER,
                        v -> ((String) v).codePointCount(0, ((String) v).length()));
            }
            case "SUBSTRING" -> substring(call, args);
            case "||" -> {
                arity(call, args, 2);
                yield new Exprs.Binary(text(call, args[0], 0), text(call, args[1], 1), SqlType.STRING,
                        (a, b) -> (String) a + b);
            }
            case "REGEX_REPLACE" -> regexReplace(call, args);
            case "ABS" -> {
                arity(call, args, 1);
                ExprCompiler.requireNumeric(args[0], call.operand(0));
                yield new Exprs.Unary(args[0], args[0].type(), Functions::abs);
            }
            case "MOD" -> {
                arity(call, args, 2);
                SqlType type = Arithmetic.promote(args[0].type(), args[1].type());
                yield new Exprs.Binary(args[0], args[1], type, (a, b) -> Arithmetic.mod(a, b, type.kind()));
            }
            case "POWER" -> doubles(call, args, 2, a -> Math.pow(a[0], a[1]));
            case "EXP" -> doubles(call, args, 1, a -> Math.exp(a[0]));
            case "LN" -> doubles(call, args, 1, a -> positive(Math.log(a[0]), a[0]));
            case "LOG10" -> doubles(call, args, 1, a -> positive(Math.log10(a[0]), a[0]));
            case "SQRT" -> doubles(call, args, 1, a -> {
                if (a[0] < 0) {
                    throw new RowException(INVALID_ARGUMENT, "SQRT of a negative number");
                }
                return Math.sqrt(a[0]);
            });
            case "ROUND" -> round(call, args);
            default -> throw new SqlCompileException("Unsupported function " + name, call.getParserPosition());
        };
    }

    /** {@code STEP(x BY size)} (rewritten to {@code STEP(x, size)}): x rounded down to a multiple of size. */
    private static Expr step(SqlCall call, Expr[] args) {
        arity(call, args, 2);
        SqlType type = args[0].type();
        if (!(args[1] instanceof Exprs.Literal size) || size.value() == null) {
            throw new SqlCompileException("STEP needs a constant size", call.getParserPosition());
        }
        long by = ((Number) size.value()).longValue();
        if (by <= 0) {
            throw new SqlCompileException("STEP needs a positive size", call.getParserPosition());
        }
        if (type.temporal() || type.kind() == SqlType.Kind.INTERVAL) {
            if (size.type().kind() != SqlType.Kind.INTERVAL) {
                throw new SqlCompileException("STEP of a timestamp needs an INTERVAL size", call.getParserPosition());
            }
            return new Exprs.Unary(args[0], type, v -> TimeUnits.step((Long) v, by));
        }
        ExprCompiler.requireNumeric(args[0], call.operand(0));
        if (type.kind() == SqlType.Kind.DECIMAL) {
            BigDecimal step = Arithmetic.decimal(size.value());
            return new Exprs.Unary(args[0], type, v -> ((BigDecimal) v).divide(step, 0, RoundingMode.FLOOR)
                    .multiply(step));
        }
        if (!type.kind().exact()) {
            double d = ((Number) size.value()).doubleValue();
            return new Exprs.Unary(args[0], type, v -> Math.floor(((Number) v).doubleValue() / d) * d);
        }
        return new Exprs.Unary(args[0], type, v -> type.coerce(TimeUnits.step(((Number) v).longValue(), by)));
    }

    private static Expr substring(SqlCall call, Expr[] args) {
        if (args.length < 2 || args.length > 3) {
            throw new SqlCompileException("SUBSTRING takes 2 or 3 arguments", call.getParserPosition());
        }
        text(call, args[0], 0);
        return new Exprs.Strict(args, SqlType.STRING, a -> {
            String s = (String) a[0];
            long start = ((Number) a[1]).longValue();
            long end = a.length > 2 ? start + ((Number) a[2]).longValue() : Long.MAX_VALUE;
            if (a.length > 2 && ((Number) a[2]).longValue() < 0) {
                throw new RowException(INVALID_ARGUMENT, "SUBSTRING length is negative");
            }
            long from = Math.max(start, 1);
            long to = Math.min(end, (long) s.length() + 1);
            return from >= to ? "" : s.substring((int) from - 1, (int) to - 1);
        });
    }

    private static Expr regexReplace(SqlCall call, Expr[] args) {
        if (args.length < 3 || args.length > 5) {
            throw new SqlCompileException("REGEX_REPLACE takes 3 to 5 arguments", call.getParserPosition());
        }
        return new Exprs.Strict(args, SqlType.STRING, a -> {
            Pattern pattern;
            try {
                pattern = Pattern.compile((String) a[1]);
            } catch (PatternSyntaxException e) {
                throw new RowException(INVALID_ARGUMENT, "Invalid regular expression '" + a[1] + "'");
            }
            String s = (String) a[0];
            int start = a.length > 3 ? ((Number) a[3]).intValue() : 1;
            int occurrence = a.length > 4 ? ((Number) a[4]).intValue() : 0;
            String head = s.substring(0, Math.min(s.length(), Math.max(0, start - 1)));
            String tail = s.substring(head.length());
            String replacement = (String) a[2];
            if (occurrence <= 0) {
                return head + pattern.matcher(tail).replaceAll(replacement);
            }
            java.util.regex.Matcher m = pattern.matcher(tail);
            StringBuilder out = new StringBuilder(head);
            int n = 0;
            while (m.find()) {
                if (++n == occurrence) {
                    m.appendReplacement(out, replacement);
                    break;
                }
            }
            m.appendTail(out);
            return out.toString();
        });
    }

    private static Expr round(SqlCall call, Expr[] args) {
        if (args.length < 1 || args.length > 2) {
            throw new SqlCompileException("ROUND takes 1 or 2 arguments", call.getParserPosition());
        }
        ExprCompiler.requireNumeric(args[0], call.operand(0));
        return new Exprs.Strict(args, args[0].type(), a -> {
            int scale = a.length > 1 ? ((Number) a[1]).intValue() : 0;
            BigDecimal d = Arithmetic.decimal(a[0]).setScale(scale, RoundingMode.HALF_UP);
            return a[0] instanceof Double ? (Object) d.doubleValue() : a[0] instanceof BigDecimal ? d
                    : a[0] instanceof Long ? (Object) d.longValue() : (Object) d.intValue();
        });
    }

    private static Object abs(Object v) {
        if (v instanceof Double d) {
            return Math.abs(d);
        }
        if (v instanceof BigDecimal d) {
            return d.abs();
        }
        if (v instanceof Long l) {
            return Math.abs(l);
        }
        return Math.abs((Integer) v);
    }

    private static double positive(double result, double arg) {
        if (arg <= 0) {
            throw new RowException(INVALID_ARGUMENT, "Logarithm of a number that is not positive: " + arg);
        }
        return result;
    }

    private interface DoubleFn {
        double apply(double[] args);
    }

    private static Expr doubles(SqlCall call, Expr[] args, int n, DoubleFn fn) {
        arity(call, args, n);
        for (int i = 0; i < n; i++) {
            ExprCompiler.requireNumeric(args[i], call.operand(i));
        }
        return new Exprs.Strict(args, SqlType.DOUBLE, a -> {
            double[] d = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                d[i] = ((Number) a[i]).doubleValue();
            }
            return fn.apply(d);
        });
    }

    private static Expr unaryText(SqlCall call, Expr[] args, java.util.function.UnaryOperator<String> fn) {
        arity(call, args, 1);
        return new Exprs.Unary(text(call, args[0], 0), args[0].type(), v -> fn.apply((String) v));
    }

    private static String initcap(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean start = true;
        for (char c : s.toCharArray()) {
            out.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = !Character.isLetterOrDigit(c);
        }
        return out.toString();
    }

    private static long parseTimestamp(String format, String value) {
        try {
            DateTimeFormatter f = format(format);
            java.time.temporal.TemporalAccessor parsed = f.parse(value);
            LocalDateTime time = parsed.isSupported(java.time.temporal.ChronoField.HOUR_OF_DAY)
                    ? LocalDateTime.from(parsed) : java.time.LocalDate.from(parsed).atStartOfDay();
            return time.toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (java.time.DateTimeException e) {
            throw new RowException(Values.CONVERSION_ERROR, "Cannot parse '" + value + "' as a timestamp of format '"
                    + format + "'");
        }
    }

    private static DateTimeFormatter format(String pattern) {
        return FORMATS.computeIfAbsent(pattern, p -> {
            try {
                return DateTimeFormatter.ofPattern(p, Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new RowException(INVALID_ARGUMENT, "Invalid timestamp format '" + p + "'");
            }
        });
    }

    private static Expr text(SqlCall call, Expr arg, int i) {
        return ExprCompiler.requireText(arg, call.operand(i));
    }

    private static void temporal(SqlCall call, Expr arg) {
        if (!arg.type().temporal() && arg.type().kind() != SqlType.Kind.NULL) {
            throw new SqlCompileException(ExprCompiler.functionName(call) + " needs a TIMESTAMP, not " + arg.type(),
                    call.getParserPosition());
        }
    }

    private static void arity(SqlCall call, Expr[] args, int n) {
        if (args.length != n) {
            throw new SqlCompileException(ExprCompiler.functionName(call) + " takes " + n + " argument"
                    + (n == 1 ? "" : "s"), call.getParserPosition());
        }
    }

    static boolean isAggregate(SqlNode node) {
        return node instanceof SqlCall call && Aggregates.isAggregate(ExprCompiler.functionName(call));
    }
}
