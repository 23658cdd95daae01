package io.sluice.local.internal.analytics.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Code that cannot run is refused when it is compiled, with a message naming the construct. */
class ProgramCompileTest {

    private static final List<Column> INPUT = Harness.columns("TICKER_SYMBOL", "VARCHAR(4)", "PRICE", "REAL",
            "ticker", "VARCHAR(8)");

    private static void refused(String code, String... fragments) {
        assertThatThrownBy(() -> Program.compile(code, List.of(Relation.input(Harness.SOURCE, INPUT)), List.of(),
                () -> 0L)).isInstanceOf(SqlCompileException.class).message().contains(fragments);
    }

    private static final String DEST = "CREATE OR REPLACE STREAM \"DESTINATION_SQL_STREAM\" (a VARCHAR(4), b DOUBLE);\n";

    @Test
    void groupByWithoutAnExpressionOfRowtimeIsRefused() {
        refused(DEST + """
                CREATE OR REPLACE PUMP "P" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM ticker_symbol, MAX(price) FROM "SOURCE_SQL_STREAM_001" GROUP BY ticker_symbol;
                """, "Pump P", "GROUP BY needs an expression of ROWTIME");
    }

    @Test
    void unknownNamesAreNamedWithTheirPosition() {
        refused(DEST + """
                CREATE OR REPLACE PUMP "P" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM ticker_symbol, nope FROM "SOURCE_SQL_STREAM_001";
                """, "Column 'NOPE' not found", "line 3");
        refused(DEST + """
                CREATE OR REPLACE PUMP "P" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM ticker, price FROM "SOURCE_SQL_STREAM_001";
                """, "Column 'TICKER' not found", "did you mean \"ticker\"");
        refused(DEST + """
                CREATE OR REPLACE PUMP "P" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM ticker_symbol, price FROM "source_sql_stream_001";
                """, "Stream source_sql_stream_001 not found", "did you mean \"SOURCE_SQL_STREAM_001\"");
    }

    @Test
    void unsupportedConstructsAreNamed() {
        refused(DEST + """
                CREATE OR REPLACE PUMP "P" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM ticker_symbol, NO_SUCH_FN(price) FROM "SOURCE_SQL_STREAM_001";
                """, "Unsupported function NO_SUCH_FN");
        refused(DEST + """
                CREATE OR REPLACE PUMP "P" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM * FROM TABLE(HOTSPOTS(CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001"), 100,
                  0.1, 2));
                """, "Unsupported table function HOTSPOTS");
        refused("CREATE OR REPLACE VIEW v AS SELECT STREAM * FROM \"SOURCE_SQL_STREAM_001\";",
                "Unsupported statement starting with 'CREATE'", "CREATE OR REPLACE STREAM");
        refused(DEST + """
                CREATE OR REPLACE PUMP "P" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT ticker_symbol, price FROM "SOURCE_SQL_STREAM_001";
                """, "must be SELECT STREAM");
    }

    @Test
    void syntaxErrorsGiveTheLine() {
        refused(DEST + "\n\nCREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"DESTINATION_SQL_STREAM\"\n"
                + "  SELECT STREAM ticker_symbol, price FROM WHERE;", "Syntax error in pump P", "line 5");
    }

    @Test
    void insertMustMatchTheTargetColumns() {
        refused(DEST + """
                CREATE OR REPLACE PUMP "P" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM ticker_symbol FROM "SOURCE_SQL_STREAM_001";
                """, "takes 2 columns but the query gives 1");
        refused(DEST + """
                CREATE OR REPLACE PUMP "P" AS INSERT INTO "NOWHERE"
                  SELECT STREAM ticker_symbol, price FROM "SOURCE_SQL_STREAM_001";
                """, "Stream NOWHERE not found");
        refused(DEST + """
                CREATE OR REPLACE PUMP "P" AS INSERT INTO "error_stream"
                  SELECT STREAM ticker_symbol, price FROM "SOURCE_SQL_STREAM_001";
                """, "error_stream cannot be written");
    }

    @Test
    void booleansAndNumbersDoNotFillEachOther() {
        refused("CREATE OR REPLACE STREAM \"DESTINATION_SQL_STREAM\" (a BOOLEAN);\n"
                + "CREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"DESTINATION_SQL_STREAM\"\n"
                + "SELECT STREAM price FROM \"SOURCE_SQL_STREAM_001\";", "is BOOLEAN but the query gives REAL");
    }

    @Test
    void theFrontPassKeepsStringsAndCommentsIntact() {
        Program program = Program.compile("""
                -- a comment; with a semicolon
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (a VARCHAR(32), b DOUBLE); /* block; comment */
                CREATE OR REPLACE PUMP "P" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM 'STEP(x BY y); WINDOWED BY STAGGER(', price FROM "SOURCE_SQL_STREAM_001";
                """, List.of(Relation.input(Harness.SOURCE, INPUT)), List.of(), () -> 0L);
        List<Object[]> out = new java.util.ArrayList<>();
        program.subscribe("DESTINATION_SQL_STREAM", out::add);
        program.insert(Harness.SOURCE, new Object[] {1L, 1L, "A", 1.0, "a"});
        assertThat(out.get(0)[1]).isEqualTo("STEP(x BY y); WINDOWED BY STAGGE");
        assertThat(program.pumps()).containsEntry("P", "DESTINATION_SQL_STREAM");
    }
}
