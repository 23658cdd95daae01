package io.sluice.local.internal.analytics.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWindow;

/**
 * Compiles a query with analytic functions ({@code f(...) OVER w}, named in a WINDOW clause or inline) into a
 * {@link SlidingWindow}. Windows are ordered by ROWTIME (an ORDER BY other than ROWTIME is refused), bounded by
 * {@code RANGE INTERVAL ... PRECEDING} or {@code ROWS n PRECEDING} (or CURRENT ROW), and end at the current row.
 * Functions: the aggregates and LAG. Not thread-safe.
 */
final class WindowCompiler {

    private final Scope scope;
    private final Relation input;
    private final LongSupplier clock;

    record Result(Operator operator, List<Column> columns) {
    }

    WindowCompiler(Scope scope, Relation input, LongSupplier clock) {
        this.scope = scope;
        this.input = input;
        this.clock = clock;
    }

    Result compile(SqlSelect select, List<SqlNode> items, Expr where) {
        Map<String, SqlWindow> named = new HashMap<>();
        for (SqlNode node : select.getWindowList()) {
            SqlWindow window = (SqlWindow) node;
            named.put(window.getDeclName().getSimple(), window);
        }
        ExprCompiler plain = new ExprCompiler(scope, null, clock);
        List<SlidingWindow.Spec> windows = new ArrayList<>();
        Map<String, Integer> windowIndex = new HashMap<>();
        List<SlidingWindow.Call> calls = new ArrayList<>();
        List<SqlType> callTypes = new ArrayList<>();
        Map<SqlNode, Integer> callIndex = new java.util.IdentityHashMap<>();
        int width = scope.width();
        ExprCompiler windowed = new ExprCompiler(scope, node -> {
            if (node instanceof SqlCall call && call.getKind() == SqlKind.OVER) {
                Integer known = callIndex.get(call);
                if (known == null) {
                    SqlWindow window = window(call.operand(1), named);
                    String key = windowKey(window);
                    Integer w = windowIndex.get(key);
                    if (w == null) {
                        w = windows.size();
                        windowIndex.put(key, w);
                        windows.add(spec(window, plain));
                    }
                    known = calls.size();
                    SlidingWindow.Call compiled = function(call.operand(0), w, plain);
                    calls.add(compiled);
                    callTypes.add(compiled.aggregate() != null ? compiled.aggregate().type()
                            : compiled.lagValue().type());
                    callIndex.put(call, known);
                }
                return Expr.column(width + known, callTypes.get(known));
            }
            if (node instanceof SqlCall call && Functions.isAggregate(call)) {
                throw new SqlCompileException(ExprCompiler.functionName(call) + " needs OVER a window here",
                        call.getParserPosition());
            }
            return null;
        }, clock);
        List<Expr> exprs = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        Expr rowtime = null;
        for (int i = 0; i < items.size(); i++) {
            String name = QueryCompiler.name(items.get(i), i);
            Expr expr = windowed.compile(SqlTrees.unalias(items.get(i)));
            if (Relation.ROWTIME.equals(name)) {
                rowtime = QueryCompiler.rowtimeItem(expr, items.get(i));
                continue;
            }
            exprs.add(expr);
            columns.add(new Column(name, expr.type()));
        }
        return new Result(new SlidingWindow(where, windows.toArray(SlidingWindow.Spec[]::new),
                calls.toArray(SlidingWindow.Call[]::new), exprs.toArray(Expr[]::new), rowtime, input, width),
                columns);
    }

    private static SqlWindow window(SqlNode node, Map<String, SqlWindow> named) {
        if (node instanceof SqlIdentifier id) {
            SqlWindow window = named.get(id.getSimple());
            if (window == null) {
                throw new SqlCompileException("Window " + id.getSimple() + " is not defined in the WINDOW clause",
                        id.getParserPosition());
            }
            return resolve(window, named);
        }
        return resolve((SqlWindow) node, named);
    }

    /** A window that refers to another ({@code (w PARTITION BY ...)}) takes what it leaves out from it. */
    private static SqlWindow resolve(SqlWindow window, Map<String, SqlWindow> named) {
        if (window.getRefName() == null) {
            return window;
        }
        SqlWindow base = named.get(window.getRefName().getSimple());
        if (base == null) {
            throw new SqlCompileException("Window " + window.getRefName() + " is not defined",
                    window.getParserPosition());
        }
        SqlWindow merged = base.overlay(window, null);
        if (merged == null) {
            throw new SqlCompileException("Window " + window + " cannot refine " + window.getRefName(),
                    window.getParserPosition());
        }
        return merged;
    }

