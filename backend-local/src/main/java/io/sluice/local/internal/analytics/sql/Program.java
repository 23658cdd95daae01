package io.sluice.local.internal.analytics.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;

/**
 * A compiled application: its in-application streams (the input streams, those the code creates, and
 * {@code error_stream}), its reference tables, and its pumps as chains of operators. Rows are pushed in with
 * {@link #insert}, time with {@link #advance}; readers of streams (the outputs) get rows as they are made. Not
 * thread-safe: an application runs on one thread.
 */
public final class Program {

    private final Catalog catalog = new Catalog();
    private final List<Operator> operators = new ArrayList<>();
    private final Map<String, String> pumps = new LinkedHashMap<>();
    private final Set<String> inputNames = new java.util.HashSet<>();
    private final InAppStream errorStream;
    private final Origin origin = new Origin();
    private final ErrorSink inputErrors;

    private Program(LongSupplier clock) {
        this.errorStream = new InAppStream(ErrorSink.relation());
        this.inputErrors = new ErrorSink(errorStream, null, clock);
    }

    /**
     * Compiles application code against its input streams and reference tables.
     *
     * @param inputs the input in-application streams (ROWTIME first, as {@link Relation#stream} makes them)
     * @param tables the reference tables
     * @param clock the time CURRENT_ROW_TIMESTAMP and error rows read
     * @throws SqlCompileException when the code cannot run, naming the construct
     */
    public static Program compile(String code, List<Relation> inputs, List<Relation> tables, LongSupplier clock) {
        Program program = new Program(clock);
        Catalog catalog = program.catalog;
        for (Relation input : inputs) {
            InAppStream stream = new InAppStream(input);
            stream.errors(program.inputErrors);
            catalog.addStream(stream);
            program.inputNames.add(input.name());
        }
        for (Relation table : tables) {
            catalog.addTable(new ReferenceTable(table));
        }
        catalog.addStream(program.errorStream);
        for (ScriptParser.Statement statement : ScriptParser.parse(code)) {
            if (statement instanceof ScriptParser.CreateStream create) {
                program.createStream(create);
            } else {
                program.createPump((ScriptParser.CreatePump) statement, clock);
            }
        }
        return program;
    }

    private void createStream(ScriptParser.CreateStream create) {
        InAppStream existing = catalog.stream(create.name());
        if (existing != null && (existing == errorStream || existing.hasReaders() || inputNames.contains(create.name()))) {
            throw new SqlCompileException("Stream " + create.name() + " already exists and is in use (line "
                    + create.line() + ")");
        }
        InAppStream stream = new InAppStream(Relation.stream(create.name(), create.columns()));
        stream.errors(inputErrors);
        catalog.addStream(stream);
    }

    private void createPump(ScriptParser.CreatePump create, LongSupplier clock) {
        if (pumps.containsKey(create.name())) {
            throw new SqlCompileException("Pump " + create.name() + " is defined twice (line " + create.line() + ")");
        }
        SqlInsert insert = create.insert();
        SqlIdentifier targetName = (SqlIdentifier) insert.getTargetTable();
        String name = targetName.names.get(targetName.names.size() - 1);
        InAppStream target = catalog.stream(name);
        if (target == null || target == errorStream) {
            throw new SqlCompileException((target == null ? "Stream " + name + " not found" : "error_stream cannot "
                    + "be written by a pump") + " (pump " + create.name() + ", line " + create.line() + ")",
                    targetName.getParserPosition());
        }
        ErrorSink errors = new ErrorSink(errorStream, create.name(), clock);
        QueryCompiler compiler = new QueryCompiler(catalog, errors, clock);
        QueryCompiler.Plan plan;
        try {
            plan = compiler.compile(insert.getSource(), null);
        } catch (SqlCompileException e) {
            throw new SqlCompileException("Pump " + create.name() + ": " + e.getMessage());
        }
        if (plan.source() == target) {
            throw new SqlCompileException("Pump " + create.name() + " reads and writes stream " + name);
        }
        int[] columns = targetColumns(insert, target.relation(), plan.output(), create.name());
        Insert sink = new Insert(target, columns, plan.output());
        sink.connect(null, errors, origin);
        List<Operator> chain = plan.operators();
        for (int i = 0; i < chain.size(); i++) {
            chain.get(i).connect(i + 1 < chain.size() ? chain.get(i + 1) : sink, errors, origin);
        }
        plan.source().subscribe(chain.get(0));
        operators.addAll(chain);
        pumps.put(create.name(), name);
    }

