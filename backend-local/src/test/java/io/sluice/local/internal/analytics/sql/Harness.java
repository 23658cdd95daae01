package io.sluice.local.internal.analytics.sql;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs application code on rows with explicit ROWTIMEs and a clock the test moves; collects what streams emit. */
final class Harness {

    static final String SOURCE = "SOURCE_SQL_STREAM_001";
    static final String DESTINATION = "DESTINATION_SQL_STREAM";

    final Program program;
    final List<Object[]> output = new ArrayList<>();
    final List<Object[]> errors = new ArrayList<>();
    private long now;

    Harness(String code, List<Column> input, long start, Relation... tables) {
        this(code, input, start, DESTINATION, tables);
    }

    Harness(String code, List<Column> input, long start, String destination, Relation... tables) {
        this.now = start;
        program = Program.compile(code, List.of(Relation.input(SOURCE, input)), List.of(tables), () -> now);
        program.subscribe(destination, output::add);
        program.subscribe(ErrorSink.STREAM, errors::add);
    }

    /**
     * Moves the clock to {@code t} (windows close), then inserts a row with ROWTIME (and APPROXIMATE_ARRIVAL_TIME)
     * {@code t}, laid out as the runtime lays out input rows.
     */
    Harness row(long t, Object... values) {
        at(t);
        Object[] row = new Object[values.length + 2];
        row[0] = t;
        row[1] = t;
        System.arraycopy(values, 0, row, 2, values.length);
        program.insert(SOURCE, row);
        return this;
    }

    Harness at(long t) {
        now = t;
        program.advance(t);
        return this;
    }

    static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    /** The output rows without ROWTIME. */
    List<List<Object>> values() {
        List<List<Object>> out = new ArrayList<>();
        for (Object[] row : output) {
            out.add(Arrays.asList(Arrays.copyOfRange(row, 1, row.length)));
        }
        return out;
    }

    List<Long> rowtimes() {
        return output.stream().map(r -> (Long) r[0]).toList();
    }

    static List<Column> columns(Object... nameAndType) {
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < nameAndType.length; i += 2) {
            out.add(new Column((String) nameAndType[i], SqlType.parse((String) nameAndType[i + 1])));
        }
        return out;
    }
}
