package io.sluice.local.internal.analytics;

import io.sluice.local.internal.analytics.ApplicationState.InputEntry;
import io.sluice.local.internal.analytics.ApplicationState.ReferenceEntry;
import io.sluice.local.internal.analytics.model.Shapes.Input;
import io.sluice.local.internal.analytics.records.RecordParser;
import io.sluice.local.internal.analytics.sql.Program;
import io.sluice.local.internal.analytics.sql.Relation;
import io.sluice.local.internal.analytics.sql.ScriptParser;
import io.sluice.local.internal.analytics.sql.SqlCompileException;
import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * An application's code compiled against its configuration: input in-application streams
 * ({@code <NamePrefix>_001}... with ROWTIME, APPROXIMATE_ARRIVAL_TIME and the schema's columns) and reference
 * tables. Also checks code when the API is given it. Stateless.
 */
final class ApplicationPrograms {

    private ApplicationPrograms() {
    }

    /** The in-application stream names of an input: {@code <prefix>_001} to {@code <prefix>_<count>}. */
    static List<String> streamNames(Input input) {
        int count = input.inputParallelism() == null || input.inputParallelism().count() == null ? 1
                : input.inputParallelism().count();
        List<String> names = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            names.add(String.format("%s_%03d", input.namePrefix(), i));
        }
        return names;
    }

    /**
     * @throws SqlCompileException when the code cannot run
     * @throws IllegalArgumentException when a schema cannot be read
     */
    static Program compile(ApplicationState state, LongSupplier clock) {
        List<Relation> inputs = new ArrayList<>();
        for (InputEntry entry : state.inputs()) {
            RecordParser parser = RecordParser.of(entry.input().inputSchema());
            for (String name : streamNames(entry.input())) {
                inputs.add(Relation.input(name, parser.columns()));
            }
        }
        List<Relation> tables = new ArrayList<>();
        for (ReferenceEntry entry : state.references()) {
            tables.add(Relation.table(entry.source().tableName(),
                    RecordParser.of(entry.source().referenceSchema()).columns()));
        }
        return Program.compile(state.code() == null ? "" : state.code(), inputs, tables, clock);
    }

    /**
     * Checks an application's code for the API: compiled whole once the application has an input, else only
     * parsed (the input it reads may come later). CodeValidationException names what is wrong.
     */
    static void check(RequestContext ctx, ApplicationState state) {
        try {
            if (state.inputs().isEmpty()) {
                ScriptParser.parse(state.code() == null ? "" : state.code());
            } else {
                compile(state, () -> ctx.now().toEpochMilli());
            }
        } catch (SqlCompileException e) {
            throw new ApiException(ErrorCode.CODE_VALIDATION, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidArgument(e.getMessage());
        }
    }
}
