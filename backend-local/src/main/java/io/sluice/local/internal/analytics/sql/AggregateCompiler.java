package io.sluice.local.internal.analytics.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;

/**
 * Compiles an aggregating query: a streaming GROUP BY (which must have an expression of ROWTIME that never
 * decreases, as AWS's validator requires) into a {@link TumblingAggregate}, or a stagger window into a
 * {@link StaggerAggregate}. SELECT items and HAVING may use the grouping expressions, aggregates of input columns,
 * and ROWTIME (the window's end). Not thread-safe.
 */
final class AggregateCompiler {

    private final Scope scope;
    private final Relation input;
    private final LongSupplier clock;

    record Result(Operator operator, List<Column> columns) {
    }

    AggregateCompiler(Scope scope, Relation input, LongSupplier clock) {
        this.scope = scope;
        this.input = input;
        this.clock = clock;
    }

    Result compile(SqlSelect select, List<SqlNode> items, Expr where) {
        List<SqlNode> groupBy = select.getGroup() == null ? List.of() : new ArrayList<>(select.getGroup().getList());
        long stagger = -1;
        if (!groupBy.isEmpty() && groupBy.get(0) instanceof SqlCall marker
                && ScriptParser.STAGGER.equals(marker.getOperator().getName())) {
            stagger = staggerRange(marker);
            groupBy.remove(0);
            if (groupBy.isEmpty()) {
                throw new SqlCompileException("WINDOWED BY STAGGER needs PARTITION BY keys", marker.getParserPosition());
            }
        }
        ExprCompiler plain = new ExprCompiler(scope, null, clock);
        Expr[] keys = new Expr[groupBy.size()];
        boolean[] monotonic = new boolean[groupBy.size()];
        Map<String, Integer> keyIndex = new HashMap<>();
        boolean anyMonotonic = false;
        for (int i = 0; i < keys.length; i++) {
            SqlNode node = groupBy.get(i);
            keys[i] = plain.compile(node);
            monotonic[i] = stagger < 0 && SqlTrees.isMonotonic(node);
            anyMonotonic |= monotonic[i];
            keyIndex.putIfAbsent(SqlTrees.key(node, scope), i);
        }
        if (stagger < 0 && !anyMonotonic) {
            throw new SqlCompileException("A streaming GROUP BY needs an expression of ROWTIME that never decreases, "
                    + "such as STEP(\"SOURCE_SQL_STREAM_001\".ROWTIME BY INTERVAL '60' SECOND) or FLOOR(ROWTIME TO "
                    + "MINUTE); without one the groups never end", select.getParserPosition());
        }
        List<SqlNode> all = new ArrayList<>(items);
        if (select.getHaving() != null) {
            all.add(select.getHaving());
        }
        List<Aggregates.Spec> aggregates = new ArrayList<>();
        Map<String, Integer> aggregateIndex = new HashMap<>();
        for (SqlCall call : SqlTrees.aggregates(all)) {
            String key = SqlTrees.key(call, scope);
            if (!aggregateIndex.containsKey(key)) {
                aggregateIndex.put(key, aggregates.size());
                aggregates.add(Aggregates.compile(call, plain, false));
            }
        }
        List<Column> groupColumns = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            groupColumns.add(new Column("GROUP$" + i, keys[i].type()));
        }
        for (int i = 0; i < aggregates.size(); i++) {
            groupColumns.add(new Column("AGG$" + i, aggregates.get(i).type()));
        }
        Relation groupShape = Relation.stream("GROUP", groupColumns);
        int base = 1 + keys.length;
        boolean staggered = stagger >= 0;
        ExprCompiler grouped = new ExprCompiler(scope, node -> {
            String key = SqlTrees.key(node, scope);
            Integer k = keyIndex.get(key);
            if (k != null) {
                return Expr.column(1 + k, keys[k].type());
            }
            Integer a = aggregateIndex.get(key);
            if (a != null && node instanceof SqlCall) {
                return Expr.column(base + a, aggregates.get(a).type());
            }
            if (node instanceof SqlIdentifier id && !id.isStar() && !ExprCompiler.isClock(id)) {
                if (Relation.ROWTIME.equals(id.names.get(id.names.size() - 1))) {
                    return Expr.column(0, SqlType.TIMESTAMP);
                }
                scope.resolve(id);
                throw new SqlCompileException("Column " + String.join(".", id.names) + " must be in "
                        + (staggered ? "PARTITION BY" : "GROUP BY") + " or inside an aggregate function",
                        id.getParserPosition());
            }
            return null;
        }, clock);
        List<Expr> exprs = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String name = QueryCompiler.name(items.get(i), i);
            Expr expr = grouped.compile(SqlTrees.unalias(items.get(i)));
            if (Relation.ROWTIME.equals(name)) {
                QueryCompiler.rowtimeItem(expr, items.get(i));
                continue;
            }
            exprs.add(expr);
            columns.add(new Column(name, expr.type()));
        }
        Expr having = select.getHaving() == null ? null
                : ExprCompiler.requireBoolean(grouped.compile(select.getHaving()), select.getHaving());
        Aggregates.Spec[] specs = aggregates.toArray(Aggregates.Spec[]::new);
        Expr[] itemExprs = exprs.toArray(Expr[]::new);
        GroupRows rows = new GroupRows(where, specs, having, itemExprs, groupShape);
        Operator op = stagger >= 0 ? new StaggerAggregate(keys, stagger, rows, input)
                : new TumblingAggregate(keys, monotonic, rows, input, scope.width());
        return new Result(op, columns);
    }

    private static long staggerRange(SqlCall marker) {
        if (marker.operandCount() != 1 || !(marker.operand(0) instanceof SqlIntervalLiteral interval)) {
            throw new SqlCompileException("WINDOWED BY STAGGER needs RANGE INTERVAL '<n>' <unit>",
                    marker.getParserPosition());
        }
        long millis = ExprCompiler.intervalMillis(interval);
        if (millis <= 0) {
            throw new SqlCompileException("A stagger window's range must be positive", marker.getParserPosition());
        }
        return millis;
    }
}
