package io.sluice.local.internal.analytics.sql;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.function.LongSupplier;

/**
 * Turns row errors into rows of {@code error_stream}: ERROR_TIME, ERROR_LEVEL, ERROR_NAME, MESSAGE, DATA_ROWTIME,
 * DATA_ROW (the row, hex-encoded) and PUMP_NAME. One per pump (input errors use PUMP_NAME {@code null}, written as
 * the text "null" as AWS does). Not thread-safe.
 */
public final class ErrorSink {

    public static final String STREAM = "error_stream";
    public static final String LEVEL = "WARNING";

    private final RowSink stream;
    private final String pump;
    private final LongSupplier clock;

    ErrorSink(RowSink stream, String pump, LongSupplier clock) {
        this.stream = stream;
        this.pump = pump == null ? "null" : pump;
        this.clock = clock;
    }

    /** The shape of error_stream. */
    public static Relation relation() {
        return Relation.stream(STREAM, java.util.List.of(
                new Column("ERROR_TIME", SqlType.TIMESTAMP),
                new Column("ERROR_LEVEL", SqlType.varchar(10)),
                new Column("ERROR_NAME", SqlType.varchar(32)),
                new Column("MESSAGE", SqlType.varchar(4096)),
                new Column("DATA_ROWTIME", SqlType.TIMESTAMP),
                new Column("DATA_ROW", SqlType.varchar(49152)),
                new Column("PUMP_NAME", SqlType.varchar(128))));
    }

    /** A row of a stream failed; {@code row[0]} is its ROWTIME. */
    void report(RowException error, Object[] row, Relation shape) {
        String text = render(row, shape);
        write(error, row == null || row.length == 0 ? null : (Long) row[0],
                text.getBytes(StandardCharsets.UTF_8));
    }

    /** A record of the source failed before it became a row. */
    public void reportRecord(RowException error, long rowtime, byte[] data) {
        write(error, rowtime, data);
    }

    private void write(RowException error, Long rowtime, byte[] data) {
        long now = clock.getAsLong();
        String hex = HexFormat.of().withUpperCase().formatHex(data);
        if (hex.length() > 49152) {
            hex = hex.substring(0, 49152);
        }
        String message = error.getMessage() == null ? "" : error.getMessage();
        stream.accept(new Object[] {rowtime == null ? now : Math.max(rowtime, 0), now, LEVEL,
                truncate(error.errorName(), 32), truncate(message, 4096), rowtime, hex, truncate(pump, 128)});
    }

    private static String truncate(String s, int n) {
        return s.length() > n ? s.substring(0, n) : s;
    }

    /** The row as a JSON object of its columns (ROWTIME left out), for DATA_ROW. */
    static String render(Object[] row, Relation shape) {
        if (row == null) {
            return "";
        }
        StringBuilder out = new StringBuilder("{");
        int from = shape == null ? 1 : shape.system();
        for (int i = from; i < row.length; i++) {
            if (out.length() > 1) {
                out.append(',');
            }
            String name = shape != null && i < shape.columns().size() ? shape.columns().get(i).name() : "COL" + i;
            out.append('"').append(name).append("\":");
            Object v = row[i];
            SqlType type = shape != null && i < shape.columns().size() ? shape.columns().get(i).type() : null;
            if (v == null) {
                out.append("null");
            } else if (v instanceof Number && (type == null || type.numeric())) {
                out.append(Values.toText(v));
            } else {
                out.append('"').append(Values.toText(v, type == null ? SqlType.STRING : type).replace("\"", "\\\""))
                        .append('"');
            }
        }
        return out.append('}').toString();
    }
}
