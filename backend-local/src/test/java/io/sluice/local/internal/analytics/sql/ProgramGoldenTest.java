package io.sluice.local.internal.analytics.sql;

import static io.sluice.local.internal.analytics.sql.Harness.t;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples of AWS's Kinesis Data Analytics (SQL) documentation, row for row, on an injected clock. */
class ProgramGoldenTest {

    static final List<Column> TICKER = Harness.columns("TICKER_SYMBOL", "VARCHAR(4)", "SECTOR", "VARCHAR(16)",
            "CHANGE", "REAL", "PRICE", "REAL");

    @Test
    void continuousFilterKeepsTechSectorsAndMapsColumnsByPosition() {
        String code = """
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM"
                  (symbol VARCHAR(4), sector VARCHAR(12), CHANGE DOUBLE, price DOUBLE);
                -- Create pump to insert into output.
                CREATE OR REPLACE PUMP "STREAM_PUMP" AS
                   INSERT INTO "DESTINATION_SQL_STREAM"
                      SELECT STREAM ticker_symbol, sector, CHANGE, price
                      FROM "SOURCE_SQL_STREAM_001"
                      WHERE sector SIMILAR TO '%TECH%';
                """;
        Harness h = new Harness(code, TICKER, 0);
        h.row(1000, "AMZN", "TECHNOLOGY", 1.5, 900.25)
                .row(2000, "XOM", "ENERGY", -0.5, 80.0)
                .row(3000, "QXZ", "FINTECH", 0.0, 12.5)
                .row(4000, "TBV", "tech", 0.1, 10.0);
        assertThat(h.values()).containsExactly(List.of("AMZN", "TECHNOLOGY", 1.5, 900.25),
                List.of("QXZ", "FINTECH", 0.0, 12.5));
        assertThat(h.rowtimes()).containsExactly(1000L, 3000L);
        assertThat(h.program.relation("DESTINATION_SQL_STREAM").columns().get(1).name()).isEqualTo("SYMBOL");
        assertThat(h.errors).isEmpty();
    }

    @Test
    void divisionByZeroSendsRowsToErrorStreamAndTheApplicationGoesOn() {
        String code = """
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM"
                  (ticker_symbol VARCHAR(4), sector VARCHAR(12), change DOUBLE, ProblemColumn DOUBLE);
                CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM ticker_symbol, sector, change, (price / 0) as ProblemColumn
                  FROM "SOURCE_SQL_STREAM_001"
                  WHERE sector SIMILAR TO '%TECH%';
                CREATE OR REPLACE STREAM "OK_STREAM" (ticker_symbol VARCHAR(4));
                CREATE OR REPLACE PUMP "OK_PUMP" AS INSERT INTO "OK_STREAM"
                  SELECT STREAM ticker_symbol FROM "SOURCE_SQL_STREAM_001";
                """;
        Harness h = new Harness(code, TICKER, 0);
        List<Object[]> ok = new java.util.ArrayList<>();
        h.program.subscribe("OK_STREAM", ok::add);
        h.row(5000, "AMZN", "TECHNOLOGY", 1.5, 900.25).row(6000, "XOM", "ENERGY", -0.5, 80.0)
                .row(7000, "MSFT", "TECHNOLOGY", 2.0, 300.0);
        assertThat(h.output).isEmpty();
        assertThat(ok).hasSize(3);
        assertThat(h.errors).hasSize(2);
        Object[] error = h.errors.get(0);
        // ROWTIME, ERROR_TIME, ERROR_LEVEL, ERROR_NAME, MESSAGE, DATA_ROWTIME, DATA_ROW, PUMP_NAME
        assertThat(error[1]).isEqualTo(5000L);
        assertThat(error[2]).isEqualTo("WARNING");
        assertThat(error[3]).isEqualTo("Division by zero");
        assertThat(error[5]).isEqualTo(5000L);
        assertThat(new String(HexFormat.of().parseHex((String) error[6]), StandardCharsets.UTF_8))
                .isEqualTo("{\"TICKER_SYMBOL\":\"AMZN\",\"SECTOR\":\"TECHNOLOGY\",\"CHANGE\":1.5,\"PRICE\":900.25}");
        assertThat(error[7]).isEqualTo("STREAM_PUMP");
        assertThat(h.program.relation(ErrorSink.STREAM).columns()).extracting(Column::name).containsExactly(
                "ROWTIME", "ERROR_TIME", "ERROR_LEVEL", "ERROR_NAME", "MESSAGE", "DATA_ROWTIME", "DATA_ROW",
                "PUMP_NAME");
    }

