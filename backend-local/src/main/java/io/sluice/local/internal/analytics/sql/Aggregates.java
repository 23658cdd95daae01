package io.sluice.local.internal.analytics.sql;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;

/**
 * The aggregate functions (COUNT, SUM, AVG, MIN, MAX, FIRST_VALUE, LAST_VALUE, and the standard deviations and
 * variances) for tumbling, stagger and sliding windows. SUM of exact numbers is BIGINT, of DOUBLE DOUBLE, of
 * DECIMAL DECIMAL; AVG keeps its argument's type (integer AVG truncates, as SQL does); COUNT is BIGINT. Stateless.
 */
final class Aggregates {

    private static final Set<String> NAMES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX", "FIRST_VALUE",
            "LAST_VALUE", "STDDEV", "STDDEV_POP", "STDDEV_SAMP", "VAR_POP", "VAR_SAMP", "VARIANCE");
    private static final Object ROW = new Object();

    private Aggregates() {
    }

    static boolean isAggregate(String name) {
        return NAMES.contains(name);
    }

    /**
     * One aggregate call compiled: its argument ({@code null} for COUNT(*)), its type, and a maker of fresh
     * accumulators.
     */
    record Spec(SqlCall call, Expr arg, SqlType type, Supplier<Accumulator> factory) {

        /** The value fed to the accumulator for a row. */
        Object input(Object[] row) {
            return arg == null ? ROW : arg.eval(row);
        }
    }

    /**
     * @param removable whether values will also be taken out (sliding windows)
     */
    static Spec compile(SqlCall call, ExprCompiler args, boolean removable) {
        String name = ExprCompiler.functionName(call);
        if (call.getFunctionQuantifier() != null && "DISTINCT".equals(call.getFunctionQuantifier().toValue())) {
            throw new SqlCompileException(name + "(DISTINCT ...) is not supported", call.getParserPosition());
        }
        boolean star = call.operandCount() == 0 || (call.operandCount() == 1 && call.operand(0)
                instanceof SqlIdentifier id && id.isStar());
        if (star && !name.equals("COUNT")) {
            throw new SqlCompileException(name + " needs an argument", call.getParserPosition());
        }
        if (!star && call.operandCount() != 1) {
            throw new SqlCompileException(name + " takes one argument", call.getParserPosition());
        }
        SqlNode operand = star ? null : call.operand(0);
        Expr arg = star ? null : args.compile(operand);
        if (arg != null && Functions.isAggregate(operand)) {
            throw new SqlCompileException("Aggregate functions cannot be nested: " + call, call.getParserPosition());
        }
        SqlType t = arg == null ? SqlType.BIGINT : arg.type();
        return switch (name) {
            case "COUNT" -> new Spec(call, arg, SqlType.BIGINT, Count::new);
            case "SUM" -> {
                numeric(call, arg);
                SqlType type = sumType(t);
                yield new Spec(call, arg, type, () -> new Sum(type.kind(), false));
            }
            case "AVG" -> {
                numeric(call, arg);
                SqlType sum = sumType(t);
                SqlType type = t.kind() == SqlType.Kind.REAL ? SqlType.DOUBLE : t;
                yield new Spec(call, arg, type, () -> new Avg(new Sum(sum.kind(), false), type));
            }
            case "MIN", "MAX" -> {
                boolean max = name.equals("MAX");
                yield new Spec(call, arg, t, removable ? () -> new SortedExtreme(max) : () -> new Extreme(max));
            }
            case "FIRST_VALUE" -> new Spec(call, arg, t, removable ? () -> new Window(true) : First::new);
            case "LAST_VALUE" -> new Spec(call, arg, t, removable ? () -> new Window(false) : Last::new);
            default -> {
                numeric(call, arg);
                boolean sample = !name.endsWith("_POP");
                boolean root = name.startsWith("STDDEV");
                yield new Spec(call, arg, SqlType.DOUBLE, () -> new Variance(sample, root));
            }
        };
    }

    private static SqlType sumType(SqlType t) {
        return switch (t.kind()) {
            case REAL, DOUBLE -> SqlType.DOUBLE;
            case DECIMAL -> SqlType.decimal(0, t.scale());
            default -> SqlType.BIGINT;
        };
    }

    private static void numeric(SqlCall call, Expr arg) {
        ExprCompiler.requireNumeric(arg, call.operand(0));
    }

    static final class Count implements Accumulator {
        private long count;

        @Override
        public void add(Object value) {
            if (value != null) {
                count++;
            }
        }

        @Override
        public void remove(Object value) {
            if (value != null) {
                count--;
            }
        }

        @Override
        public Object result() {
            return count;
        }
    }

    static final class Sum implements Accumulator {
        private final SqlType.Kind kind;
        private long longSum;
        private double doubleSum;
        private BigDecimal decimalSum = BigDecimal.ZERO;
        private long count;

        Sum(SqlType.Kind kind, boolean unused) {
            this.kind = kind;
        }

        @Override
        public void add(Object value) {
            if (value == null) {
                return;
            }
            count++;
            switch (kind) {
                case DOUBLE -> doubleSum += ((Number) value).doubleValue();
                case DECIMAL -> decimalSum = decimalSum.add(Arithmetic.decimal(value));
                default -> {
                    try {
                        longSum = Math.addExact(longSum, ((Number) value).longValue());
                    } catch (ArithmeticException e) {
                        throw new RowException(Arithmetic.OVERFLOW, "Overflow: SUM is out of range for BIGINT");
                    }
                }
            }
        }

        @Override
        public void remove(Object value) {
            if (value == null) {
                return;
            }
            count--;
            switch (kind) {
                case DOUBLE -> doubleSum -= ((Number) value).doubleValue();
                case DECIMAL -> decimalSum = decimalSum.subtract(Arithmetic.decimal(value));
                default -> longSum -= ((Number) value).longValue();
            }
        }

        long count() {
            return count;
        }

        @Override
        public Object result() {
            if (count == 0) {
                return null;
            }
            return switch (kind) {
                case DOUBLE -> doubleSum;
                case DECIMAL -> decimalSum;
                default -> longSum;
            };
        }
    }

    static final class Avg implements Accumulator {
        private final Sum sum;
        private final SqlType type;

        Avg(Sum sum, SqlType type) {
            this.sum = sum;
            this.type = type;
        }

        @Override
        public void add(Object value) {
            sum.add(value);
        }

        @Override
        public void remove(Object value) {
            sum.remove(value);
        }

        @Override
        public Object result() {
            Object total = sum.result();
            if (total == null) {
                return null;
            }
            long n = sum.count();
            return switch (type.kind()) {
                case DOUBLE, REAL -> (Double) total / n;
                case DECIMAL -> ((BigDecimal) total).divide(BigDecimal.valueOf(n), MathContext.DECIMAL64);
                default -> type.coerce((Long) total / n);
            };
        }
    }

    /** MIN or MAX when values only come in. */
    static final class Extreme implements Accumulator {
        private final boolean max;
        private Object best;

        Extreme(boolean max) {
            this.max = max;
        }

        @Override
        public void add(Object value) {
            if (value != null && (best == null || (Arithmetic.compare(value, best) > 0) == max
                    && Arithmetic.compare(value, best) != 0)) {
                best = value;
            }
        }

        @Override
        public void remove(Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object result() {
            return best;
        }
    }

    /** MIN or MAX over a sliding window: a sorted multiset of the values in it. */
    static final class SortedExtreme implements Accumulator {
        private final boolean max;
        private final TreeMap<Object, Integer> values = new TreeMap<>(Arithmetic::compare);

        SortedExtreme(boolean max) {
            this.max = max;
        }

        @Override
        public void add(Object value) {
            if (value != null) {
                values.merge(value, 1, Integer::sum);
            }
        }

        @Override
        public void remove(Object value) {
            if (value != null) {
                values.computeIfPresent(value, (k, n) -> n == 1 ? null : n - 1);
            }
        }

        @Override
        public Object result() {
            if (values.isEmpty()) {
                return null;
            }
            return max ? values.lastKey() : values.firstKey();
        }
    }

    static final class First implements Accumulator {
        private Object first;
        private boolean seen;

        @Override
        public void add(Object value) {
            if (!seen) {
                first = value;
                seen = true;
            }
        }

        @Override
        public void remove(Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object result() {
            return first;
        }
    }

    static final class Last implements Accumulator {
        private Object last;

        @Override
        public void add(Object value) {
            last = value;
        }

        @Override
        public void remove(Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object result() {
            return last;
        }
    }

    /** FIRST_VALUE or LAST_VALUE over a sliding window: values leave in the order they came. */
    static final class Window implements Accumulator {
        private final boolean first;
        private final ArrayDeque<Object[]> values = new ArrayDeque<>();

        Window(boolean first) {
            this.first = first;
        }

        @Override
        public void add(Object value) {
            values.addLast(new Object[] {value});
        }

        @Override
        public void remove(Object value) {
            values.pollFirst();
        }

        @Override
        public Object result() {
            Object[] v = first ? values.peekFirst() : values.peekLast();
            return v == null ? null : v[0];
        }
    }

    /** Variance and standard deviation, population or sample, from running sums. */
    static final class Variance implements Accumulator {
        private final boolean sample;
        private final boolean root;
        private long n;
        private double sum;
        private double squares;

        Variance(boolean sample, boolean root) {
            this.sample = sample;
            this.root = root;
        }

        @Override
        public void add(Object value) {
            if (value != null) {
                double d = ((Number) value).doubleValue();
                n++;
                sum += d;
                squares += d * d;
            }
        }

        @Override
        public void remove(Object value) {
            if (value != null) {
                double d = ((Number) value).doubleValue();
                n--;
                sum -= d;
                squares -= d * d;
            }
        }

        @Override
        public Object result() {
            long divisor = sample ? n - 1 : n;
            if (divisor <= 0) {
                return null;
            }
            double variance = Math.max(0, (squares - sum * sum / n) / divisor);
            return root ? Math.sqrt(variance) : variance;
        }
    }
}
