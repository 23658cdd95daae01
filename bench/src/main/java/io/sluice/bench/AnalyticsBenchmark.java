package io.sluice.bench;

import io.sluice.local.LocalBackend;
import io.sluice.local.LocalClients;
import io.sluice.local.internal.analytics.sql.Column;
import io.sluice.local.internal.analytics.sql.Program;
import io.sluice.local.internal.analytics.sql.Relation;
import io.sluice.local.internal.analytics.sql.SqlType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesisanalytics.KinesisAnalyticsClient;
import software.amazon.awssdk.services.kinesisanalytics.model.InputStartingPosition;
import software.amazon.awssdk.services.kinesisanalytics.model.RecordFormatType;

/**
 * Kinesis Data Analytics (SQL) throughput. The runtime alone: rows of the ticker schema (1,000 ticker symbols,
 * four sectors) pushed straight into a compiled application, with ROWTIME moving 100,000 rows a second of clock
 * and the clock ticking every 1,024 rows, through a tumbling GROUP BY (COUNT, MIN, MAX, AVG per ticker per 10 s)
 * or the continuous filter ({@code SIMILAR TO '%TECH%'}). End to end: JSON records preloaded into a 4-shard
 * stream of an embedded backend, read from TRIM_HORIZON by a started application through the backend's Kinesis
 * API, parsed, run, and (the filter) written to an output stream; timed from StartApplication until the
 * application has read every record.
 */
final class AnalyticsBenchmark {

    static final String TUMBLING = """
            CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker VARCHAR(8), n BIGINT, lo DOUBLE, hi DOUBLE,
              av DOUBLE);
            CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
              SELECT STREAM TICKER_SYMBOL, COUNT(*), MIN(PRICE), MAX(PRICE), AVG(PRICE)
              FROM "SOURCE_SQL_STREAM_001"
              GROUP BY TICKER_SYMBOL, STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND);
            """;
    static final String FILTER = """
            CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (symbol VARCHAR(8), sector VARCHAR(12),
              change DOUBLE, price DOUBLE);
            CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
              SELECT STREAM TICKER_SYMBOL, SECTOR, CHANGE, PRICE FROM "SOURCE_SQL_STREAM_001"
              WHERE SECTOR SIMILAR TO '%TECH%';
            """;
    static final String[] SECTORS = {"TECHNOLOGY", "ENERGY", "HEALTHCARE", "FINANCIAL"};
    static final List<Column> COLUMNS = List.of(new Column("TICKER_SYMBOL", SqlType.parse("VARCHAR(8)")),
            new Column("SECTOR", SqlType.parse("VARCHAR(16)")), new Column("CHANGE", SqlType.parse("REAL")),
            new Column("PRICE", SqlType.parse("REAL")));

    record RuntimeResult(String query, long rows, double seconds, long outputRows) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    record EndToEndResult(String query, long records, double seconds, long outputRecords) {
        double recordsPerSecond() {
            return records / seconds;
        }
    }

    private AnalyticsBenchmark() {
    }

