package io.sluice.local.internal.analytics.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSelectKeyword;

/**
 * Turns one SELECT STREAM (with what it reads: a stream, a stream joined with a reference table, a subquery, or a
 * table function over a cursor) into a chain of operators, and names and types its output columns. Chooses the
 * kind of query: a continuous filter and projection, a tumbling GROUP BY, a stagger window, or sliding windows.
 * Not thread-safe; one per pump.
 */
final class QueryCompiler {

    private final Catalog catalog;
    private final ErrorSink errors;
    private final LongSupplier clock;

    /** A compiled query: the stream feeding it, its operators in order (the last emits its output), its shape. */
    record Plan(InAppStream source, List<Operator> operators, Relation output) {
    }

    /** What a FROM clause gives: the rows' layout, the stream at the root, and the operators that make the rows. */
    private record Source(Scope scope, InAppStream stream, List<Operator> operators, Relation shape) {
    }

    QueryCompiler(Catalog catalog, ErrorSink errors, LongSupplier clock) {
        this.catalog = catalog;
        this.errors = errors;
        this.clock = clock;
    }

    Plan compile(SqlNode query, String name) {
        SqlNodeList orderBy = null;
        if (query instanceof SqlOrderBy ordered) {
            if (ordered.offset != null || ordered.fetch != null) {
                throw new SqlCompileException("OFFSET and FETCH are not supported on streams",
                        ordered.getParserPosition());
            }
            orderBy = ordered.orderList;
            query = ordered.query;
        }
        if (!(query instanceof SqlSelect select)) {
            throw new SqlCompileException("Unsupported query " + describe(query) + ": a pump runs SELECT STREAM "
                    + "... FROM ...", query.getParserPosition());
        }
        if (!select.isKeywordPresent(SqlSelectKeyword.STREAM)) {
            throw new SqlCompileException("A query over a stream must be SELECT STREAM", select.getParserPosition());
        }
        if (select.isDistinct()) {
            throw new SqlCompileException("SELECT DISTINCT is not supported on streams", select.getParserPosition());
        }
        if (select.getFrom() == null) {
            throw new SqlCompileException("SELECT STREAM needs FROM", select.getParserPosition());
        }
        Source from = from(select.getFrom());
        List<SqlNode> items = expand(select.getSelectList(), from.scope());
        List<SqlNode> all = new ArrayList<>(items);
        if (select.getHaving() != null) {
            all.add(select.getHaving());
        }
        boolean grouped = select.getGroup() != null && !select.getGroup().isEmpty();
        boolean aggregated = grouped || !SqlTrees.aggregates(all).isEmpty();
        boolean windowed = items.stream().anyMatch(SqlTrees::hasOver);
        if (select.getWhere() != null && (SqlTrees.hasOver(select.getWhere())
                || !SqlTrees.aggregates(List.of(select.getWhere())).isEmpty())) {
            throw new SqlCompileException("WHERE cannot use aggregate or analytic functions; use HAVING",
                    select.getWhere().getParserPosition());
        }
        ExprCompiler plain = new ExprCompiler(from.scope(), null, clock);
        Expr where = select.getWhere() == null ? null
                : ExprCompiler.requireBoolean(plain.compile(select.getWhere()), select.getWhere());
        List<Operator> operators = new ArrayList<>(from.operators());
        Operator main;
        List<Column> columns;
        if (aggregated) {
            if (windowed) {
                throw new SqlCompileException("A query cannot mix GROUP BY or aggregates with OVER windows",
                        select.getParserPosition());
            }
            if (orderBy != null) {
                throw new SqlCompileException("ORDER BY is not supported on an aggregating query",
                        orderBy.getParserPosition());
            }
            AggregateCompiler.Result result = new AggregateCompiler(from.scope(), from.shape(), clock)
                    .compile(select, items, where);
            main = result.operator();
            columns = result.columns();
        } else {
            if (select.getHaving() != null) {
                throw new SqlCompileException("HAVING needs GROUP BY", select.getHaving().getParserPosition());
            }
            if (orderBy != null) {
                operators.add(sort(orderBy, items, from.scope()));
            }
            if (windowed) {
                WindowCompiler.Result result = new WindowCompiler(from.scope(), from.shape(), clock)
                        .compile(select, items, where);
                main = result.operator();
                columns = result.columns();
            } else {
                List<Expr> exprs = new ArrayList<>();
                columns = new ArrayList<>();
                Expr rowtime = null;
                for (int i = 0; i < items.size(); i++) {
                    Expr expr = plain.compile(SqlTrees.unalias(items.get(i)));
                    String itemName = name(items.get(i), i);
                    if (Relation.ROWTIME.equals(itemName)) {
                        rowtime = rowtimeItem(expr, items.get(i));
                        continue;
                    }
                    exprs.add(expr);
                    columns.add(new Column(itemName, expr.type()));
                }
                main = new Project(where, exprs.toArray(Expr[]::new), rowtime, from.shape());
            }
        }
        operators.add(main);
        return new Plan(from.stream(), operators, Relation.stream(name == null ? "EXPR$" : name, columns));
    }