    @Test
    void tumblingMinAndMaxPerTickerEmitAtTheEndOfEachMinute() {
        String code = """
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker VARCHAR(4), min_price REAL, max_price REAL);
                CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM TICKER, MIN(PRICE), MAX(PRICE)
                  FROM "SOURCE_SQL_STREAM_001"
                  GROUP BY TICKER, STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '60' SECOND);
                """;
        Harness h = new Harness(code, Harness.columns("TICKER", "VARCHAR(4)", "PRICE", "REAL"), 0);
        long m = 60_000;
        h.row(10 * m + 1_000, "AMZN", 10.0).row(10 * m + 2_000, "MSFT", 50.0).row(10 * m + 30_000, "AMZN", 12.0)
                .row(10 * m + 59_999, "AMZN", 8.0);
        assertThat(h.output).isEmpty();
        h.at(11 * m - 1);
        assertThat(h.output).isEmpty();
        h.at(11 * m);
        assertThat(h.values()).containsExactly(List.of("AMZN", 8.0, 12.0), List.of("MSFT", 50.0, 50.0));
        assertThat(h.rowtimes()).containsExactly(11 * m, 11 * m);
        h.row(11 * m + 5_000, "AMZN", 20.0).row(12 * m + 1, "AMZN", 30.0);
        assertThat(h.values()).hasSize(3).last().isEqualTo(List.of("AMZN", 20.0, 20.0));
        assertThat(h.rowtimes().get(2)).isEqualTo(12 * m);
    }

    static final String STAGGER_INPUT = "11:00";
    static final List<Column> EVENTS = Harness.columns("EVENT_TIME", "TIMESTAMP", "TICKER_SYMBOL", "VARCHAR(4)");

    private static Harness amznRows(String code) {
        Harness h = new Harness(code, EVENTS, t("2018-08-01T11:00:00Z"));
        h.row(t("2018-08-01T11:00:20Z"), t("2018-08-01T11:00:10Z"), "AMZN")
                .row(t("2018-08-01T11:00:30Z"), t("2018-08-01T11:00:20Z"), "AMZN")
                .row(t("2018-08-01T11:01:05Z"), t("2018-08-01T11:00:55Z"), "AMZN")
                .row(t("2018-08-01T11:01:15Z"), t("2018-08-01T11:01:05Z"), "AMZN")
                .at(t("2018-08-01T11:03:00Z"));
        return h;
    }

    @Test
    void tumblingWindowOfTheStaggerPage() {
        Harness h = amznRows("""
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
                    TICKER_SYMBOL VARCHAR(4),
                    EVENT_TIME timestamp,
                    TICKER_COUNT     DOUBLE);

                CREATE OR REPLACE PUMP "STREAM_PUMP" AS
                  INSERT INTO "DESTINATION_SQL_STREAM"
                    SELECT STREAM
                        TICKER_SYMBOL,
                        FLOOR(EVENT_TIME TO MINUTE),
                        COUNT(TICKER_SYMBOL) AS TICKER_COUNT
                    FROM "SOURCE_SQL_STREAM_001"
                    GROUP BY ticker_symbol, FLOOR(EVENT_TIME TO MINUTE),
                        STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE);
                """);
        assertThat(h.rowtimes()).containsExactly(t("2018-08-01T11:01:00Z"), t("2018-08-01T11:02:00Z"),
                t("2018-08-01T11:02:00Z"));
        assertThat(h.values()).containsExactly(
                List.of("AMZN", t("2018-08-01T11:00:00Z"), 2.0),
                List.of("AMZN", t("2018-08-01T11:00:00Z"), 1.0),
                List.of("AMZN", t("2018-08-01T11:01:00Z"), 1.0));
    }

