package io.sluice.local.internal.analytics.sql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDateLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlTimeLiteral;
import org.apache.calcite.sql.SqlTimestampLiteral;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlTrimFunction;
import org.apache.calcite.sql.parser.SqlParserUtil;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * Compiles a Calcite expression tree into an {@link Expr} over the rows of a {@link Scope}, checking names and
 * types. A hook sees every node first and may answer for it (aggregate queries use it to read group keys and
 * aggregate results instead). Not thread-safe; one per query.
 */
final class ExprCompiler {

    private final Scope scope;
    private final Function<SqlNode, Expr> hook;
    private final LongSupplier clock;

    /**
     * @param hook answers for a node before it is compiled, or returns {@code null}
     * @param clock the time CURRENT_ROW_TIMESTAMP and CURRENT_TIMESTAMP read
     */
    ExprCompiler(Scope scope, Function<SqlNode, Expr> hook, LongSupplier clock) {
        this.scope = scope;
        this.hook = hook;
        this.clock = clock;
    }

    Expr compile(SqlNode node) {
        Expr hooked = hook == null ? null : hook.apply(node);
        if (hooked != null) {
            return hooked;
        }
        if (node instanceof SqlIdentifier id) {
            return identifier(id);
        }
        if (node instanceof SqlLiteral literal) {
            return literal(literal);
        }
        if (node instanceof SqlCase c) {
            return caseExpr(c);
        }
        if (node instanceof SqlCall call) {
            if (call.getKind() == SqlKind.OVER) {
                throw new SqlCompileException("Analytic function " + call + " is not allowed here",
                        call.getParserPosition());
            }
            return call(call);
        }
        throw unsupported(node);
    }

    private Expr identifier(SqlIdentifier id) {
        return isClock(id) ? now() : scope.resolve(id);
    }

    /** Whether a name reads the clock: CURRENT_ROW_TIMESTAMP, CURRENT_TIMESTAMP, LOCALTIMESTAMP. */
    static boolean isClock(SqlIdentifier id) {
        if (id.names.size() != 1) {
            return false;
        }
        String name = id.names.get(0);
        return name.equals("CURRENT_ROW_TIMESTAMP") || name.equals("CURRENT_TIMESTAMP")
                || name.equals("LOCALTIMESTAMP");
    }

    private Expr now() {
        return new Exprs.Lenient(new Expr[0], SqlType.TIMESTAMP, args -> clock.getAsLong());
    }

    static Expr literal(SqlLiteral literal) {
        if (literal instanceof org.apache.calcite.sql.SqlUnknownLiteral unknown) {
            org.apache.calcite.sql.type.SqlTypeName type = org.apache.calcite.sql.type.SqlTypeName.get(unknown.tag);
            if (type == null) {
                throw unsupported(literal);
            }
            try {
                literal = unknown.resolve(type);
            } catch (RuntimeException e) {
                throw new SqlCompileException("Invalid " + unknown.tag + " literal '" + unknown.getValue() + "'",
                        literal.getParserPosition());
            }
        }
        if (literal.getValue() == null && !(literal instanceof SqlIntervalLiteral)) {
            return Expr.literal(null, SqlType.NULL);
        }
        if (literal instanceof SqlNumericLiteral n) {
            BigDecimal value = n.getValueAs(BigDecimal.class);
            if (!n.isExact()) {
                return Expr.literal(value.doubleValue(), SqlType.DOUBLE);
            }
            if (value.scale() <= 0) {
                try {
                    long v = value.longValueExact();
                    return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? Expr.literal((int) v, SqlType.INTEGER)
                            : Expr.literal(v, SqlType.BIGINT);
                } catch (ArithmeticException e) {
                    return Expr.literal(value, SqlType.decimal(value.precision(), 0));
                }
            }
            return Expr.literal(value, SqlType.decimal(value.precision(), value.scale()));
        }
        if (literal instanceof SqlCharStringLiteral s) {
            String text = s.getValueAs(String.class);
            return Expr.literal(text, SqlType.varchar(Math.max(1, text.length())));
        }
        if (literal instanceof SqlTimestampLiteral t) {
            return Expr.literal(t.getValueAs(TimestampString.class).getMillisSinceEpoch(), SqlType.TIMESTAMP);
        }
        if (literal instanceof SqlDateLiteral d) {
            return Expr.literal(d.getValueAs(DateString.class).getDaysSinceEpoch() * Values.DAY_MILLIS,
                    new SqlType(SqlType.Kind.DATE, 0, 0));
        }
        if (literal instanceof SqlTimeLiteral t) {
            return Expr.literal((long) t.getValueAs(TimeString.class).getMillisOfDay(),
                    new SqlType(SqlType.Kind.TIME, 0, 0));
        }
        if (literal instanceof SqlIntervalLiteral i) {
            return Expr.literal(intervalMillis(i), SqlType.INTERVAL);
        }
        if (literal.getTypeName() == org.apache.calcite.sql.type.SqlTypeName.BOOLEAN) {
            return Expr.literal(literal.booleanValue(), SqlType.BOOLEAN);
        }
        throw unsupported(literal);
    }

