package io.sluice.samples.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.local.junit.LocalBackendExtension;
import io.sluice.local.junit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesisanalytics.KinesisAnalyticsClient;

/**
 * The Analytics template against backend-local: the bundled SQL, the schema discovered from the stream, a minute
 * window closing on the backend's clock; run again, it updates the code.
 */
class SqlApplicationTest {

    static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-07-01T12:00:05Z"));

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.clock(CLOCK)
            .createDelay(Duration.ZERO).updateDelay(Duration.ZERO).shardThroughputLimits(false));

    @Test
    void deploysDiscoversStartsAndUpdates() throws Exception {
        try (KinesisClient kinesis = BACKEND.clients().kinesis().build();
                KinesisAnalyticsClient analytics = BACKEND.clients().kinesisAnalytics().build()) {
            for (String stream : List.of("clicks", "counts")) {
                kinesis.createStream(b -> b.streamName(stream).shardCount(1));
                kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));
            }
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                entries.add(PutRecordsRequestEntry.builder().partitionKey("k" + i).data(SdkBytes.fromUtf8String(
                        "{\"page\":\"/p" + (i % 3) + "\",\"user\":\"u" + i + "\"}")).build());
            }
            kinesis.putRecords(b -> b.streamName("clicks").records(entries));
            String[] args = {"--name", "page-counts", "--input-stream", "clicks", "--output-stream", "counts",
                "--position", "TRIM_HORIZON", "--endpoint", BACKEND.clients().endpoint().toString(), "--region",
                BACKEND.clients().region().id()};
            assertThat(new CommandLine(new SqlApplication(BACKEND.clients().credentialsProvider())).execute(args))
                    .isZero();
            var detail = analytics.describeApplication(b -> b.applicationName("page-counts")).applicationDetail();
            assertThat(detail.applicationStatusAsString()).isEqualTo("RUNNING");
            assertThat(detail.inputDescriptions().get(0).inputSchema().recordColumns())
                    .extracting(c -> c.name()).containsExactly("page", "COL_user");

            Thread.sleep(1_000);
            CLOCK.set(Instant.parse("2026-07-01T12:01:00Z"));
            List<String> counts = List.of();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (counts.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                counts = read(kinesis);
            }
            assertThat(counts).containsExactlyInAnyOrder(
                    "{\"PAGE\":\"/p0\",\"CLICKS\":10,\"WINDOW_START\":\"2026-07-01 12:00:00.000\"}",
                    "{\"PAGE\":\"/p1\",\"CLICKS\":10,\"WINDOW_START\":\"2026-07-01 12:00:00.000\"}",
                    "{\"PAGE\":\"/p2\",\"CLICKS\":10,\"WINDOW_START\":\"2026-07-01 12:00:00.000\"}");

            assertThat(new CommandLine(new SqlApplication(BACKEND.clients().credentialsProvider())).execute(args))
                    .isZero();
            assertThat(analytics.describeApplication(b -> b.applicationName("page-counts")).applicationDetail()
                    .applicationVersionId()).isEqualTo(2L);
        }
    }

    static List<String> read(KinesisClient kinesis) {
        String shard = kinesis.listShards(b -> b.streamName("counts")).shards().get(0).shardId();
        String iterator = kinesis.getShardIterator(b -> b.streamName("counts").shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        return kinesis.getRecords(b -> b.shardIterator(iterator)).records().stream()
                .map(r -> r.data().asUtf8String()).toList();
    }
}