    /**
     * An item named ROWTIME sets the output rows' ROWTIME instead of filling a column; it must be a TIMESTAMP.
     */
    static Expr rowtimeItem(Expr expr, SqlNode item) {
        if (expr.type().kind() != SqlType.Kind.TIMESTAMP) {
            throw new SqlCompileException("An item selected as ROWTIME must be a TIMESTAMP, not " + expr.type(),
                    item.getParserPosition());
        }
        return expr;
    }

    private Operator sort(SqlNodeList orderBy, List<SqlNode> items, Scope scope) {
        ExprCompiler compiler = new ExprCompiler(scope, null, clock);
        List<Expr> keys = new ArrayList<>();
        List<Boolean> descending = new ArrayList<>();
        for (int i = 0; i < orderBy.size(); i++) {
            SqlNode key = orderBy.get(i);
            boolean desc = false;
            if (key.getKind() == SqlKind.DESCENDING) {
                desc = true;
                key = ((SqlCall) key).operand(0);
            }
            key = aliasTarget(key, items);
            if (i == 0 && (desc || !SqlTrees.isMonotonic(key))) {
                throw new SqlCompileException("A streaming ORDER BY must start with an ascending expression of "
                        + "ROWTIME, such as FLOOR(\"S\".ROWTIME TO SECOND)", key.getParserPosition());
            }
            keys.add(compiler.compile(key));
            descending.add(desc);
        }
        return new Sort(keys.toArray(Expr[]::new), descending.stream().map(Boolean::booleanValue).toList(),
                scope.width());
    }

    /** An ORDER BY name that is a select item's alias stands for that item's expression. */
    private static SqlNode aliasTarget(SqlNode key, List<SqlNode> items) {
        if (key instanceof SqlIdentifier id && id.isSimple()) {
            for (SqlNode item : items) {
                if (item.getKind() == SqlKind.AS && id.getSimple().equals(SqlTrees.itemName(item))) {
                    return SqlTrees.unalias(item);
                }
            }
        }
        return key;
    }

    private Source from(SqlNode node) {
        String alias = null;
        if (node.getKind() == SqlKind.AS) {
            SqlCall as = (SqlCall) node;
            alias = ((SqlIdentifier) as.operand(1)).getSimple();
            node = as.operand(0);
        }
        if (node instanceof SqlIdentifier id) {
            String name = id.names.get(id.names.size() - 1);
            InAppStream stream = catalog.stream(name);
            if (stream == null) {
                if (catalog.table(name) != null) {
                    throw new SqlCompileException("Reference table " + name + " can only be joined to a stream",
                            id.getParserPosition());
                }
                throw new SqlCompileException("Stream " + name + " not found" + hint(name), id.getParserPosition());
            }
            Scope scope = new Scope().add(alias != null ? alias : name, stream.relation());
            return new Source(scope, stream, new ArrayList<>(), stream.relation());
        }
        if (node instanceof SqlJoin join) {
            return join(join);
        }
        if (node instanceof SqlSelect || node instanceof SqlOrderBy) {
            Plan inner = compile(node, alias);
            Scope scope = new Scope().add(alias != null ? alias : "EXPR$", inner.output());
            return new Source(scope, inner.source(), new ArrayList<>(inner.operators()), inner.output());
        }
        if (node.getKind() == SqlKind.COLLECTION_TABLE) {
            return tableFunction((SqlCall) ((SqlCall) node).operand(0), alias);
        }
        throw new SqlCompileException("Unsupported FROM item " + describe(node), node.getParserPosition());
    }

    private String hint(String name) {
        for (String known : catalog.streams().keySet()) {
            if (known.equalsIgnoreCase(name)) {
                return "; did you mean \"" + known + "\" (quoted names keep their case)?";
            }
        }
        return "";
    }