    /** The length of a day-to-second interval literal in milliseconds. */
    static long intervalMillis(SqlIntervalLiteral literal) {
        SqlIntervalLiteral.IntervalValue value = literal.getValueAs(SqlIntervalLiteral.IntervalValue.class);
        if (value.getIntervalQualifier().isYearMonth()) {
            throw new SqlCompileException("Year-month intervals are not supported: " + literal,
                    literal.getParserPosition());
        }
        return SqlParserUtil.intervalToMillis(value);
    }

    private Expr caseExpr(SqlCase c) {
        SqlNode value = c.getValueOperand();
        Expr subject = value == null ? null : compile(value);
        List<SqlNode> whens = c.getWhenOperands().getList();
        List<SqlNode> thens = c.getThenOperands().getList();
        Expr[] conditions = new Expr[whens.size()];
        Expr[] results = new Expr[thens.size()];
        SqlType type = SqlType.NULL;
        for (int i = 0; i < whens.size(); i++) {
            Expr when = compile(whens.get(i));
            conditions[i] = subject == null ? requireBoolean(when, whens.get(i)) : comparison(SqlKind.EQUALS,
                    subject, when);
            results[i] = compile(thens.get(i));
            type = common(type, results[i].type(), c);
        }
        Expr otherwise = c.getElseOperand() == null ? null : compile(c.getElseOperand());
        if (otherwise != null) {
            type = common(type, otherwise.type(), c);
        }
        return new Exprs.Case(conditions, castAll(results, type), otherwise == null ? null : cast(otherwise, type),
                type);
    }

    private Expr[] castAll(Expr[] exprs, SqlType type) {
        Expr[] out = new Expr[exprs.length];
        for (int i = 0; i < exprs.length; i++) {
            out[i] = cast(exprs[i], type);
        }
        return out;
    }

    /** Converts a value to a type when its own type differs in a way that changes the Java value. */
    static Expr cast(Expr expr, SqlType type) {
        SqlType from = expr.type();
        if (from.kind() == type.kind() || from.kind() == SqlType.Kind.NULL
                || (from.character() && type.character())) {
            return expr;
        }
        if (from.kind().exact() && type.kind().exact() && type.kind() != SqlType.Kind.BIGINT
                && from.kind() != SqlType.Kind.BIGINT) {
            return expr;
        }
        return new Exprs.Cast(expr, type);
    }

    private static SqlType common(SqlType a, SqlType b, SqlNode at) {
        if (a.kind() == SqlType.Kind.NULL) {
            return b;
        }
        if (b.kind() == SqlType.Kind.NULL || a.equals(b)) {
            return a;
        }
        if (a.numeric() && b.numeric()) {
            SqlType p = Arithmetic.promote(a, b);
            return p.kind() == SqlType.Kind.DECIMAL ? SqlType.decimal(0, 0) : p;
        }
        if (a.character() && b.character()) {
            return SqlType.varchar(Math.max(a.precision(), b.precision()));
        }
        if (a.kind() == b.kind()) {
            return a;
        }
        throw new SqlCompileException("Incompatible types " + a + " and " + b, at.getParserPosition());
    }

