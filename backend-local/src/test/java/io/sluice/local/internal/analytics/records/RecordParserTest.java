package io.sluice.local.internal.analytics.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.local.internal.analytics.model.Shapes.CsvMapping;
import io.sluice.local.internal.analytics.model.Shapes.JsonMapping;
import io.sluice.local.internal.analytics.model.Shapes.MappingParameters;
import io.sluice.local.internal.analytics.model.Shapes.RecordColumn;
import io.sluice.local.internal.analytics.model.Shapes.RecordFormat;
import io.sluice.local.internal.analytics.model.Shapes.SourceSchema;
import io.sluice.local.internal.analytics.sql.Column;
import io.sluice.local.internal.analytics.sql.RowException;
import io.sluice.local.internal.analytics.sql.SqlType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Records to rows by AWS's mapping rules, and rows back to JSON and CSV records. */
class RecordParserTest {

    private static SourceSchema json(String rowPath, RecordColumn... columns) {
        return new SourceSchema(new RecordFormat("JSON", new MappingParameters(new JsonMapping(rowPath), null)),
                "UTF-8", List.of(columns));
    }

    private static List<List<Object>> parse(SourceSchema schema, String record) {
        return RecordParser.of(schema).parse(record.getBytes(StandardCharsets.UTF_8)).stream()
                .map(Arrays::asList).toList();
    }

    @Test
    void jsonPathsNestedFieldsAndOneFlattenedArray() {
        SourceSchema schema = json("$", new RecordColumn("customer", "$.customer.name", "VARCHAR(8)"),
                new RecordColumn("item", "$.items[0:].sku", "VARCHAR(4)"),
                new RecordColumn("qty", "$.items[0:].qty", "INTEGER"),
                new RecordColumn("raw", "$.items[0:]", "VARCHAR(64)"),
                new RecordColumn("missing", "$.nope", "INTEGER"));
        assertThat(parse(schema, "{\"customer\":{\"name\":\"Ann\"},\"items\":[{\"sku\":\"A1\",\"qty\":2},"
                + "{\"sku\":\"B2\",\"qty\":1}]}")).containsExactly(
                        Arrays.asList("Ann", "A1", 2, "[{\"sku\":\"A1\",\"qty\":2},{\"sku\":\"B2\",\"qty\":1}]", null),
                        Arrays.asList("Ann", "B2", 1, "[{\"sku\":\"A1\",\"qty\":2},{\"sku\":\"B2\",\"qty\":1}]", null));
        assertThat(parse(schema, "{\"customer\":{\"name\":\"Bo\"},\"items\":[]}")).containsExactly(
                Arrays.asList("Bo", null, null, "[]", null));
    }

    @Test
    void rowPathWithAnArrayMakesARowPerElement() {
        SourceSchema schema = json("$.records[0:]", new RecordColumn("id", "$.id", "BIGINT"));
        assertThat(parse(schema, "{\"records\":[{\"id\":1},{\"id\":2},{\"id\":3}]}"))
                .containsExactly(List.of(1L), List.of(2L), List.of(3L));
    }

    @Test
    void coercionFollowsAwsRules() {
        SourceSchema schema = json("$", new RecordColumn("s", "$.s", "VARCHAR(3)"),
                new RecordColumn("b", "$.b", "BOOLEAN"), new RecordColumn("n", "$.n", "INTEGER"),
                new RecordColumn("t", "$.t", "TIMESTAMP"));
        assertThat(parse(schema, "{\"s\":\"truncated\",\"b\":\"TRUE\",\"n\":true,\"t\":\"1992-02-14 18:35:44.0\"}"))
                .containsExactly(Arrays.asList("tru", true, 1, 698092544000L));
        assertThat(parse(schema, "{\"s\":12,\"b\":0,\"n\":\"7\",\"t\":null}"))
                .containsExactly(Arrays.asList("12", false, 7, null));
        assertThat(parse(schema, "{\"b\":\"yes\"}")).containsExactly(Arrays.asList(null, false, null, null));
        assertThatThrownBy(() -> parse(schema, "{\"n\":123.4}")).isInstanceOf(RowException.class)
                .hasMessageContaining("For input string: \"123.4\"");
        assertThatThrownBy(() -> parse(schema, "{\"n\":\"a\"}")).isInstanceOf(RowException.class)
                .satisfies(e -> assertThat(((RowException) e).errorName()).isEqualTo("Coercion error"));
        assertThatThrownBy(() -> parse(schema, "not json")).isInstanceOf(RowException.class);
    }

    @Test
    void csvColumnsInOrder() {
        SourceSchema schema = new SourceSchema(new RecordFormat("CSV", new MappingParameters(null,
                new CsvMapping("\\n", "|"))), null, List.of(new RecordColumn("a", null, "VARCHAR(4)"),
                new RecordColumn("b", null, "DOUBLE"), new RecordColumn("c", null, "INTEGER")));
        assertThat(parse(schema, "x|1.5|2\ny|2|\n\nz")).containsExactly(Arrays.asList("x", 1.5, 2),
                Arrays.asList("y", 2.0, null), Arrays.asList("z", null, null));
    }

    @Test
    void rowsBecomeJsonOrCsvRecords() {
        List<Column> columns = List.of(new Column("ROWTIME", SqlType.TIMESTAMP),
                new Column("name", SqlType.varchar(20)), new Column("N", SqlType.INTEGER),
                new Column("PRICE", SqlType.parse("REAL")), new Column("AT", SqlType.TIMESTAMP),
                new Column("OK", SqlType.BOOLEAN));
        Object[] row = {0L, "a,\"b\"", 3, 1.1, 86_400_000L, null};
        assertThat(new String(new RowFormatter(columns, 1, "JSON").format(row), StandardCharsets.UTF_8))
                .isEqualTo("{\"name\":\"a,\\\"b\\\"\",\"N\":3,\"PRICE\":1.1,\"AT\":\"1970-01-02 00:00:00.000\","
                        + "\"OK\":null}");
        assertThat(new String(new RowFormatter(columns, 1, "CSV").format(row), StandardCharsets.UTF_8))
                .isEqualTo("\"a,\"\"b\"\"\",3,1.1,1970-01-02 00:00:00.000,\n");
    }
}
