package io.sluice.local.internal.analytics.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.local.internal.analytics.sql.Column;
import io.sluice.local.internal.analytics.sql.SqlType;
import io.sluice.local.internal.analytics.sql.Values;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Writes a row of an in-application stream as an output record: JSON (an object of the stream's columns, names as
 * declared, ROWTIME left out; timestamps as {@code yyyy-MM-dd HH:mm:ss.SSS}, binary as base64, NaN and infinities
 * as null, which JSON has no numbers for) or CSV (the values
 * joined by commas, quoted when they hold a comma, a quote or a line break, ending with a line break).
 * Immutable and thread-safe.
 */
public final class RowFormatter {

    private static final JsonFactory FACTORY = new JsonFactory();

    private final List<Column> columns;
    private final int first;
    private final boolean json;

    /**
     * @param columns the stream's columns, system columns first
     * @param first the index of the first column written (after the system columns)
     * @param format {@code JSON} or {@code CSV}
     */
    public RowFormatter(List<Column> columns, int first, String format) {
        this.columns = columns;
        this.first = first;
        this.json = !"CSV".equals(format);
    }

    public byte[] format(Object[] row) {
        return json ? json(row) : csv(row);
    }

    private byte[] json(Object[] row) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 16 * columns.size());
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            for (int i = first; i < columns.size(); i++) {
                Column column = columns.get(i);
                g.writeFieldName(column.name());
                Object v = row[i];
                if (v == null) {
                    g.writeNull();
                    continue;
                }
                switch (column.type().kind()) {
                    case BOOLEAN -> g.writeBoolean((Boolean) v);
                    case TINYINT, SMALLINT, INTEGER -> g.writeNumber(((Number) v).intValue());
                    case BIGINT -> g.writeNumber(((Number) v).longValue());
                    case REAL, DOUBLE -> {
                        double d = ((Number) v).doubleValue();
                        if (Double.isNaN(d) || Double.isInfinite(d)) {
                            g.writeNull();
                        } else if (column.type().kind() == SqlType.Kind.REAL) {
                            g.writeNumber((float) d);
                        } else {
                            g.writeNumber(d);
                        }
                    }
                    case DECIMAL -> g.writeNumber((BigDecimal) v);
                    case VARBINARY, BINARY -> g.writeString(Base64.getEncoder().encodeToString((byte[]) v));
                    default -> g.writeString(Values.toText(v, column.type()));
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private byte[] csv(Object[] row) {
        StringBuilder out = new StringBuilder();
        for (int i = first; i < columns.size(); i++) {
            if (i > first) {
                out.append(',');
            }
            Object v = row[i];
            if (v == null) {
                continue;
            }
            SqlType type = columns.get(i).type();
            String text = type.kind() == SqlType.Kind.REAL ? Float.toString((float) ((Number) v).doubleValue())
                    : v instanceof byte[] b ? Base64.getEncoder().encodeToString(b) : Values.toText(v, type);
            if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                    || text.indexOf('\r') >= 0) {
                out.append('"').append(text.replace("\"", "\"\"")).append('"');
            } else {
                out.append(text);
            }
        }
        return out.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }
}