    private Expr call(SqlCall call) {
        SqlKind kind = call.getKind();
        List<SqlNode> operands = call.getOperandList();
        String name = functionName(call);
        if (name.equals("COALESCE")) {
            kind = SqlKind.COALESCE;
        } else if (name.equals("NULLIF")) {
            kind = SqlKind.NULLIF;
        }
        switch (kind) {
            case AND:
            case OR: {
                List<Expr> args = new ArrayList<>();
                for (SqlNode operand : operands) {
                    args.add(requireBoolean(compile(operand), operand));
                }
                return kind == SqlKind.AND ? new Exprs.And(args) : new Exprs.Or(args);
            }
            case NOT: {
                Expr arg = requireBoolean(compile(operands.get(0)), operands.get(0));
                return new Exprs.Unary(arg, SqlType.BOOLEAN, v -> !(Boolean) v);
            }
            case IS_NULL:
            case IS_NOT_NULL: {
                Expr arg = compile(operands.get(0));
                boolean wantNull = kind == SqlKind.IS_NULL;
                return new Exprs.Lenient(new Expr[] {arg}, SqlType.BOOLEAN, a -> (a[0] == null) == wantNull);
            }
            case IS_TRUE:
            case IS_FALSE:
            case IS_NOT_TRUE:
            case IS_NOT_FALSE: {
                Expr arg = requireBoolean(compile(operands.get(0)), operands.get(0));
                Boolean target = kind == SqlKind.IS_TRUE || kind == SqlKind.IS_NOT_TRUE;
                boolean negate = kind == SqlKind.IS_NOT_TRUE || kind == SqlKind.IS_NOT_FALSE;
                return new Exprs.Lenient(new Expr[] {arg}, SqlType.BOOLEAN,
                        a -> target.equals(a[0]) != negate);
            }
            case EQUALS:
            case NOT_EQUALS:
            case LESS_THAN:
            case GREATER_THAN:
            case LESS_THAN_OR_EQUAL:
            case GREATER_THAN_OR_EQUAL:
                return comparison(kind, compile(operands.get(0)), compile(operands.get(1)));
            case PLUS:
            case MINUS:
            case TIMES:
            case DIVIDE:
            case MOD:
                if (kind == SqlKind.MINUS && operands.size() == 3) {
                    return datetimeMinus(call);
                }
                return arithmetic(kind, compile(operands.get(0)), compile(operands.get(1)), call);
            case MINUS_PREFIX: {
                Expr arg = compile(operands.get(0));
                requireNumeric(arg, operands.get(0));
                SqlType.Kind k = arg.type().kind();
                return new Exprs.Unary(arg, arg.type(), v -> Arithmetic.negate(v, k));
            }
            case PLUS_PREFIX:
                return compile(operands.get(0));
            case LIKE:
            case SIMILAR:
                return pattern(call);
            case IN:
            case NOT_IN:
                return in(call, kind == SqlKind.NOT_IN);
            case BETWEEN:
                return between(call);
            case CAST: {
                Expr arg = compile(operands.get(0));
                SqlType type = dataType((SqlDataTypeSpec) operands.get(1));
                return new Exprs.Cast(arg, type);
            }
            case FLOOR:
            case CEIL:
                return floorCeil(call, kind == SqlKind.FLOOR);
            case TRIM:
                return trim(call);
            case POSITION: {
                Expr needle = requireText(compile(operands.get(0)), operands.get(0));
                Expr hay = requireText(compile(operands.get(1)), operands.get(1));
                return new Exprs.Binary(needle, hay, SqlType.INTEGER,
                        (a, b) -> ((String) b).indexOf((String) a) + 1);
            }
            case COALESCE: {
                Expr[] args = compileAll(operands);
                SqlType type = SqlType.NULL;
                for (Expr arg : args) {
                    type = common(type, arg.type(), call);
                }
                Expr[] cast = castAll(args, type);
                return new Exprs.Lenient(cast, type, a -> {
                    for (Object v : a) {
                        if (v != null) {
                            return v;
                        }
                    }
                    return null;
                });
            }
            case NULLIF: {
                Expr a = compile(operands.get(0));
                Expr b = compile(operands.get(1));
                return new Exprs.Lenient(new Expr[] {a, b}, a.type(),
                        v -> v[0] != null && v[1] != null && Arithmetic.equal(v[0], v[1]) ? null : v[0]);
            }
            default:
                return Functions.compile(this, call, compileAll(operands), clock);
        }
    }

