package io.sluice.samples.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.aggregation.Deaggregator;
import io.sluice.local.junit.LocalBackendExtension;
import io.sluice.producer.ProducerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The log agent template against backend-local: lines of growing, rotated and truncated files all arrive, as JSON
 * when asked, and a restart from the checkpoint file sends nothing twice.
 */
class LogAgentTest {

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.createDelay(Duration.ZERO));

    static void append(Path file, String prefix, int from, int count) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            text.append(prefix).append(',').append(i).append('\n');
        }
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static List<String> records(KinesisClient kinesis) {
        List<String> out = new ArrayList<>();
        String shard = kinesis.listShards(b -> b.streamName("logs")).shards().get(0).shardId();
        String iterator = kinesis.getShardIterator(b -> b.streamName("logs").shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        while (true) {
            String current = iterator;
            var response = kinesis.getRecords(b -> b.shardIterator(current));
            for (Record record : response.records()) {
                for (Deaggregator.UserRecord user : Deaggregator.deaggregate(record.partitionKey(), null,
                        record.data().asByteArray())) {
                    out.add(new String(user.data(), StandardCharsets.UTF_8));
                }
            }
            if (response.records().isEmpty()) {
                return out;
            }
            iterator = response.nextShardIterator();
        }
    }

    static List<String> await(KinesisClient kinesis, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<String> seen = records(kinesis);
        while (seen.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
            seen = records(kinesis);
        }
        return seen;
    }

    static Thread start(LogAgent agent) {
        Thread thread = new Thread(() -> {
            try {
                agent.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        thread.start();
        return thread;
    }

    LogAgent agent(Path dir, Path checkpoint) {
        ProducerConfig.Builder producer = ProducerConfig.builder().endpoint(BACKEND.clients().endpoint())
                .region(BACKEND.clients().region().id()).credentialsProvider(BACKEND.clients().credentialsProvider())
                .recordMaxBufferedTime(Duration.ofMillis(50));
        LogAgent agent = new LogAgent(producer);
        new CommandLine(agent).parseArgs("--directory", dir.toString(), "--pattern", "*.log", "--stream", "logs",
                "--checkpoint", checkpoint.toString(), "--fields", "source,n", "--poll-millis", "50");
        return agent;
    }

    @Test
    void followsGrowthRotationAndTruncationAndResumesWithoutDuplicates(@TempDir Path dir, @TempDir Path state)
            throws Exception {
        Path checkpoint = state.resolve("positions.json");
        try (KinesisClient kinesis = BACKEND.clients().kinesis().build()) {
            kinesis.createStream(b -> b.streamName("logs").shardCount(1));
            kinesis.waiter().waitUntilStreamExists(b -> b.streamName("logs"));
            Path log = dir.resolve("app.log");
            append(log, "first", 0, 100);
            LogAgent agent = agent(dir, checkpoint);
            Thread running = start(agent);
            assertThat(await(kinesis, 100)).hasSize(100).first().isEqualTo("{\"source\":\"first\",\"n\":\"0\"}");

            append(log, "first", 100, 20);
            Files.move(log, dir.resolve("app.log.1"));
            append(log, "second", 0, 30);
            assertThat(await(kinesis, 150)).hasSize(150);
            agent.stop();
            running.join(10_000);

            append(log, "second", 30, 10);
            LogAgent again = agent(dir, checkpoint);
            Thread resumed = start(again);
            List<String> all = await(kinesis, 160);
            assertThat(all).hasSize(160).doesNotHaveDuplicates();

            Files.writeString(log, "third,0\nthird,1\n");
            assertThat(await(kinesis, 162)).hasSize(162).contains("{\"source\":\"third\",\"n\":\"1\"}");
            again.stop();
            resumed.join(10_000);
            assertThat(records(kinesis)).hasSize(162).doesNotHaveDuplicates();
        }
    }

    @Test
    void aLineLongerThanTheWindowGoesOutInPiecesAndTheFileGoesOn(@TempDir Path dir, @TempDir Path state)
            throws Exception {
        Path log = dir.resolve("big.log");
        Files.writeString(log, "x".repeat(TailedFile.WINDOW + 10) + "\nnext\n");
        TailedFile file = new TailedFile("k", log, 0, null);
        List<TailedFile.Line> first = file.read(1_000);
        assertThat(first).hasSize(1);
        assertThat(first.get(0).text()).hasSize(TailedFile.WINDOW);
        assertThat(file.read(1_000)).extracting(TailedFile.Line::text).containsExactly("x".repeat(10), "next");
    }

    @Test
    void aFileReplacedInPlaceIsReadAgainFromItsStart(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("app.log");
        Files.writeString(log, "aaaa\nbbbb\n");
        TailedFile file = new TailedFile("k", log, 0, null);
        assertThat(file.read(1_000)).hasSize(2);
        Files.writeString(log, "c1\nc2\nc3\nc4\nc5\n");
        assertThat(file.read(1_000)).extracting(TailedFile.Line::text).containsExactly("c1", "c2", "c3", "c4", "c5");
    }

    @Test
    void aCorruptCheckpointFailsTheStartWithoutHanging(@TempDir Path dir, @TempDir Path state) throws Exception {
        Path checkpoint = state.resolve("positions.json");
        Files.writeString(checkpoint, "not json");
        LogAgent agent = agent(dir, checkpoint);
        org.assertj.core.api.Assertions.assertThatThrownBy(agent::run).isInstanceOf(java.io.IOException.class);
        Thread stopper = new Thread(agent::stop);
        stopper.start();
        stopper.join(5_000);
        assertThat(stopper.isAlive()).isFalse();
    }
}
