package io.sluice.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesisanalytics.KinesisAnalyticsClient;
import software.amazon.awssdk.services.kinesisanalytics.model.ApplicationStatus;
import software.amazon.awssdk.services.kinesisanalytics.model.InputStartingPosition;
import software.amazon.awssdk.services.kinesisanalytics.model.RecordFormatType;

/**
 * A running application survives SIGKILL of the backend: after a restart on the same data directory it is
 * RUNNING again and goes on from the positions it committed, so records written while the backend was down are
 * processed and none acknowledged before is lost.
 */
class AnalyticsDurabilityIT {

    static final String ROLE = "arn:aws:iam::000000000000:role/a";

    static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
            & software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<B, C>, C> C client(B builder,
            URI endpoint) {
        return builder.endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    @Test
    void aRunningApplicationResumesAfterSigkill(@TempDir Path dataDir) throws Exception {
        try (BackendProcess backend = BackendProcess.start("--data-dir", dataDir.toString(), "--create-delay", "0");
                KinesisClient kinesis = client(KinesisClient.builder(), backend.endpoint());
                KinesisAnalyticsClient analytics = client(KinesisAnalyticsClient.builder(), backend.endpoint())) {
            for (String stream : List.of("events", "passed")) {
                kinesis.createStream(b -> b.streamName(stream).shardCount(2));
                kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));
            }
            String events = kinesis.describeStreamSummary(b -> b.streamName("events")).streamDescriptionSummary()
                    .streamARN();
            analytics.createApplication(b -> b.applicationName("pass")
                    .inputs(i -> i.namePrefix("SOURCE_SQL_STREAM")
                            .kinesisStreamsInput(k -> k.resourceARN(events).roleARN(ROLE))
                            .inputSchema(s -> s.recordFormat(f -> f.recordFormatType(RecordFormatType.JSON)
                                    .mappingParameters(m -> m.jsonMappingParameters(j -> j.recordRowPath("$"))))
                                    .recordColumns(c -> c.name("id").mapping("$.id").sqlType("INTEGER"))))
                    .outputs(o -> o.name("DESTINATION_SQL_STREAM").kinesisStreamsOutput(k -> k.resourceARN(
                            events.replace("/events", "/passed")).roleARN(ROLE)).destinationSchema(d -> d
                                    .recordFormatType(RecordFormatType.JSON)))
                    .applicationCode("CREATE OR REPLACE STREAM \"DESTINATION_SQL_STREAM\" (id INTEGER);\n"
                            + "CREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"DESTINATION_SQL_STREAM\"\n"
                            + "SELECT STREAM \"id\" FROM \"SOURCE_SQL_STREAM_001\";"));
            analytics.startApplication(b -> b.applicationName("pass").inputConfigurations(c -> c.id("1.1")
                    .inputStartingPositionConfiguration(p -> p.inputStartingPosition(InputStartingPosition.NOW))));
            // A second application holds everything it reads in an hour-long window: it commits nothing.
            analytics.createApplication(b -> b.applicationName("hourly")
                    .inputs(i -> i.namePrefix("SOURCE_SQL_STREAM")
                            .kinesisStreamsInput(k -> k.resourceARN(events).roleARN(ROLE))
                            .inputSchema(s -> s.recordFormat(f -> f.recordFormatType(RecordFormatType.JSON)
                                    .mappingParameters(m -> m.jsonMappingParameters(j -> j.recordRowPath("$"))))
                                    .recordColumns(c -> c.name("id").mapping("$.id").sqlType("INTEGER"))))
                    .applicationCode("CREATE OR REPLACE STREAM \"DESTINATION_SQL_STREAM\" (n BIGINT);\n"
                            + "CREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"DESTINATION_SQL_STREAM\"\n"
                            + "SELECT STREAM COUNT(*) FROM \"SOURCE_SQL_STREAM_001\"\n"
                            + "GROUP BY STEP(\"SOURCE_SQL_STREAM_001\".ROWTIME BY INTERVAL '1' HOUR);"));
            analytics.startApplication(b -> b.applicationName("hourly").inputConfigurations(c -> c.id("1.1")
                    .inputStartingPositionConfiguration(p -> p.inputStartingPosition(
                            InputStartingPosition.TRIM_HORIZON))));
            put(kinesis, 0, 200);
            assertThat(await(kinesis, 200)).hasSize(200);
            Thread.sleep(500);
            backend.kill();
        }
        // The filter committed where it read to; the hourly window holds its records, so only where it started
        // (time 0 for TRIM_HORIZON) was saved, and a restart reads them all again.
        Path apps = dataDir.resolve("analytics").resolve("us-east-1");
        assertThat(Files.readString(apps.resolve("pass").resolve("positions.json"))).contains("shardId-");
        assertThat(Files.readString(apps.resolve("hourly").resolve("positions.json")))
                .contains("\"$start\" : \"0\"").doesNotContain("shardId-");
        try (BackendProcess restarted = BackendProcess.start("--data-dir", dataDir.toString());
                KinesisClient kinesis = client(KinesisClient.builder(), restarted.endpoint());
                KinesisAnalyticsClient analytics = client(KinesisAnalyticsClient.builder(), restarted.endpoint())) {
            assertThat(analytics.describeApplication(b -> b.applicationName("pass")).applicationDetail()
                    .applicationStatus()).isEqualTo(ApplicationStatus.RUNNING);
            assertThat(analytics.describeApplication(b -> b.applicationName("hourly")).applicationDetail()
                    .applicationStatus()).isEqualTo(ApplicationStatus.RUNNING);
            put(kinesis, 200, 100);
            Set<Integer> seen = await(kinesis, 300);
            assertThat(seen).hasSize(300);
            List<Integer> all = passed(kinesis);
            assertThat(all.size() - seen.size()).as("records passed twice").isLessThanOrEqualTo(200);
        }
    }

    static void put(KinesisClient kinesis, int from, int count) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey("k" + i)
                    .data(SdkBytes.fromString("{\"id\":" + i + "}", StandardCharsets.UTF_8)).build());
        }
        assertThat(kinesis.putRecords(b -> b.streamName("events").records(entries)).failedRecordCount()).isZero();
    }

    static Set<Integer> await(KinesisClient kinesis, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Set<Integer> seen = new HashSet<>(passed(kinesis));
        while (seen.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
            seen = new HashSet<>(passed(kinesis));
        }
        return seen;
    }

    static List<Integer> passed(KinesisClient kinesis) {
        List<Integer> ids = new ArrayList<>();
        for (Shard shard : kinesis.listShards(b -> b.streamName("passed")).shards()) {
            String iterator = kinesis.getShardIterator(b -> b.streamName("passed").shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String current = iterator;
                var response = kinesis.getRecords(b -> b.shardIterator(current));
                response.records().forEach(r -> {
                    String json = r.data().asUtf8String();
                    ids.add(Integer.parseInt(json.substring(json.indexOf(':') + 1, json.indexOf('}'))));
                });
                if (response.records().isEmpty()) {
                    break;
                }
                iterator = response.nextShardIterator();
            }
        }
        return ids;
    }
}
