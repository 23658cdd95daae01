package io.sluice.local.internal.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.local.internal.analytics.model.Shapes.CsvMapping;
import io.sluice.local.internal.analytics.model.Shapes.JsonMapping;
import io.sluice.local.internal.analytics.model.Shapes.MappingParameters;
import io.sluice.local.internal.analytics.model.Shapes.RecordColumn;
import io.sluice.local.internal.analytics.model.Shapes.RecordFormat;
import io.sluice.local.internal.analytics.model.Shapes.SourceSchema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParser;

/**
 * Infers an input schema from sample records, as DiscoverInputSchema does: JSON objects (top-level fields, nested
 * objects one level down as {@code parent_child}, arrays as text) or CSV (the first line names the columns when it
 * is a header). Types: BOOLEAN, INTEGER, BIGINT, DOUBLE, TIMESTAMP (for {@code yyyy-MM-dd HH:mm:ss} text), else
 * VARCHAR sized to the next power of two of the longest value, at least 4. Names keep their case; reserved words
 * and names that are not plain identifiers become {@code COL_<name>} (characters other than letters, digits and
 * underscores dropped), as AWS names them. Stateless.
 */
final class SchemaDiscovery {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?");
    private static final SqlAbstractParserImpl.Metadata KEYWORDS = SqlParser.create("").getMetadata();

    /** A schema, with each sample's values in column order (as text; {@code null} where they do not fit). */
    record Result(SourceSchema schema, List<List<String>> parsed) {
    }

    private SchemaDiscovery() {
    }

    /** The schema of the samples, or {@code null} when they are neither JSON objects nor CSV. */
    static Result discover(List<byte[]> samples) {
        if (samples.isEmpty()) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        samples.forEach(s -> texts.add(new String(s, StandardCharsets.UTF_8)));
        Result json = json(texts);
        return json != null ? json : csv(texts);
    }

    private static final class Field {
        final String name;
        final String path;
        final List<Object> values = new ArrayList<>();

        Field(String name, String path) {
            this.name = name;
            this.path = path;
        }
    }

