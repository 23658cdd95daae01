package io.sluice.local.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.local.MutableClock;
import io.sluice.local.firehose.FirehoseFiles;
import io.sluice.local.junit.LocalBackendExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesisanalytics.KinesisAnalyticsClient;
import software.amazon.awssdk.services.kinesisanalytics.model.InputStartingPosition;
import software.amazon.awssdk.services.kinesisanalytics.model.Output;
import software.amazon.awssdk.services.kinesisanalytics.model.RecordFormatType;

/** An application reading a delivery stream's records and writing its output to another delivery stream. */
class AnalyticsFirehoseTest {

    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-05-01T10:00:05Z"));

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.clock(CLOCK)
            .createDelay(Duration.ZERO).deleteDelay(Duration.ZERO).updateDelay(Duration.ZERO));

    static KinesisAnalyticsClient analytics;
    static FirehoseClient firehose;

    @BeforeAll
    static void clients() {
        analytics = BACKEND.clients().kinesisAnalytics().build();
        firehose = BACKEND.clients().firehose().build();
    }

    @AfterAll
    static void close() {
        analytics.close();
        firehose.close();
    }

    static void awaitInput(String application, long count) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (inputRecords(application) < count && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(inputRecords(application)).isEqualTo(count);
    }

    static long inputRecords(String application) {
        var gauge = BACKEND.backend().meterRegistry().find("KinesisAnalytics.InputRecords")
                .tag("Application", application).gauge();
        return gauge == null ? 0 : (long) gauge.value();
    }

    @Test
    void deliveryStreamInAndDeliveryStreamOut() throws Exception {
        for (String name : List.of("fh-in", "fh-out")) {
            firehose.createDeliveryStream(b -> b.deliveryStreamName(name).extendedS3DestinationConfiguration(
                    s -> s.roleARN(AnalyticsApiTest.ROLE).bucketARN("arn:aws:s3:::" + name)
                            .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(60))));
        }
        String in = firehose.describeDeliveryStream(b -> b.deliveryStreamName("fh-in")).deliveryStreamDescription()
                .deliveryStreamARN();
        String out = in.replace("fh-in", "fh-out");
        analytics.createApplication(b -> b.applicationName("hoses")
                .inputs(AnalyticsApiTest.tickerInput("arn:aws:kinesis:x:0:stream/unused").toBuilder()
                        .kinesisStreamsInput((software.amazon.awssdk.services.kinesisanalytics.model
                                .KinesisStreamsInput) null)
                        .kinesisFirehoseInput(f -> f.resourceARN(in).roleARN(AnalyticsApiTest.ROLE)).build())
                .outputs(Output.builder().name("DESTINATION_SQL_STREAM").kinesisFirehoseOutput(f -> f
                        .resourceARN(out).roleARN(AnalyticsApiTest.ROLE)).destinationSchema(d -> d.recordFormatType(
                                RecordFormatType.JSON)).build())
                .applicationCode(AnalyticsApiTest.FILTER));
        analytics.startApplication(b -> b.applicationName("hoses").inputConfigurations(c -> c.id("1.1")
                .inputStartingPositionConfiguration(p -> p.inputStartingPosition(InputStartingPosition.NOW))));
        List<software.amazon.awssdk.services.firehose.model.Record> records = new ArrayList<>();
        for (String sector : List.of("TECHNOLOGY", "ENERGY", "BIOTECH")) {
            records.add(software.amazon.awssdk.services.firehose.model.Record.builder().data(
                    software.amazon.awssdk.core.SdkBytes.fromUtf8String("{\"TICKER_SYMBOL\":\"T\",\"SECTOR\":\""
                            + sector + "\",\"CHANGE\":1,\"PRICE\":2}")).build());
        }
        firehose.putRecordBatch(b -> b.deliveryStreamName("fh-in").records(records));
        awaitInput("hoses", 3);
        Thread.sleep(400);
        CLOCK.set(CLOCK.instant().plusSeconds(61));
        Path s3 = BACKEND.backend().s3Directory();
        List<String> keys = FirehoseFiles.awaitKeys(s3, "fh-out", 1, Duration.ofSeconds(10));
        String delivered = new String(FirehoseFiles.read(s3, "fh-out", keys.get(0), "UNCOMPRESSED"),
                StandardCharsets.UTF_8);
        assertThat(delivered).isEqualTo("{\"SYMBOL\":\"T\",\"SECTOR\":\"TECHNOLOGY\",\"CHANGE\":1.0,\"PRICE\":2.0}"
                + "{\"SYMBOL\":\"T\",\"SECTOR\":\"BIOTECH\",\"CHANGE\":1.0,\"PRICE\":2.0}");
    }
}