    private static int[] targetColumns(SqlInsert insert, Relation target, Relation output, String pump) {
        List<Column> produced = output.visibleColumns();
        List<Integer> columns = new ArrayList<>();
        if (insert.getTargetColumnList() != null) {
            for (SqlNode node : insert.getTargetColumnList()) {
                String column = ((SqlIdentifier) node).getSimple();
                int index = target.indexOf(column);
                if (index <= 0) {
                    throw new SqlCompileException("Pump " + pump + ": column " + column + " not found in stream "
                            + target.name(), node.getParserPosition());
                }
                columns.add(index);
            }
        } else {
            for (int i = target.system(); i < target.columns().size(); i++) {
                columns.add(i);
            }
        }
        if (columns.size() != produced.size()) {
            throw new SqlCompileException("Pump " + pump + ": stream " + target.name() + " takes " + columns.size()
                    + " columns but the query gives " + produced.size());
        }
        for (int i = 0; i < columns.size(); i++) {
            SqlType to = target.columns().get(columns.get(i)).type();
            SqlType from = produced.get(i).type();
            if (!assignable(from, to)) {
                throw new SqlCompileException("Pump " + pump + ": column " + target.columns().get(columns.get(i))
                        .name() + " of " + target.name() + " is " + to + " but the query gives " + from);
            }
        }
        return columns.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether a value of one type can fill a column of another (AWS converts freely between these). */
    private static boolean assignable(SqlType from, SqlType to) {
        if (from.kind() == SqlType.Kind.NULL || from.kind() == to.kind()) {
            return true;
        }
        if (to.character()) {
            return true;
        }
        if (from.character()) {
            return to.kind() != SqlType.Kind.INTERVAL;
        }
        if (from.numeric() && to.numeric()) {
            return true;
        }
        return from.temporal() && to.temporal() || from.kind() == SqlType.Kind.INTERVAL && to.numeric();
    }

    /** The in-application streams by name, input streams first, then error_stream, then the code's own. */
    public Map<String, Relation> streams() {
        Map<String, Relation> out = new LinkedHashMap<>();
        catalog.streams().forEach((name, stream) -> out.put(name, stream.relation()));
        return Collections.unmodifiableMap(out);
    }

    /** Pump names and the stream each writes. */
    public Map<String, String> pumps() {
        return Collections.unmodifiableMap(pumps);
    }

    public Relation relation(String stream) {
        InAppStream s = catalog.stream(stream);
        return s == null ? null : s.relation();
    }

    /** Reads a stream; {@code false} when there is no such stream. */
    public boolean subscribe(String stream, RowSink reader) {
        InAppStream s = catalog.stream(stream);
        if (s == null) {
            return false;
        }
        s.subscribe(reader);
        return true;
    }

    /** Inserts a row ({@code row[0]} its ROWTIME) into an input stream. */
    public void insert(String stream, Object[] row) {
        origin.set((Long) row[0]);
        catalog.stream(stream).accept(row);
    }

    /** Where rows of the source that do not fit the schema are reported (PUMP_NAME "null"). */
    public ErrorSink inputErrors() {
        return inputErrors;
    }

    /** Replaces the rows of a reference table. */
    public void load(String table, List<Object[]> rows) {
        catalog.table(table).load(rows);
    }

    /** Moves time on: windows that ended by {@code now} emit, upstream pumps first. */
    public void advance(long now) {
        for (Operator operator : operators) {
            operator.advance(now);
        }
    }

    /**
     * The ROWTIME of the oldest input row whose effect some window still holds (through chained windows too), or
     * {@link Long#MAX_VALUE}.
     */
    public long heldSince() {
        long oldest = Long.MAX_VALUE;
        for (Operator operator : operators) {
            oldest = Math.min(oldest, operator.heldSince());
        }
        return oldest;
    }
}