    private static Result json(List<String> texts) {
        List<JsonNode> rows = new ArrayList<>();
        for (String text : texts) {
            try {
                JsonNode node = JSON.readTree(text);
                if (node == null || !node.isObject()) {
                    return null;
                }
                rows.add(node);
            } catch (java.io.IOException e) {
                return null;
            }
        }
        Map<String, Field> fields = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            collect(row, "", "$", fields, true);
        }
        List<RecordColumn> columns = new ArrayList<>();
        List<String> types = new ArrayList<>();
        int position = 0;
        for (Field field : fields.values()) {
            String type = type(field.values);
            types.add(type);
            columns.add(new RecordColumn(columnName(field.name, position++), field.path, type));
        }
        List<List<String>> parsed = new ArrayList<>();
        for (JsonNode row : rows) {
            List<String> values = new ArrayList<>();
            int i = 0;
            for (Field field : fields.values()) {
                JsonNode value = follow(row, field.path);
                values.add(value == null || value.isNull() ? null : fits(value.isValueNode() ? value.asText()
                        : value.toString(), types.get(i)));
                i++;
            }
            parsed.add(values);
        }
        return new Result(new SourceSchema(new RecordFormat("JSON", new MappingParameters(new JsonMapping("$"), null)),
                "UTF-8", columns), parsed);
    }

    private static void collect(JsonNode node, String prefix, String path, Map<String, Field> fields, boolean top) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = prefix.isEmpty() ? entry.getKey() : prefix + "_" + entry.getKey();
            String at = path + "." + entry.getKey();
            JsonNode value = entry.getValue();
            if (value.isObject() && top) {
                collect(value, name, at, fields, false);
                continue;
            }
            String mapping = value.isArray() ? at + "[0:]" : at;
            Field field = fields.computeIfAbsent(mapping, k -> new Field(name, mapping));
            field.values.add(value.isNull() ? null : value.isNumber() ? value.decimalValue()
                    : value.isBoolean() ? value.booleanValue() : value.isValueNode() ? value.asText()
                    : value.toString());
        }
    }

    private static JsonNode follow(JsonNode row, String path) {
        JsonNode at = row;
        String clean = path.endsWith("[0:]") ? path.substring(0, path.length() - 4) : path;
        for (String step : clean.substring(2).split("\\.")) {
            at = at == null ? null : at.get(step);
        }
        return at;
    }

    private static Result csv(List<String> texts) {
        List<String[]> lines = new ArrayList<>();
        String delimiter = texts.stream().anyMatch(t -> t.contains("\r\n")) ? "\r\n" : "\n";
        for (String text : texts) {
            for (String line : text.split(Pattern.quote(delimiter))) {
                if (!line.isBlank()) {
                    lines.add(line.split(",", -1));
                }
            }
        }
        if (lines.isEmpty() || lines.get(0).length < 2) {
            return null;
        }
        int width = lines.get(0).length;
        for (String[] line : lines) {
            if (line.length != width) {
                return null;
            }
        }
        List<List<Object>> values = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            values.add(new ArrayList<>());
        }
        boolean header = lines.size() > 1;
        for (int r = 1; r < lines.size(); r++) {
            for (int c = 0; c < width; c++) {
                values.get(c).add(typed(lines.get(r)[c]));
            }
        }
        List<String> types = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            List<Object> all = new ArrayList<>(values.get(c));
            if (!header) {
                all.add(typed(lines.get(0)[c]));
            }
            types.add(type(all));
        }
        header &= looksLikeHeader(lines.get(0), types);
        if (!header) {
            for (int c = 0; c < width; c++) {
                List<Object> all = new ArrayList<>(values.get(c));
                all.add(typed(lines.get(0)[c]));
                types.set(c, type(all));
            }
        }
        List<RecordColumn> columns = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            String name = header ? columnName(lines.get(0)[c].trim(), c) : "COL_" + (c + 1);
            columns.add(new RecordColumn(name, null, types.get(c)));
        }
        List<List<String>> parsed = new ArrayList<>();
        for (String[] line : lines) {
            List<String> row = new ArrayList<>();
            for (int c = 0; c < width; c++) {
                row.add(fits(line[c], types.get(c)));
            }
            parsed.add(row);
        }
        return new Result(new SourceSchema(new RecordFormat("CSV", new MappingParameters(null,
                new CsvMapping(delimiter, ","))), "UTF-8", columns), parsed);
    }

    /** A first line is a header when none of its values fit the (non-character) type of its column. */
    private static boolean looksLikeHeader(String[] first, List<String> types) {
        boolean anyTyped = false;
        for (int c = 0; c < first.length; c++) {
            if (!types.get(c).startsWith("VARCHAR")) {
                anyTyped = true;
                if (fits(first[c], types.get(c)) != null) {
                    return false;
                }
            }
        }
        return anyTyped || java.util.Arrays.stream(first).allMatch(v -> v.matches("[A-Za-z_][A-Za-z0-9_ ]*"));
    }

    private static Object typed(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
            return Boolean.valueOf(t);
        }
        try {
            return new BigDecimal(t);
        } catch (NumberFormatException e) {
            return text;
        }
    }

    /** The narrowest type all the values fit. */
    static String type(List<Object> values) {
        boolean bool = true;
        boolean integer = true;
        boolean big = false;
        boolean number = true;
        boolean timestamp = true;
        int longest = 0;
        boolean any = false;
        for (Object v : values) {
            if (v == null) {
                continue;
            }
            any = true;
            String text = v instanceof BigDecimal d ? d.toPlainString() : v.toString();
            longest = Math.max(longest, text.length());
            bool &= v instanceof Boolean;
            number &= v instanceof BigDecimal;
            timestamp &= v instanceof String s && TIMESTAMP.matcher(s).matches();
            if (v instanceof BigDecimal d) {
                boolean whole = d.stripTrailingZeros().scale() <= 0;
                integer &= whole;
                if (whole && (d.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0
                        || d.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0)) {
                    big = true;
                }
            } else {
                integer = false;
            }
        }
        if (!any) {
            return "VARCHAR(4)";
        }
        if (bool) {
            return "BOOLEAN";
        }
        if (number) {
            return integer ? big ? "BIGINT" : "INTEGER" : "DOUBLE";
        }
        if (timestamp) {
            return "TIMESTAMP";
        }
        int size = 4;
        while (size < longest) {
            size *= 2;
        }
        return "VARCHAR(" + size + ")";
    }

    /** The text of a value when it fits the type, else {@code null}. */
    private static String fits(String text, String type) {
        if (type.startsWith("VARCHAR")) {
            return text;
        }
        Object v = typed(text);
        return switch (type) {
            case "BOOLEAN" -> v instanceof Boolean ? text : null;
            case "TIMESTAMP" -> TIMESTAMP.matcher(text.trim()).matches() ? text : null;
            default -> v instanceof BigDecimal ? text : null;
        };
    }

    /** AWS's naming: keep the name when it is a plain identifier and not a reserved word, else {@code COL_...}. */
    static String columnName(String name, int position) {
        boolean plain = name.matches("[A-Za-z_][A-Za-z0-9_]*") && name.length() <= 100;
        if (plain && !KEYWORDS.isReservedWord(name.toUpperCase(Locale.ROOT))) {
            return name;
        }
        String kept = name.replaceAll("[^A-Za-z0-9_]", "");
        if (kept.length() > 100) {
            kept = kept.substring(0, 100);
        }
        return kept.isEmpty() ? "COL_" + position : "COL_" + kept;
    }
}