    private Source join(SqlJoin join) {
        JoinType type = join.getJoinType();
        if (type != JoinType.INNER && type != JoinType.LEFT && type != JoinType.COMMA) {
            throw new SqlCompileException(type + " JOIN is not supported: join a stream with a reference table "
                    + "using JOIN or LEFT JOIN", join.getParserPosition());
        }
        Source left = from(join.getLeft());
        SqlNode right = join.getRight();
        String alias = null;
        if (right.getKind() == SqlKind.AS) {
            alias = ((SqlIdentifier) ((SqlCall) right).operand(1)).getSimple();
            right = ((SqlCall) right).operand(0);
        }
        ReferenceTable table = right instanceof SqlIdentifier id ? catalog.table(id.names.get(id.names.size() - 1))
                : null;
        if (table == null) {
            throw new SqlCompileException("The right side of a JOIN must be a reference table; joins of two "
                    + "streams are not supported: " + describe(right), right.getParserPosition());
        }
        int streamWidth = left.scope().width();
        Scope scope = new Scope();
        for (Scope.Entry entry : left.scope().entries()) {
            scope.add(entry.alias(), entry.relation());
        }
        scope.add(alias != null ? alias : table.relation().name(), table.relation());
        SqlNode on = join.getCondition();
        if (join.isNatural() || (on != null && join.getConditionType() != org.apache.calcite.sql.JoinConditionType.ON)) {
            throw new SqlCompileException("Only JOIN ... ON is supported", join.getParserPosition());
        }
        ExprCompiler compiler = new ExprCompiler(scope, null, clock);
        Expr condition = on == null ? null : ExprCompiler.requireBoolean(compiler.compile(on), on);
        Expr probe = null;
        int tableColumn = -1;
        for (SqlNode conjunct : conjuncts(on)) {
            if (conjunct.getKind() != SqlKind.EQUALS) {
                continue;
            }
            Expr a = compiler.compile(((SqlCall) conjunct).operand(0));
            Expr b = compiler.compile(((SqlCall) conjunct).operand(1));
            if (b instanceof Exprs.Column c && c.index() >= streamWidth && reads(a, streamWidth)) {
                probe = a;
                tableColumn = c.index() - streamWidth;
                break;
            }
            if (a instanceof Exprs.Column c && c.index() >= streamWidth && reads(b, streamWidth)) {
                probe = b;
                tableColumn = c.index() - streamWidth;
                break;
            }
        }
        List<Column> columns = new ArrayList<>(left.shape().columns());
        columns.addAll(table.relation().columns());
        Relation shape = new Relation("JOIN", columns, left.shape().system());
        List<Operator> operators = new ArrayList<>(left.operators());
        operators.add(new ReferenceJoin(table, streamWidth, probe, tableColumn, condition, type == JoinType.LEFT,
                left.shape()));
        return new Source(scope, left.stream(), operators, shape);
    }

    /** Whether an expression is a column of the stream side of a joined row (the first {@code width} columns). */
    private static boolean reads(Expr expr, int width) {
        if (expr instanceof Exprs.Column c) {
            return c.index() < width;
        }
        return false;
    }

    private static List<SqlNode> conjuncts(SqlNode node) {
        List<SqlNode> out = new ArrayList<>();
        if (node instanceof SqlCall call && call.getKind() == SqlKind.AND) {
            for (SqlNode operand : call.getOperandList()) {
                out.addAll(conjuncts(operand));
            }
        } else if (node != null) {
            out.add(node);
        }
        return out;
    }