    @Test
    void staggerWindowOfTheStaggerPage() {
        Harness h = amznRows("""
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
                    ticker_symbol    VARCHAR(4),
                    event_time       TIMESTAMP,
                    ticker_count     DOUBLE);

                CREATE OR REPLACE PUMP "STREAM_PUMP" AS
                  INSERT INTO "DESTINATION_SQL_STREAM"
                    SELECT STREAM
                        TICKER_SYMBOL,
                        FLOOR(EVENT_TIME TO MINUTE),
                        COUNT(TICKER_SYMBOL) AS ticker_count
                    FROM "SOURCE_SQL_STREAM_001"
                    WINDOWED BY STAGGER (
                            PARTITION BY FLOOR(EVENT_TIME TO MINUTE), TICKER_SYMBOL RANGE INTERVAL '1' MINUTE);
                """);
        assertThat(h.rowtimes()).containsExactly(t("2018-08-01T11:01:20Z"), t("2018-08-01T11:02:15Z"));
        assertThat(h.values()).containsExactly(
                List.of("AMZN", t("2018-08-01T11:00:00Z"), 3.0),
                List.of("AMZN", t("2018-08-01T11:01:00Z"), 1.0));
    }

    @Test
    void staggerWindowClosesOnTheClockNotOnTheNextRow() {
        Harness h = new Harness("""
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker VARCHAR(4), n INTEGER);
                CREATE OR REPLACE PUMP "P" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM TICKER_SYMBOL, COUNT(*) FROM "SOURCE_SQL_STREAM_001"
                  WINDOWED BY STAGGER (PARTITION BY TICKER_SYMBOL RANGE INTERVAL '10' SECOND);
                """, EVENTS, 0);
        h.row(1_000, 0L, "A").row(2_000, 0L, "B").row(5_000, 0L, "A");
        h.at(10_999);
        assertThat(h.output).isEmpty();
        h.at(11_000);
        assertThat(h.values()).containsExactly(List.of("A", 2));
        h.at(12_000);
        assertThat(h.values()).containsExactly(List.of("A", 2), List.of("B", 1));
        h.row(13_000, 0L, "A").at(23_000);
        assertThat(h.values()).last().isEqualTo(List.of("A", 1));
        assertThat(h.rowtimes()).containsExactly(11_000L, 12_000L, 23_000L);
    }

    @Test
    void slidingCountGivesOneRowPerInputRow() {
        // The sliding-window page: a 5-second window, rows at t1, t2, t6, t7 and three at t8, counts 1, 2, 2, 2, 5.
        // Its counts at t6 and t7 leave out the rows of t1 and t2, so those are more than 5 s older here; the three
        // rows of t8 each get a row (3, 4, 5: each sees the rows that came before it), the last being the page's 5.
        String code = """
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker VARCHAR(4), ticker_count INTEGER);
                CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM ticker_symbol, COUNT(*) OVER W1 AS ticker_count
                  FROM "SOURCE_SQL_STREAM_001"
                  WINDOW W1 AS (PARTITION BY ticker_symbol RANGE INTERVAL '5' SECOND PRECEDING);
                """;
        Harness h = new Harness(code, TICKER, 0);
        h.row(1_000, "AMZN", "T", 0.0, 1.0).row(2_000, "AMZN", "T", 0.0, 1.0)
                .row(6_500, "AMZN", "T", 0.0, 1.0).row(7_500, "AMZN", "T", 0.0, 1.0)
                .row(8_500, "AMZN", "T", 0.0, 1.0).row(8_500, "AMZN", "T", 0.0, 1.0).row(8_500, "AMZN", "T", 0.0, 1.0);
        assertThat(h.values()).extracting(r -> r.get(1)).containsExactly(1, 2, 2, 2, 3, 4, 5);
        assertThat(h.rowtimes()).containsExactly(1_000L, 2_000L, 6_500L, 7_500L, 8_500L, 8_500L, 8_500L);
    }

    @Test
    void rangeWindowsIncludeTheRowExactlyOneIntervalOld() {
        // AWS's reference: RANGE INTERVAL '1' DAY PRECEDING includes the reading exactly a day older (WEATHERSTREAM).
        String code = """
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (city VARCHAR(20), lo INTEGER, hi INTEGER,
                  av INTEGER);
                CREATE OR REPLACE PUMP "P" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM city, MIN(temp) OVER w, MAX(temp) OVER w, AVG(temp) OVER w
                  FROM "SOURCE_SQL_STREAM_001"
                  WINDOW w AS (PARTITION BY city RANGE INTERVAL '1' DAY PRECEDING);
                """;
        Harness h = new Harness(code, Harness.columns("CITY", "VARCHAR(20)", "TEMP", "INTEGER"), 0);
        h.row(t("2018-11-01T01:00:00Z"), "Denver", 29).row(t("2018-11-01T07:00:00Z"), "Denver", 32)
                .row(t("2018-11-01T13:00:00Z"), "Denver", 50).row(t("2018-11-01T19:00:00Z"), "Denver", 43)
                .row(t("2018-11-02T01:00:00Z"), "Denver", 39).row(t("2018-11-02T07:00:00Z"), "Denver", 46);
        assertThat(h.values()).containsExactly(
                List.of("Denver", 29, 29, 29),
                List.of("Denver", 29, 32, 30),
                List.of("Denver", 29, 50, 37),
                List.of("Denver", 29, 50, 38),
                List.of("Denver", 29, 50, 38),
                List.of("Denver", 32, 50, 42));
    }

