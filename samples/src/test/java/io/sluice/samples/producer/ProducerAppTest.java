package io.sluice.samples.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.aggregation.Deaggregator;
import io.sluice.local.junit.LocalBackendExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** The producer template against backend-local: a KPL properties file, an environment override, every line put. */
class ProducerAppTest {

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.createDelay(Duration.ZERO));

    @Test
    void putsEveryLineWithKeysFromAField(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("producer.properties");
        Files.writeString(config, "KinesisEndpoint=" + BACKEND.clients().endpoint().getScheme() + "://"
                + BACKEND.clients().endpoint().getHost() + "\nKinesisPort=" + BACKEND.clients().endpoint().getPort()
                + "\nRegion=" + BACKEND.clients().region().id() + "\nAggregationEnabled=true\n");
        Path input = dir.resolve("orders.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            lines.add("{\"order\":" + i + ",\"customer\":\"c" + (i % 50) + "\"}");
        }
        Files.write(input, lines);
        try (KinesisClient kinesis = BACKEND.clients().kinesis().build()) {
            kinesis.createStream(b -> b.streamName("orders").shardCount(2));
            kinesis.waiter().waitUntilStreamExists(b -> b.streamName("orders"));
            ProducerApp app = new ProducerApp(BACKEND.clients().credentialsProvider(),
                    Map.of("SLUICE_PRODUCER_RECORD_MAX_BUFFERED_TIME", "50"));
            int exit = new CommandLine(app).execute("--stream", "orders", "--config", config.toString(), "--input",
                    input.toString(), "--key-field", "customer");
            assertThat(exit).isZero();
            assertThat(app.acknowledged()).isEqualTo(2_000);

            Set<String> read = new HashSet<>();
            Set<String> keys = new HashSet<>();
            for (Shard shard : kinesis.listShards(b -> b.streamName("orders")).shards()) {
                String iterator = kinesis.getShardIterator(b -> b.streamName("orders").shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                List<Record> records = kinesis.getRecords(b -> b.shardIterator(iterator)).records();
                for (Record record : records) {
                    for (Deaggregator.UserRecord user : Deaggregator.deaggregate(record.partitionKey(), null,
                            record.data().asByteArray())) {
                        read.add(new String(user.data(), StandardCharsets.UTF_8));
                        keys.add(user.partitionKey());
                    }
                }
            }
            assertThat(read).containsExactlyInAnyOrderElementsOf(lines);
            assertThat(keys).hasSize(50).contains("c0", "c49");
        }
    }

    @Test
    void environmentNamesBecomeKplKeys() {
        assertThat(ProducerApp.fromEnvironment(Map.of("SLUICE_PRODUCER_RECORD_MAX_BUFFERED_TIME", "200",
                "SLUICE_PRODUCER_KINESIS_ENDPOINT", "localhost", "OTHER", "x")))
                .containsEntry("RecordMaxBufferedTime", "200").containsEntry("KinesisEndpoint", "localhost")
                .hasSize(2);
    }
}