    private Source tableFunction(SqlCall fn, String alias) {
        String name = ExprCompiler.functionName(fn);
        if (fn.operandCount() == 0 || fn.operand(0).getKind() != SqlKind.CURSOR) {
            throw new SqlCompileException(name + " takes CURSOR(SELECT STREAM ...) first", fn.getParserPosition());
        }
        Plan inner = compile(((SqlCall) fn.operand(0)).operand(0), null);
        Relation in = inner.output();
        List<Operator> operators = new ArrayList<>(inner.operators());
        Relation out;
        switch (name) {
            case "TOP_K_ITEMS_TUMBLING" -> {
                if (fn.operandCount() != 4) {
                    throw new SqlCompileException("TOP_K_ITEMS_TUMBLING(CURSOR(...), 'column', k, windowSeconds) "
                            + "takes 4 arguments", fn.getParserPosition());
                }
                String column = text(fn.operand(1), name);
                int index = in.indexOf(column);
                if (index < 0) {
                    index = in.indexOf(column.toUpperCase(Locale.ROOT));
                }
                if (index <= 0) {
                    throw new SqlCompileException("TOP_K_ITEMS_TUMBLING: column '" + column + "' not found in the "
                            + "cursor", fn.operand(1).getParserPosition());
                }
                long k = number(fn.operand(2), name, 1, 100_000);
                long seconds = number(fn.operand(3), name, 1, 3600);
                operators.add(new TopKItems(index, in.columns().get(index).type(), (int) k, seconds * 1000));
                out = TopKItems.relation(alias != null ? alias : name);
            }
            case "RANDOM_CUT_FOREST", "RANDOM_CUT_FOREST_WITH_EXPLANATION" -> {
                boolean explain = name.endsWith("EXPLANATION");
                int max = explain ? 6 : 5;
                if (fn.operandCount() > max) {
                    throw new SqlCompileException(name + " takes at most " + max + " arguments",
                            fn.getParserPosition());
                }
                int trees = (int) optional(fn, 1, 100, name, 1, 1000);
                int sample = (int) optional(fn, 2, 256, name, 10, 1000);
                long decay = optional(fn, 3, 100_000, name, 1, Integer.MAX_VALUE);
                int shingle = (int) optional(fn, 4, 1, name, 1, 30);
                if (sample >= decay) {
                    throw new SqlCompileException(name + ": subSampleSize must be less than timeDecay",
                            fn.getParserPosition());
                }
                int[] numeric = RandomCutForestScore.numericColumns(in);
                if (numeric.length == 0) {
                    throw new SqlCompileException(name + " needs at least one numeric column in the cursor",
                            fn.getParserPosition());
                }
                String[] names = new String[numeric.length];
                for (int i = 0; i < numeric.length; i++) {
                    names[i] = in.columns().get(numeric[i]).name();
                }
                operators.add(new RandomCutForestScore(numeric, names, trees, sample, decay, shingle, explain,
                        in.columns().size()));
                List<Column> columns = new ArrayList<>(in.visibleColumns());
                columns.add(new Column("ANOMALY_SCORE", SqlType.DOUBLE));
                if (explain) {
                    columns.add(new Column("ANOMALY_EXPLANATION", SqlType.varchar(20480)));
                }
                out = Relation.stream(alias != null ? alias : name, columns);
            }
            default -> throw new SqlCompileException("Unsupported table function " + name
                    + " (supported: TOP_K_ITEMS_TUMBLING, RANDOM_CUT_FOREST, RANDOM_CUT_FOREST_WITH_EXPLANATION)",
                    fn.getParserPosition());
        }
        Scope scope = new Scope().add(alias != null ? alias : name, out);
        return new Source(scope, inner.source(), operators, out);
    }

    private static String text(SqlNode node, String fn) {
        if (node instanceof SqlCharStringLiteral s) {
            return s.getValueAs(String.class);
        }
        throw new SqlCompileException(fn + " takes a column name as a string literal", node.getParserPosition());
    }

    private static long optional(SqlCall fn, int i, long fallback, String name, long min, long max) {
        return fn.operandCount() > i ? number(fn.operand(i), name, min, max) : fallback;
    }

    private static long number(SqlNode node, String fn, long min, long max) {
        if (node instanceof SqlLiteral literal && ExprCompiler.literal(literal).eval(new Object[0]) instanceof Number n
                && n.longValue() >= min && n.longValue() <= max) {
            return n.longValue();
        }
        throw new SqlCompileException(fn + ": " + node + " must be a number from " + min + " to " + max,
                node.getParserPosition());
    }

    /** The select list with {@code *} and {@code alias.*} replaced by the columns they stand for. */
    private static List<SqlNode> expand(SqlNodeList list, Scope scope) {
        List<SqlNode> out = new ArrayList<>();
        for (SqlNode item : list) {
            if (item instanceof SqlIdentifier id && id.isStar()) {
                for (Scope.Entry entry : scope.entries()) {
                    if (id.names.size() == 2 && !entry.alias().equals(id.names.get(0))) {
                        continue;
                    }
                    for (Column column : entry.relation().visibleColumns()) {
                        out.add(new SqlIdentifier(List.of(entry.alias(), column.name()), id.getParserPosition()));
                    }
                }
            } else {
                out.add(item);
            }
        }
        return out;
    }

    /** The output name of select item {@code i}. */
    static String name(SqlNode item, int i) {
        String name = SqlTrees.itemName(item);
        return name != null ? name : "EXPR$" + i;
    }

    private static String describe(SqlNode node) {
        String text = node.toString().replace('`', '"').replace('\n', ' ');
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    ErrorSink errors() {
        return errors;
    }
}