    @Test
    void rowsWindowHoldsTheRowsBeforeAndLagReadsThem() {
        String code = """
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker VARCHAR(4), price REAL, prev REAL,
                  sum3 DOUBLE, since_prev BIGINT);
                CREATE OR REPLACE PUMP "P" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM ticker_symbol, price, LAG(price, 1, 0) OVER last3,
                      SUM(price) OVER last3,
                      TSDIFF("SOURCE_SQL_STREAM_001".ROWTIME,
                             TO_TIMESTAMP(UNIX_TIMESTAMP("SOURCE_SQL_STREAM_001".ROWTIME) - 250))
                  FROM "SOURCE_SQL_STREAM_001"
                  WINDOW last3 AS (PARTITION BY ticker_symbol ROWS 2 PRECEDING);
                """;
        Harness h = new Harness(code, TICKER, 0);
        h.row(1, "A", "T", 0.0, 1.0).row(2, "B", "T", 0.0, 100.0).row(3, "A", "T", 0.0, 2.0)
                .row(4, "A", "T", 0.0, 3.0).row(5, "A", "T", 0.0, 4.0);
        assertThat(h.values()).containsExactly(
                List.of("A", 1.0, 0.0, 1.0, 250L),
                List.of("B", 100.0, 0.0, 100.0, 250L),
                List.of("A", 2.0, 1.0, 3.0, 250L),
                List.of("A", 3.0, 2.0, 6.0, 250L),
                List.of("A", 4.0, 3.0, 9.0, 250L));
    }

    @Test
    void referenceDataLeftJoinAddsCompanyNames() {
        String code = """
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), "Company" varchar(20),
                  sector VARCHAR(12), change DOUBLE, price DOUBLE);

                CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
                   SELECT STREAM ticker_symbol, "c"."Company", sector, change, price
                   FROM "SOURCE_SQL_STREAM_001" LEFT JOIN "CompanyName" as "c"
                   ON "SOURCE_SQL_STREAM_001".ticker_symbol = "c"."Ticker";
                """;
        Relation table = Relation.table("CompanyName", Harness.columns("Ticker", "VARCHAR(4)", "Company",
                "VARCHAR(20)"));
        Harness h = new Harness(code, TICKER, 0, table);
        h.program.load("CompanyName", List.of(new Object[] {"AMZN", "Amazon"}, new Object[] {"ASD", "SomeCompanyA"},
                new Object[] {"MMB", "SomeCompanyB"}, new Object[] {"WAS", "SomeCompanyC"}));
        h.row(1, "AMZN", "TECHNOLOGY", 1.0, 10.0).row(2, "XYZ", "ENERGY", 2.0, 20.0)
                .row(3, "WAS", "RETAIL", 3.0, 30.0);
        assertThat(h.values()).containsExactly(
                List.of("AMZN", "Amazon", "TECHNOLOGY", 1.0, 10.0),
                java.util.Arrays.asList("XYZ", null, "ENERGY", 2.0, 20.0),
                List.of("WAS", "SomeCompanyC", "RETAIL", 3.0, 30.0));
    }

    @Test
    void topKItemsTumblingCountsTheMostFrequentValuesPerWindow() {
        String code = """
                CREATE OR REPLACE STREAM DESTINATION_SQL_STREAM (ITEM VARCHAR(1024), ITEM_COUNT DOUBLE);
                CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM * FROM TABLE(TOP_K_ITEMS_TUMBLING(
                      CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001"), 'TICKER_SYMBOL', 2, 60));
                """;
        Harness h = new Harness(code, TICKER, 0);
        for (String ticker : List.of("A", "B", "A", "C", "B", "A")) {
            h.row(1_000, ticker, "T", 0.0, 1.0);
        }
        h.at(59_999);
        assertThat(h.output).isEmpty();
        h.at(60_000);
        assertThat(h.values()).containsExactly(List.of("A", 3.0), List.of("B", 2.0));
        assertThat(h.rowtimes()).containsExactly(60_000L, 60_000L);
    }