    Expr[] compileAll(List<SqlNode> nodes) {
        Expr[] out = new Expr[nodes.size()];
        for (int i = 0; i < out.length; i++) {
            SqlNode node = nodes.get(i);
            out[i] = node == null ? Expr.literal(null, SqlType.NULL) : node instanceof SqlIntervalQualifier
                    || node instanceof SqlDataTypeSpec ? Expr.literal(node, SqlType.NULL) : compile(node);
        }
        return out;
    }

    static Expr comparison(SqlKind kind, Expr left, Expr right) {
        checkComparable(left, right);
        return new Exprs.Binary(left, right, SqlType.BOOLEAN, switch (kind) {
            case EQUALS -> (a, b) -> Arithmetic.equal(a, b);
            case NOT_EQUALS -> (a, b) -> !Arithmetic.equal(a, b);
            case LESS_THAN -> (a, b) -> Arithmetic.compare(a, b) < 0;
            case GREATER_THAN -> (a, b) -> Arithmetic.compare(a, b) > 0;
            case LESS_THAN_OR_EQUAL -> (a, b) -> Arithmetic.compare(a, b) <= 0;
            default -> (a, b) -> Arithmetic.compare(a, b) >= 0;
        });
    }

    private static void checkComparable(Expr left, Expr right) {
        SqlType a = left.type();
        SqlType b = right.type();
        if (a.kind() == SqlType.Kind.NULL || b.kind() == SqlType.Kind.NULL) {
            return;
        }
        boolean ok = (a.numeric() && b.numeric()) || (a.character() && b.character()) || a.kind() == b.kind()
                || (a.temporal() && b.temporal());
        if (!ok) {
            throw new SqlCompileException("Cannot compare " + a + " with " + b);
        }
    }

    private Expr arithmetic(SqlKind kind, Expr left, Expr right, SqlCall call) {
        SqlType a = left.type();
        SqlType b = right.type();
        boolean interval = a.kind() == SqlType.Kind.INTERVAL || b.kind() == SqlType.Kind.INTERVAL;
        if (a.temporal() || b.temporal() || interval) {
            SqlType result;
            if (a.temporal() && b.kind() == SqlType.Kind.INTERVAL && (kind == SqlKind.PLUS || kind == SqlKind.MINUS)) {
                result = a;
            } else if (b.temporal() && a.kind() == SqlType.Kind.INTERVAL && kind == SqlKind.PLUS) {
                result = b;
            } else if (interval && !a.temporal() && !b.temporal()) {
                result = SqlType.INTERVAL;
            } else {
                throw new SqlCompileException("Cannot apply " + call.getOperator().getName() + " to " + a + " and "
                        + b, call.getParserPosition());
            }
            boolean scaled = kind == SqlKind.TIMES || kind == SqlKind.DIVIDE;
            SqlType.Kind math = scaled && (a.kind() == SqlType.Kind.DOUBLE || b.kind() == SqlType.Kind.DOUBLE
                    || a.kind() == SqlType.Kind.REAL || b.kind() == SqlType.Kind.REAL) ? SqlType.Kind.DOUBLE
                    : SqlType.Kind.BIGINT;
            Exprs.BinaryFn fn = op(kind, math);
            return new Exprs.Binary(left, right, result, (x, y) -> {
                Object r = fn.apply(x, y);
                return r instanceof Double d ? (long) Math.floor(d) : ((Number) r).longValue();
            });
        }
        requireNumeric(left, call.operand(0));
        requireNumeric(right, call.operand(1));
        SqlType type = Arithmetic.promote(a, b);
        return new Exprs.Binary(left, right, type, op(kind, type.kind()));
    }

