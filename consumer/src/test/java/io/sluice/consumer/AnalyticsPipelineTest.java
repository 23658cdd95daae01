package io.sluice.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.local.junit.LocalBackendExtension;
import io.sluice.local.junit.ManualClock;
import io.sluice.producer.KinesisProducer;
import io.sluice.producer.ProducerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesisanalytics.KinesisAnalyticsClient;
import software.amazon.awssdk.services.kinesisanalytics.model.InputStartingPosition;
import software.amazon.awssdk.services.kinesisanalytics.model.Output;
import software.amazon.awssdk.services.kinesisanalytics.model.RecordFormatType;

/**
 * The whole pipeline: our producer (aggregating) writes JSON click events to a data stream, an Analytics
 * application counts them per page per minute on the backend's clock, and the counts go to a data stream read by
 * our consumer and to a delivery stream landing in the S3 folder.
 */
class AnalyticsPipelineTest {

    static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-06-01T09:00:05Z"));
    static final String ROLE = "arn:aws:iam::123456789012:role/analytics";
    static final String CODE = """
            CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (page VARCHAR(32), views BIGINT,
              window_start TIMESTAMP);
            CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
              SELECT STREAM "page", COUNT(*), STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE)
              FROM "SOURCE_SQL_STREAM_001"
              GROUP BY "page", STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE);
            """;

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.clock(CLOCK)
            .createDelay(Duration.ZERO).updateDelay(Duration.ZERO).shardThroughputLimits(false));

    @RegisterExtension
    static final TestClients CLIENTS = new TestClients(BACKEND);

    @Test
    void producerToApplicationToConsumerAndToTheS3Folder() throws Exception {
        Streams.create(CLIENTS.kinesis(), "clicks", 2);
        Streams.create(CLIENTS.kinesis(), "page-counts", 1);
        String clicks = arn("clicks");
        String counts = arn("page-counts");
        try (KinesisAnalyticsClient analytics = BACKEND.clients().kinesisAnalytics().build();
                FirehoseClient firehose = BACKEND.clients().firehose().build()) {
            firehose.createDeliveryStream(b -> b.deliveryStreamName("counts-hose")
                    .extendedS3DestinationConfiguration(s -> s.roleARN(ROLE).bucketARN("arn:aws:s3:::analytics")
                            .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(60))));
            String hose = firehose.describeDeliveryStream(b -> b.deliveryStreamName("counts-hose"))
                    .deliveryStreamDescription().deliveryStreamARN();
            analytics.createApplication(b -> b.applicationName("page-views")
                    .inputs(i -> i.namePrefix("SOURCE_SQL_STREAM")
                            .kinesisStreamsInput(k -> k.resourceARN(clicks).roleARN(ROLE))
                            .inputSchema(s -> s.recordFormat(f -> f.recordFormatType(RecordFormatType.JSON)
                                    .mappingParameters(m -> m.jsonMappingParameters(j -> j.recordRowPath("$"))))
                                    .recordColumns(c -> c.name("page").mapping("$.page").sqlType("VARCHAR(32)"),
                                            c -> c.name("user").mapping("$.user").sqlType("VARCHAR(16)"))))
                    .outputs(Output.builder().name("DESTINATION_SQL_STREAM")
                                    .kinesisStreamsOutput(k -> k.resourceARN(counts).roleARN(ROLE))
                                    .destinationSchema(d -> d.recordFormatType(RecordFormatType.JSON)).build(),
                            Output.builder().name("DESTINATION_SQL_STREAM")
                                    .kinesisFirehoseOutput(k -> k.resourceARN(hose).roleARN(ROLE))
                                    .destinationSchema(d -> d.recordFormatType(RecordFormatType.CSV)).build())
                    .applicationCode(CODE));
            analytics.startApplication(b -> b.applicationName("page-views").inputConfigurations(c -> c.id("1.1")
                    .inputStartingPositionConfiguration(p -> p.inputStartingPosition(InputStartingPosition.NOW))));

            ProducerConfig config = ProducerConfig.builder().endpoint(BACKEND.clients().endpoint())
                    .region(BACKEND.clients().region().id())
                    .credentialsProvider(BACKEND.clients().credentialsProvider()).build();
            try (KinesisProducer producer = KinesisProducer.create(config)) {
                List<CompletableFuture<?>> puts = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    String event = "{\"page\":\"/page/" + (i % 5) + "\",\"user\":\"u" + (i % 37) + "\"}";
                    puts.add(producer.addUserRecord("clicks", "u" + i, event.getBytes(StandardCharsets.UTF_8)));
                }
                CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get();
            }
            Streams.await(Duration.ofSeconds(30), () -> inputRecords() == 1000);

            CLOCK.set(Instant.parse("2026-06-01T09:01:00Z"));
            Recorder recorder = new Recorder("w");
            Scheduler scheduler = Scheduler.create(SchedulerTest.config("count-readers", "page-counts", "w")
                    .build(), recorder, CLIENTS.kinesisAsync(), CLIENTS.dynamo());
            scheduler.start();
            Streams.await(Duration.ofSeconds(30), () -> recorder.deliveries().size() >= 5);
            scheduler.shutdownGracefully(Duration.ofSeconds(10));
            Map<String, String> byPage = new TreeMap<>();
            for (Recorder.Delivery delivery : recorder.deliveries()) {
                String data = delivery.data();
                byPage.put(data.substring(data.indexOf("/page/"), data.indexOf("/page/") + 7), data);
            }
            assertThat(byPage).hasSize(5);
            assertThat(byPage.get("/page/0")).isEqualTo(
                    "{\"PAGE\":\"/page/0\",\"VIEWS\":200,\"WINDOW_START\":\"2026-06-01 09:00:00.000\"}");
            assertThat(recorder.deliveries()).hasSize(5);

            CLOCK.set(Instant.parse("2026-06-01T09:02:05Z"));
            Path bucket = BACKEND.backend().s3Directory().resolve("analytics");
            Streams.await(Duration.ofSeconds(30), () -> files(bucket).size() == 1);
            List<String> lines = Files.readAllLines(files(bucket).get(0));
            assertThat(lines).hasSize(5).contains("/page/3,200,2026-06-01 09:00:00.000");
        }
    }

    private static long inputRecords() {
        var gauge = BACKEND.backend().meterRegistry().find("KinesisAnalytics.InputRecords")
                .tag("Application", "page-views").gauge();
        return gauge == null ? 0 : (long) gauge.value();
    }

    private static String arn(String stream) {
        return CLIENTS.kinesis().describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary()
                .streamARN();
    }

    private static List<Path> files(Path bucket) {
        if (!Files.isDirectory(bucket)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(bucket)) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