    @Test
    void randomCutForestScoresZeroWhileLearningThenFlagsOutliers() {
        String code = """
                CREATE OR REPLACE STREAM "TEMP_STREAM" ("heartRate" INTEGER, "rateType" varchar(20),
                  "ANOMALY_SCORE" DOUBLE);
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" ("heartRate" INTEGER, "rateType" varchar(20),
                  "ANOMALY_SCORE" DOUBLE);
                CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "TEMP_STREAM"
                   SELECT STREAM "heartRate", "rateType", ANOMALY_SCORE
                   FROM TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001")));
                CREATE OR REPLACE PUMP "OUTPUT_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
                   SELECT STREAM * FROM "TEMP_STREAM"
                   ORDER BY FLOOR("TEMP_STREAM".ROWTIME TO SECOND), ANOMALY_SCORE DESC;
                """;
        Harness h = new Harness(code, Harness.columns("heartRate", "INTEGER", "rateType", "VARCHAR(20)"), 0);
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 600; i++) {
            h.row(i * 10L, 60 + random.nextInt(10), "NORMAL");
        }
        h.row(6_000, 200, "HIGH").at(7_000);
        assertThat(h.output).hasSize(601);
        // The forest learns from the first 256 rows (scores 0), then scores every row.
        assertThat(h.output.stream().filter(r -> (Double) r[3] == 0.0).count()).isEqualTo(256);
        // OUTPUT_PUMP orders each second's rows by score, highest first.
        for (int i = 1; i < h.output.size(); i++) {
            Object[] a = h.output.get(i - 1);
            Object[] b = h.output.get(i);
            if ((Long) a[0] / 1000 == (Long) b[0] / 1000) {
                assertThat((Double) a[3]).isGreaterThanOrEqualTo((Double) b[3]);
            }
        }
        Object[] top = h.output.stream().max(java.util.Comparator.comparingDouble(r -> (Double) r[3])).orElseThrow();
        assertThat(top[1]).isEqualTo(200);
        assertThat(top[2]).isEqualTo("HIGH");
    }

    @Test
    void chainedWindowsHoldTheirSourceRowsUntilTheLastWindowEmits() {
        // A count per 10 s, summed per minute: until the minute closes, the source rows of its counts are held,
        // though the per-minute window's own rows carry the 10-second windows' ends as ROWTIME.
        String code = """
                CREATE OR REPLACE STREAM "S1" (n BIGINT);
                CREATE OR REPLACE PUMP "P1" AS INSERT INTO "S1"
                  SELECT STREAM COUNT(*) FROM "SOURCE_SQL_STREAM_001"
                  GROUP BY STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND);
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (total BIGINT);
                CREATE OR REPLACE PUMP "P2" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM SUM(n) FROM "S1" GROUP BY STEP("S1".ROWTIME BY INTERVAL '1' MINUTE);
                """;
        Harness h = new Harness(code, TICKER, 0);
        h.row(1_000, "A", "T", 0.0, 1.0).row(2_000, "A", "T", 0.0, 1.0).row(11_000, "A", "T", 0.0, 1.0).at(25_000);
        assertThat(h.program.heldSince()).isEqualTo(1_000L);
        h.at(60_000);
        assertThat(h.values()).containsExactly(List.of(3L));
        assertThat(h.program.heldSince()).isEqualTo(Long.MAX_VALUE);
        h.row(61_000, "A", "T", 0.0, 1.0).at(75_000);
        assertThat(h.program.heldSince()).isEqualTo(61_000L);
    }

    @Test
    void rowsThatDoNotFitTheTargetColumnGoToErrorStream() {
        String code = """
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (n TINYINT);
                CREATE OR REPLACE PUMP "P" AS INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM temp FROM "SOURCE_SQL_STREAM_001";
                """;
        Harness h = new Harness(code, Harness.columns("CITY", "VARCHAR(20)", "TEMP", "INTEGER"), 0);
        h.row(1, "x", 12).row(2, "y", 1000).row(3, "z", -3);
        assertThat(h.values()).containsExactly(List.of(12), List.of(-3));
        assertThat(h.errors).hasSize(1);
        assertThat(h.errors.get(0)[3]).isEqualTo("Coercion error");
        assertThat(h.errors.get(0)[7]).isEqualTo("P");
    }
}