    private static Exprs.BinaryFn op(SqlKind kind, SqlType.Kind math) {
        return switch (kind) {
            case PLUS -> (x, y) -> Arithmetic.add(x, y, math);
            case MINUS -> (x, y) -> Arithmetic.subtract(x, y, math);
            case TIMES -> (x, y) -> Arithmetic.multiply(x, y, math);
            case DIVIDE -> (x, y) -> Arithmetic.divide(x, y, math);
            default -> (x, y) -> Arithmetic.mod(x, y, math);
        };
    }

    /** {@code (t1 - t2) unit}: the difference of two timestamps as an interval, in milliseconds. */
    private Expr datetimeMinus(SqlCall call) {
        Expr a = compile(call.operand(0));
        Expr b = compile(call.operand(1));
        if (!a.type().temporal() || !b.type().temporal()) {
            throw new SqlCompileException("(a - b) unit needs two timestamps", call.getParserPosition());
        }
        return new Exprs.Binary(a, b, SqlType.INTERVAL, (x, y) -> (Long) x - (Long) y);
    }

    private Expr pattern(SqlCall call) {
        boolean similar = call.getKind() == SqlKind.SIMILAR;
        boolean negated = call.getOperator() instanceof org.apache.calcite.sql.fun.SqlLikeOperator like
                && like.isNegated();
        Expr value = requireText(compile(call.operand(0)), call.operand(0));
        Expr pattern = requireText(compile(call.operand(1)), call.operand(1));
        Character escape = null;
        if (call.operandCount() > 2 && call.operand(2) != null) {
            Expr e = compile(call.operand(2));
            if (!(e instanceof Exprs.Literal lit) || !(lit.value() instanceof String s) || s.length() != 1) {
                throw new SqlCompileException("ESCAPE must be a single character", call.getParserPosition());
            }
            escape = s.charAt(0);
        }
        Character esc = escape;
        if (pattern instanceof Exprs.Literal lit && lit.value() instanceof String text) {
            Pattern compiled;
            try {
                compiled = similar ? Patterns.similar(text, esc) : Patterns.like(text, esc);
            } catch (RowException e) {
                throw new SqlCompileException(e.getMessage(), call.getParserPosition());
            }
            return new Exprs.Unary(value, SqlType.BOOLEAN,
                    v -> compiled.matcher((String) v).matches() != negated);
        }
        return new Exprs.Binary(value, pattern, SqlType.BOOLEAN, (v, p) -> (similar
                ? Patterns.similar((String) p, esc) : Patterns.like((String) p, esc)).matcher((String) v).matches()
                != negated);
    }

    private Expr in(SqlCall call, boolean negated) {
        Expr value = compile(call.operand(0));
        if (!(call.operand(1) instanceof SqlNodeList list)) {
            throw new SqlCompileException("IN takes a list of values here, not a query", call.getParserPosition());
        }
        Expr[] options = compileAll(list.getList());
        for (Expr option : options) {
            checkComparable(value, option);
        }
        Expr[] all = new Expr[options.length + 1];
        all[0] = value;
        System.arraycopy(options, 0, all, 1, options.length);
        return new Exprs.Lenient(all, SqlType.BOOLEAN, v -> {
            if (v[0] == null) {
                return null;
            }
            boolean unknown = false;
            for (int i = 1; i < v.length; i++) {
                if (v[i] == null) {
                    unknown = true;
                } else if (Arithmetic.equal(v[0], v[i])) {
                    return !negated;
                }
            }
            return unknown ? null : negated;
        });
    }

    private Expr between(SqlCall call) {
        boolean negated = call.getOperator() instanceof org.apache.calcite.sql.fun.SqlBetweenOperator b
                && b.isNegated();
        Expr v = compile(call.operand(0));
        Expr low = compile(call.operand(1));
        Expr high = compile(call.operand(2));
        checkComparable(v, low);
        checkComparable(v, high);
        return new Exprs.Strict(new Expr[] {v, low, high}, SqlType.BOOLEAN, a -> (Arithmetic.compare(a[0], a[1]) >= 0
                && Arithmetic.compare(a[0], a[2]) <= 0) != negated);
    }