    /** One pass of {@code rows} rows through a compiled application. */
    static RuntimeResult runtime(String name, String code, int rows) {
        long[] now = {0};
        Program program = Program.compile(code, List.of(Relation.stream("SOURCE_SQL_STREAM_001", COLUMNS)), List.of(),
                () -> now[0]);
        long[] out = {0};
        program.subscribe("DESTINATION_SQL_STREAM", r -> out[0]++);
        Random random = new Random(1);
        String[] tickers = new String[1000];
        for (int i = 0; i < tickers.length; i++) {
            tickers[i] = "T" + i;
        }
        Object[][] pool = new Object[1 << 16][];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = new Object[] {0L, tickers[random.nextInt(tickers.length)], SECTORS[random.nextInt(4)],
                random.nextDouble() * 2 - 1, 100 * random.nextDouble()};
        }
        long start = System.nanoTime();
        for (int i = 0; i < rows; i++) {
            long rowtime = i / 100;
            if ((i & 1023) == 0) {
                now[0] = rowtime;
                program.advance(rowtime);
            }
            Object[] row = pool[i & (pool.length - 1)].clone();
            row[0] = rowtime;
            program.insert("SOURCE_SQL_STREAM_001", row);
        }
        now[0] = rows;
        program.advance(rows);
        return new RuntimeResult(name, rows, (System.nanoTime() - start) / 1e9, out[0]);
    }

    /** Preloads {@code records} JSON records into a 4-shard stream, then times an application reading them all. */
    static EndToEndResult endToEnd(String name, String code, int records) throws Exception {
        try (LocalBackend backend = LocalBackend.builder().port(0).createDelay(Duration.ZERO)
                .updateDelay(Duration.ZERO).shardThroughputLimits(false).build().start()) {
            LocalClients clients = LocalClients.of(backend);
            try (KinesisClient kinesis = clients.kinesis().build();
                    KinesisAnalyticsClient analytics = clients.kinesisAnalytics().build()) {
                kinesis.createStream(b -> b.streamName("ticker").shardCount(4));
                kinesis.createStream(b -> b.streamName("out").shardCount(4));
                load(kinesis, records);
                String source = kinesis.describeStreamSummary(b -> b.streamName("ticker")).streamDescriptionSummary()
                        .streamARN();
                String out = source.replace("/ticker", "/out");
                String role = "arn:aws:iam::000000000000:role/bench";
                analytics.createApplication(b -> b.applicationName("bench").applicationCode(code)
                        .inputs(i -> i.namePrefix("SOURCE_SQL_STREAM")
                                .kinesisStreamsInput(k -> k.resourceARN(source).roleARN(role))
                                .inputSchema(s -> s.recordFormat(f -> f.recordFormatType(RecordFormatType.JSON)
                                        .mappingParameters(m -> m.jsonMappingParameters(j -> j.recordRowPath("$"))))
                                        .recordColumns(c -> c.name("TICKER_SYMBOL").mapping("$.TICKER_SYMBOL")
                                                        .sqlType("VARCHAR(8)"),
                                                c -> c.name("SECTOR").mapping("$.SECTOR").sqlType("VARCHAR(16)"),
                                                c -> c.name("CHANGE").mapping("$.CHANGE").sqlType("REAL"),
                                                c -> c.name("PRICE").mapping("$.PRICE").sqlType("REAL"))))
                        .outputs(o -> o.name("DESTINATION_SQL_STREAM")
                                .kinesisStreamsOutput(k -> k.resourceARN(out).roleARN(role))
                                .destinationSchema(d -> d.recordFormatType(RecordFormatType.JSON))));
                long start = System.nanoTime();
                analytics.startApplication(b -> b.applicationName("bench").inputConfigurations(c -> c.id("1.1")
                        .inputStartingPositionConfiguration(p -> p.inputStartingPosition(
                                InputStartingPosition.TRIM_HORIZON))));
                long deadline = start + Duration.ofMinutes(10).toNanos();
                while (gauge(backend, "KinesisAnalytics.InputRecords") < records && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long read = gauge(backend, "KinesisAnalytics.InputRecords");
                if (read < records) {
                    throw new IllegalStateException("The application read " + read + " of " + records + " records");
                }
                Thread.sleep(1000);
                return new EndToEndResult(name, records, seconds, gauge(backend, "KinesisAnalytics.OutputRecords"));
            }
        }
    }

    private static long gauge(LocalBackend backend, String name) {
        var gauge = backend.meterRegistry().find(name).tag("Application", "bench").gauge();
        return gauge == null ? 0 : (long) gauge.value();
    }

    private static void load(KinesisClient kinesis, int records) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicLong next = new AtomicLong();
        List<Future<?>> loaders = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            loaders.add(pool.submit(() -> {
                Random random = new Random();
                while (true) {
                    long from = next.getAndAdd(500);
                    if (from >= records) {
                        return null;
                    }
                    List<PutRecordsRequestEntry> batch = new ArrayList<>();
                    for (long i = from; i < Math.min(records, from + 500); i++) {
                        String json = "{\"TICKER_SYMBOL\":\"T" + random.nextInt(1000) + "\",\"SECTOR\":\""
                                + SECTORS[random.nextInt(4)] + "\",\"CHANGE\":" + (random.nextInt(200) - 100) / 10.0
                                + ",\"PRICE\":" + random.nextInt(100_000) / 100.0 + "}";
                        batch.add(PutRecordsRequestEntry.builder().partitionKey(Long.toString(i))
                                .data(SdkBytes.fromString(json, StandardCharsets.UTF_8)).build());
                    }
                    if (kinesis.putRecords(b -> b.streamName("ticker").records(batch)).failedRecordCount() > 0) {
                        throw new IllegalStateException("load refused records");
                    }
                }
            }));
        }
        for (Future<?> loader : loaders) {
            loader.get();
        }
        pool.shutdown();
    }
}
