package io.sluice.local.internal.analytics.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.local.internal.analytics.model.Shapes.RecordColumn;
import io.sluice.local.internal.analytics.model.Shapes.SourceSchema;
import io.sluice.local.internal.analytics.sql.Column;
import io.sluice.local.internal.analytics.sql.RowException;
import io.sluice.local.internal.analytics.sql.SqlType;
import io.sluice.local.internal.analytics.sql.Values;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns the records of a source (or a reference file) into rows by its schema. JSON: the row path picks the rows
 * (a trailing {@code [0:]} makes a row of each element), each column's path is read from the row, and one array
 * may be flattened into a row per element ({@code $.items[0:].price}); a path ending in {@code [0:]} reads the
 * whole array as text. CSV: rows split at the row delimiter, columns taken in order at the column delimiter.
 * Immutable and thread-safe.
 */
public final class RecordParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Column> columns;
    private final boolean json;
    private final JsonPath rowPath;
    private final JsonPath[] paths;
    private final List<JsonPath.Step> flattenPrefix;
    private final String rowDelimiter;
    private final Pattern columnSplit;

    private RecordParser(List<Column> columns, boolean json, JsonPath rowPath, JsonPath[] paths,
            List<JsonPath.Step> flattenPrefix, String rowDelimiter, String columnDelimiter) {
        this.columns = columns;
        this.json = json;
        this.rowPath = rowPath;
        this.paths = paths;
        this.flattenPrefix = flattenPrefix;
        this.rowDelimiter = rowDelimiter;
        this.columnSplit = columnDelimiter == null ? null : Pattern.compile(Pattern.quote(columnDelimiter));
    }

    /** @throws IllegalArgumentException naming what is wrong with the schema */
    public static RecordParser of(SourceSchema schema) {
        List<Column> columns = new ArrayList<>();
        for (RecordColumn column : schema.recordColumns()) {
            SqlType type;
            try {
                type = SqlType.parse(column.sqlType());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unsupported SqlType '" + column.sqlType() + "' for column "
                        + column.name());
            }
            columns.add(new Column(column.name(), type));
        }
        String format = schema.recordFormat().recordFormatType();
        var mapping = schema.recordFormat().mappingParameters();
        if ("CSV".equals(format)) {
            if (mapping == null || mapping.csv() == null) {
                throw new IllegalArgumentException("CSV record format needs CSVMappingParameters");
            }
            return new RecordParser(columns, false, null, null, null, unescape(mapping.csv().recordRowDelimiter()),
                    unescape(mapping.csv().recordColumnDelimiter()));
        }
        String rowPathText = mapping == null || mapping.json() == null ? "$" : mapping.json().recordRowPath();
        JsonPath rowPath = JsonPath.parse(rowPathText);
        JsonPath[] paths = new JsonPath[columns.size()];
        List<JsonPath.Step> prefix = null;
        for (int i = 0; i < paths.length; i++) {
            RecordColumn column = schema.recordColumns().get(i);
            if (column.mapping() == null || column.mapping().isBlank()) {
                throw new IllegalArgumentException("Column " + column.name() + " needs a Mapping for JSON records");
            }
            paths[i] = JsonPath.parse(column.mapping());
            int at = paths[i].flattenAt();
            if (at >= 0 && at < paths[i].steps().size() - 1) {
                List<JsonPath.Step> mine = paths[i].steps().subList(0, at);
                if (prefix != null && !prefix.equals(mine)) {
                    throw new IllegalArgumentException("Only one array can be flattened into rows: " + column
                            .mapping());
                }
                if (paths[i].steps().subList(at + 1, paths[i].steps().size()).stream().anyMatch(JsonPath.Step::all)) {
                    throw new IllegalArgumentException("Only one level of [0:] is supported: " + column.mapping());
                }
                prefix = mine;
            }
        }
        return new RecordParser(columns, true, rowPath, paths, prefix, null, null);
    }

    /** Delimiters may be written escaped ({@code \n}, {@code \t}). */
    private static String unescape(String delimiter) {
        if (delimiter == null || delimiter.isEmpty()) {
            throw new IllegalArgumentException("CSV delimiters cannot be empty");
        }
        return delimiter.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t");
    }

    /** The columns rows have, in order. */
    public List<Column> columns() {
        return columns;
    }

    /**
     * The rows of one record, each the column values in order.
     *
     * @throws RowException when the record cannot be read or a value does not fit its column
     */
    public List<Object[]> parse(byte[] record) {
        String text = new String(record, StandardCharsets.UTF_8);
        return json ? parseJson(text) : parseCsv(text);
    }

    private List<Object[]> parseCsv(String text) {
        List<Object[]> rows = new ArrayList<>();
        for (String line : text.split(Pattern.quote(rowDelimiter), -1)) {
            if (line.isEmpty() || (rowDelimiter.equals("\n") && line.equals("\r"))) {
                continue;
            }
            String clean = rowDelimiter.equals("\n") && line.endsWith("\r") ? line.substring(0, line.length() - 1)
                    : line;
            String[] fields = columnSplit.split(clean, -1);
            Object[] row = new Object[columns.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = i < fields.length ? InputCoercion.fromText(fields[i], columns.get(i).type()) : null;
            }
            rows.add(row);
        }
        return rows;
    }

    private List<Object[]> parseJson(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RowException(Values.CONVERSION_ERROR, "Invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RowException(Values.CONVERSION_ERROR, "Invalid JSON record");
        }
        if (root == null) {
            throw new RowException(Values.CONVERSION_ERROR, "Empty record");
        }
        List<JsonNode> rowNodes = new ArrayList<>();
        JsonNode at = JsonPath.follow(root, rowPath.steps());
        if (rowPath.flattenAt() >= 0) {
            if (at != null && at.isArray()) {
                at.forEach(rowNodes::add);
            }
        } else if (at != null) {
            rowNodes.add(at);
        }
        List<Object[]> rows = new ArrayList<>();
        for (JsonNode rowNode : rowNodes) {
            if (flattenPrefix == null) {
                rows.add(row(rowNode, null));
                continue;
            }
            JsonNode array = JsonPath.follow(rowNode, flattenPrefix);
            if (array == null || !array.isArray() || array.isEmpty()) {
                rows.add(row(rowNode, null));
            } else {
                for (JsonNode element : array) {
                    rows.add(row(rowNode, element));
                }
            }
        }
        return rows;
    }

    private Object[] row(JsonNode rowNode, JsonNode element) {
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
            JsonPath path = paths[i];
            int flatten = path.flattenAt();
            JsonNode value;
            if (flatten >= 0 && flatten < path.steps().size() - 1) {
                value = element == null ? null : JsonPath.follow(element, path.steps().subList(flatten + 1,
                        path.steps().size()));
            } else {
                value = JsonPath.follow(rowNode, path.steps());
            }
            row[i] = InputCoercion.fromJson(value, columns.get(i).type());
        }
        return row;
    }
}