    private Expr floorCeil(SqlCall call, boolean floor) {
        Expr arg = compile(call.operand(0));
        if (call.operandCount() == 2 && call.operand(1) instanceof SqlIntervalQualifier q) {
            TimeUnit unit = q.getStartUnit();
            if (arg.type().kind() == SqlType.Kind.INTERVAL) {
                long size = unit.multiplier.longValueExact();
                return new Exprs.Unary(arg, SqlType.INTERVAL, v -> floor ? TimeUnits.step((Long) v, size)
                        : -TimeUnits.step(-(Long) v, size));
            }
            if (!arg.type().temporal()) {
                throw new SqlCompileException((floor ? "FLOOR" : "CEIL") + "(... TO " + unit
                        + ") needs a timestamp, not " + arg.type(), call.getParserPosition());
            }
            TimeUnit u = unit;
            return new Exprs.Unary(arg, arg.type(), v -> floor ? TimeUnits.floor((Long) v, u)
                    : TimeUnits.ceil((Long) v, u));
        }
        requireNumeric(arg, call.operand(0));
        return switch (arg.type().kind()) {
            case DOUBLE, REAL -> new Exprs.Unary(arg, arg.type(), v -> floor ? Math.floor((Double) v)
                    : Math.ceil((Double) v));
            case DECIMAL -> new Exprs.Unary(arg, SqlType.decimal(0, 0), v -> ((BigDecimal) v).setScale(0, floor
                    ? java.math.RoundingMode.FLOOR : java.math.RoundingMode.CEILING));
            default -> arg;
        };
    }

    private Expr trim(SqlCall call) {
        SqlTrimFunction.Flag flag = ((SqlLiteral) call.operand(0)).getValueAs(SqlTrimFunction.Flag.class);
        Expr chars = requireText(compile(call.operand(1)), call.operand(1));
        Expr text = requireText(compile(call.operand(2)), call.operand(2));
        return new Exprs.Binary(chars, text, text.type(), (c, t) -> {
            String s = (String) t;
            String set = (String) c;
            int start = 0;
            int end = s.length();
            if (flag != SqlTrimFunction.Flag.TRAILING) {
                while (start < end && set.indexOf(s.charAt(start)) >= 0) {
                    start++;
                }
            }
            if (flag != SqlTrimFunction.Flag.LEADING) {
                while (end > start && set.indexOf(s.charAt(end - 1)) >= 0) {
                    end--;
                }
            }
            return s.substring(start, end);
        });
    }

    static SqlType dataType(SqlDataTypeSpec spec) {
        String text = spec.toString().replace("`", "").replace("\"", "");
        try {
            return SqlType.parse(text);
        } catch (IllegalArgumentException e) {
            throw new SqlCompileException("Unsupported data type " + text, spec.getParserPosition());
        }
    }

    static Expr requireBoolean(Expr expr, SqlNode node) {
        if (expr.type().kind() != SqlType.Kind.BOOLEAN && expr.type().kind() != SqlType.Kind.NULL) {
            throw new SqlCompileException("Expected a BOOLEAN expression, not " + expr.type() + ": " + node,
                    node.getParserPosition());
        }
        return expr;
    }

    static Expr requireNumeric(Expr expr, SqlNode node) {
        if (!expr.type().numeric() && expr.type().kind() != SqlType.Kind.NULL) {
            throw new SqlCompileException("Expected a numeric expression, not " + expr.type() + ": " + node,
                    node.getParserPosition());
        }
        return expr;
    }

    static Expr requireText(Expr expr, SqlNode node) {
        if (!expr.type().character() && expr.type().kind() != SqlType.Kind.NULL) {
            throw new SqlCompileException("Expected a character expression, not " + expr.type() + ": " + node,
                    node.getParserPosition());
        }
        return expr;
    }

    static SqlCompileException unsupported(SqlNode node) {
        return new SqlCompileException("Unsupported expression " + node.toString().replace('`', '"'),
                node.getParserPosition());
    }

    static String functionName(SqlCall call) {
        return call.getOperator().getName().toUpperCase(Locale.ROOT);
    }

}