    private String windowKey(SqlWindow window) {
        return SqlTrees.key(window.getPartitionList(), scope) + "|" + window.isRows() + "|"
                + window.getLowerBound() + "|" + window.getUpperBound();
    }

    private SlidingWindow.Spec spec(SqlWindow window, ExprCompiler plain) {
        for (SqlNode order : window.getOrderList()) {
            SqlNode key = order.getKind() == SqlKind.DESCENDING ? ((SqlCall) order).operand(0) : order;
            if (!(key instanceof SqlIdentifier id) || !Relation.ROWTIME.equals(id.names.get(id.names.size() - 1))
                    || order.getKind() == SqlKind.DESCENDING) {
                throw new SqlCompileException("Sliding windows are ordered by ROWTIME; ORDER BY " + order
                        + " is not supported", order.getParserPosition());
            }
        }
        SqlNode upper = window.getUpperBound();
        if (upper != null && !SqlWindow.isCurrentRow(upper)) {
            throw new SqlCompileException("A sliding window must end at the current row", upper.getParserPosition());
        }
        List<SqlNode> partition = window.getPartitionList().getList();
        Expr[] keys = new Expr[partition.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = plain.compile(partition.get(i));
        }
        SqlNode lower = window.getLowerBound();
        if (lower == null || SqlWindow.isUnboundedPreceding(lower)) {
            throw new SqlCompileException("A sliding window needs RANGE INTERVAL '<n>' <unit> PRECEDING or ROWS <n> "
                    + "PRECEDING; unbounded windows are not supported", window.getParserPosition());
        }
        long extent = 0;
        if (!SqlWindow.isCurrentRow(lower)) {
            if (lower.getKind() != SqlKind.PRECEDING) {
                throw new SqlCompileException("A sliding window must start before the current row",
                        lower.getParserPosition());
            }
            SqlNode amount = ((SqlCall) lower).operand(0);
            if (window.isRows()) {
                Object n = amount instanceof SqlLiteral literal ? ExprCompiler.literal(literal).eval(new Object[0])
                        : null;
                if (!(n instanceof Integer || n instanceof Long) || ((Number) n).longValue() < 0) {
                    throw new SqlCompileException("ROWS needs a number of rows: " + amount,
                            amount.getParserPosition());
                }
                extent = ((Number) n).longValue();
            } else if (amount instanceof SqlIntervalLiteral interval) {
                extent = ExprCompiler.intervalMillis(interval);
            } else {
                throw new SqlCompileException("RANGE needs an INTERVAL: " + amount, amount.getParserPosition());
            }
        }
        return window.isRows() ? new SlidingWindow.Spec(keys, -1, extent) : new SlidingWindow.Spec(keys, extent, -1);
    }

    private SlidingWindow.Call function(SqlNode node, int window, ExprCompiler plain) {
        boolean ignoreNulls = false;
        if (node.getKind() == SqlKind.IGNORE_NULLS || node.getKind() == SqlKind.RESPECT_NULLS) {
            ignoreNulls = node.getKind() == SqlKind.IGNORE_NULLS;
            node = ((SqlCall) node).operand(0);
        }
        if (!(node instanceof SqlCall call)) {
            throw new SqlCompileException("OVER must follow a function call", node.getParserPosition());
        }
        String name = ExprCompiler.functionName(call);
        if (name.equals("LAG")) {
            if (call.operandCount() < 1 || call.operandCount() > 3) {
                throw new SqlCompileException("LAG takes 1 to 3 arguments", call.getParserPosition());
            }
            Expr value = plain.compile(call.operand(0));
            int offset = 1;
            if (call.operandCount() > 1) {
                Object n = call.operand(1) instanceof SqlLiteral literal
                        ? ExprCompiler.literal(literal).eval(new Object[0]) : null;
                if (!(n instanceof Integer i) || i < 0) {
                    throw new SqlCompileException("LAG's offset must be a number of rows", call.getParserPosition());
                }
                offset = (Integer) n;
            }
            Expr fallback = call.operandCount() > 2 ? ExprCompiler.cast(plain.compile(call.operand(2)), value.type())
                    : null;
            return new SlidingWindow.Call(window, null, value, offset, fallback, ignoreNulls);
        }
        if (!Functions.isAggregate(call)) {
            throw new SqlCompileException("Unsupported analytic function " + name + " (supported: COUNT, SUM, AVG, "
                    + "MIN, MAX, FIRST_VALUE, LAST_VALUE, STDDEV_*, VAR_*, LAG)", call.getParserPosition());
        }
        return new SlidingWindow.Call(window, Aggregates.compile(call, plain, true), null, 0, null, ignoreNulls);
    }
}
