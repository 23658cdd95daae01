package io.sluice.local.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.local.MutableClock;
import io.sluice.local.firehose.FirehoseFiles;
import io.sluice.local.junit.LocalBackendExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesisanalytics.KinesisAnalyticsClient;
import software.amazon.awssdk.services.kinesisanalytics.model.InputStartingPosition;
import software.amazon.awssdk.services.kinesisanalytics.model.Output;
import software.amazon.awssdk.services.kinesisanalytics.model.RecordFormatType;

/**
 * Applications running inside the backend on its injected clock: a tumbling window per minute that closes when
 * the clock reaches the minute, joined with reference data from the S3 folder, records that do not fit the
 * schema in error_stream sent to a delivery stream as CSV, and a restart at LAST_STOPPED_POINT.
 */
class AnalyticsRuntimeTest {

    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-05-01T10:00:05Z"));

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.clock(CLOCK)
            .createDelay(Duration.ZERO).deleteDelay(Duration.ZERO).updateDelay(Duration.ZERO)
            .shardThroughputLimits(false));

    static KinesisAnalyticsClient analytics;
    static KinesisClient kinesis;
    static FirehoseClient firehose;

    @BeforeAll
    static void clients() {
        analytics = BACKEND.clients().kinesisAnalytics().build();
        kinesis = BACKEND.clients().kinesis().build();
        firehose = BACKEND.clients().firehose().build();
    }

    @AfterAll
    static void close() {
        analytics.close();
        kinesis.close();
        firehose.close();
    }

    static final String PER_MINUTE = """
            CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker VARCHAR(4), company VARCHAR(20),
              ticker_count INTEGER, window_start TIMESTAMP);
            CREATE OR REPLACE STREAM "NAMED" (ticker VARCHAR(4), company VARCHAR(20));
            CREATE OR REPLACE PUMP "JOIN_PUMP" AS INSERT INTO "NAMED"
              SELECT STREAM s.TICKER_SYMBOL, c."Company"
              FROM "SOURCE_SQL_STREAM_001" AS s LEFT JOIN "CompanyName" AS c ON s.TICKER_SYMBOL = c."Ticker";
            CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
              SELECT STREAM ticker, company, COUNT(*), STEP("NAMED".ROWTIME BY INTERVAL '1' MINUTE)
              FROM "NAMED"
              GROUP BY ticker, company, STEP("NAMED".ROWTIME BY INTERVAL '1' MINUTE);
            """;

    static long inputRecords(String application) {
        var gauge = BACKEND.backend().meterRegistry().find("KinesisAnalytics.InputRecords")
                .tag("Application", application).gauge();
        return gauge == null ? 0 : (long) gauge.value();
    }

    static void awaitInput(String application, long count) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (inputRecords(application) < count && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(inputRecords(application)).isEqualTo(count);
    }

    /** Lets the application's 100 ms tick see the clock. */
    static void settle() throws InterruptedException {
        Thread.sleep(400);
    }

    @Test
    void tumblingWindowsCloseOnTheClockWithReferenceDataAndErrorsToFirehose() throws Exception {
        String source = StreamRecords.create(kinesis, "rt-ticker");
        String destination = StreamRecords.create(kinesis, "rt-counts");
        Path s3 = BACKEND.backend().s3Directory();
        Files.createDirectories(s3.resolve("refs"));
        Files.writeString(s3.resolve("refs/TickerReference.csv"),
                "Ticker,Company\nAMZN,Amazon\nASD,SomeCompanyA\nMMB,SomeCompanyB\n");
        firehose.createDeliveryStream(b -> b.deliveryStreamName("rt-errors").extendedS3DestinationConfiguration(
                s -> s.roleARN(AnalyticsApiTest.ROLE).bucketARN("arn:aws:s3:::errors")
                        .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(60))));
        String errorsArn = firehose.describeDeliveryStream(b -> b.deliveryStreamName("rt-errors"))
                .deliveryStreamDescription().deliveryStreamARN();
        analytics.createApplication(b -> b.applicationName("per-minute")
                .inputs(AnalyticsApiTest.tickerInput(source))
                .outputs(AnalyticsApiTest.streamOutput("DESTINATION_SQL_STREAM", destination),
                        Output.builder().name("error_stream").kinesisFirehoseOutput(f -> f.resourceARN(errorsArn)
                                .roleARN(AnalyticsApiTest.ROLE)).destinationSchema(d -> d.recordFormatType(
                                        RecordFormatType.CSV)).build())
                .applicationCode(PER_MINUTE.replace("\"CompanyName\"", "\"Placeholder\"")
                        .replace("LEFT JOIN \"Placeholder\" AS c ON s.TICKER_SYMBOL = c.\"Ticker\"", "")
                        .replace("c.\"Company\"", "CAST(NULL AS VARCHAR(20))")));
        analytics.addApplicationReferenceDataSource(b -> b.applicationName("per-minute").currentApplicationVersionId(1L)
                .referenceDataSource(r -> r.tableName("CompanyName")
                        .s3ReferenceDataSource(s -> s.bucketARN("arn:aws:s3:::refs").fileKey("TickerReference.csv")
                                .referenceRoleARN(AnalyticsApiTest.ROLE))
                        .referenceSchema(s -> s.recordFormat(f -> f.recordFormatType(RecordFormatType.CSV)
                                .mappingParameters(m -> m.csvMappingParameters(c -> c.recordRowDelimiter("\n")
                                        .recordColumnDelimiter(","))))
                                .recordColumns(c -> c.name("Ticker").sqlType("VARCHAR(4)"),
                                        c -> c.name("Company").sqlType("VARCHAR(20)")))));
        analytics.updateApplication(b -> b.applicationName("per-minute").currentApplicationVersionId(2L)
                .applicationUpdate(u -> u.applicationCodeUpdate(PER_MINUTE)));
        analytics.startApplication(b -> b.applicationName("per-minute").inputConfigurations(c -> c.id("1.1")
                .inputStartingPositionConfiguration(p -> p.inputStartingPosition(InputStartingPosition.NOW))));

        StreamRecords.put(kinesis, "rt-ticker", List.of(
                "{\"TICKER_SYMBOL\":\"AMZN\",\"SECTOR\":\"TECHNOLOGY\",\"CHANGE\":1,\"PRICE\":10}",
                "{\"TICKER_SYMBOL\":\"XYZ\",\"SECTOR\":\"ENERGY\",\"CHANGE\":1,\"PRICE\":10}",
                "{\"TICKER_SYMBOL\":\"AMZN\",\"SECTOR\":\"TECHNOLOGY\",\"CHANGE\":1,\"PRICE\":11}",
                "{\"TICKER_SYMBOL\":\"MMB\",\"SECTOR\":\"RETAIL\",\"CHANGE\":\"a\",\"PRICE\":11}"));
        awaitInput("per-minute", 4);
        CLOCK.set(Instant.parse("2026-05-01T10:00:59.999Z"));
        settle();
        assertThat(StreamRecords.all(kinesis, "rt-counts")).isEmpty();
        CLOCK.set(Instant.parse("2026-05-01T10:01:00Z"));
        List<String> first = StreamRecords.await(kinesis, "rt-counts", 2, Duration.ofSeconds(10));
        assertThat(first).containsExactly(
                "{\"TICKER\":\"AMZN\",\"COMPANY\":\"Amazon\",\"TICKER_COUNT\":2,"
                        + "\"WINDOW_START\":\"2026-05-01 10:00:00.000\"}",
                "{\"TICKER\":\"XYZ\",\"COMPANY\":null,\"TICKER_COUNT\":1,"
                        + "\"WINDOW_START\":\"2026-05-01 10:00:00.000\"}");

        CLOCK.set(Instant.parse("2026-05-01T10:01:30Z"));
        StreamRecords.put(kinesis, "rt-ticker", List.of(
                "{\"TICKER_SYMBOL\":\"ASD\",\"SECTOR\":\"X\",\"CHANGE\":1,\"PRICE\":1}"));
        awaitInput("per-minute", 5);
        CLOCK.set(Instant.parse("2026-05-01T10:02:00Z"));
        assertThat(StreamRecords.await(kinesis, "rt-counts", 3, Duration.ofSeconds(10))).last().isEqualTo(
                "{\"TICKER\":\"ASD\",\"COMPANY\":\"SomeCompanyA\",\"TICKER_COUNT\":1,"
                        + "\"WINDOW_START\":\"2026-05-01 10:01:00.000\"}");

        // The record whose CHANGE is not a number went to error_stream, and from there to the delivery stream.
        CLOCK.set(Instant.parse("2026-05-01T10:03:10Z"));
        List<String> keys = FirehoseFiles.awaitKeys(s3, "errors", 1, Duration.ofSeconds(10));
        String csv = new String(FirehoseFiles.read(s3, "errors", keys.get(0), "UNCOMPRESSED"),
                StandardCharsets.UTF_8);
        String[] fields = csv.strip().split(",");
        assertThat(fields[1]).isEqualTo("WARNING");
        assertThat(fields[2]).isEqualTo("Coercion error");
        assertThat(new String(HexFormat.of().parseHex(fields[5]), StandardCharsets.UTF_8))
                .contains("\"CHANGE\":\"a\"");
        assertThat(fields[6]).isEqualTo("null");
    }

    @Test
    void aStoppedApplicationGoesOnFromWhereItStopped() throws Exception {
        String source = StreamRecords.create(kinesis, "rt-resume");
        String destination = StreamRecords.create(kinesis, "rt-resume-out");
        analytics.createApplication(b -> b.applicationName("resume").inputs(AnalyticsApiTest.tickerInput(source))
                .outputs(AnalyticsApiTest.streamOutput("DESTINATION_SQL_STREAM", destination))
                .applicationCode(AnalyticsApiTest.FILTER.replace("SIMILAR TO '%TECH%'", "IS NOT NULL")));
        analytics.startApplication(b -> b.applicationName("resume").inputConfigurations(c -> c.id("1.1")
                .inputStartingPositionConfiguration(p -> p.inputStartingPosition(InputStartingPosition.NOW))));
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            first.add("{\"TICKER_SYMBOL\":\"A" + i + "\",\"SECTOR\":\"S\",\"CHANGE\":1,\"PRICE\":1}");
        }
        StreamRecords.put(kinesis, "rt-resume", first);
        assertThat(StreamRecords.await(kinesis, "rt-resume-out", 3, Duration.ofSeconds(10))).hasSize(3);
        analytics.stopApplication(b -> b.applicationName("resume"));
        List<String> second = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            second.add("{\"TICKER_SYMBOL\":\"B" + i + "\",\"SECTOR\":\"S\",\"CHANGE\":1,\"PRICE\":1}");
        }
        StreamRecords.put(kinesis, "rt-resume", second);
        analytics.startApplication(b -> b.applicationName("resume").inputConfigurations(c -> c.id("1.1")
                .inputStartingPositionConfiguration(p -> p.inputStartingPosition(
                        InputStartingPosition.LAST_STOPPED_POINT))));
        List<String> out = StreamRecords.await(kinesis, "rt-resume-out", 5, Duration.ofSeconds(10));
        settle();
        assertThat(StreamRecords.all(kinesis, "rt-resume-out")).hasSize(5);
        assertThat(out).extracting(s -> s.substring(11, 13)).containsExactly("A0", "A1", "A2", "B0", "B1");
    }
}
