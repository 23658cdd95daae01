package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.local.junit.LocalBackendExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The producer against backend-local through the real SDK: what it acknowledges is in the stream exactly once,
 * in per-key order, with aggregation on and off.
 */
class KinesisProducerTest {

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b
            .createDelay(Duration.ZERO).updateDelay(Duration.ZERO).shardThroughputLimits(false));

    static KinesisClient kinesis;

    @BeforeAll
    static void connect() {
        kinesis = BACKEND.clients().kinesis().build();
    }

    @AfterAll
    static void disconnect() {
        kinesis.close();
    }

    static ProducerConfig.Builder config() {
        return LocalStreams.config(BACKEND.clients());
    }

    static void createStream(String name, int shards) {
        LocalStreams.create(kinesis, name, shards);
    }

    @ParameterizedTest(name = "aggregation {0}")
    @ValueSource(booleans = {true, false})
    void everyAcknowledgedRecordIsInTheStreamExactlyOnceInKeyOrder(boolean aggregation) throws Exception {
        String stream = "exactly-once-" + aggregation;
        createStream(stream, 4);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        int keys = 200;
        int perKey = 50;
        List<CompletableFuture<UserRecordResult>> futures = new ArrayList<>();
        try (KinesisProducer producer = KinesisProducer.create(config().aggregationEnabled(aggregation)
                .meterRegistry(registry).build())) {
            for (int i = 0; i < perKey; i++) {
                for (int k = 0; k < keys; k++) {
                    futures.add(producer.addUserRecord(stream, "key-" + k,
                            ("key-" + k + ":" + i).getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flushSync();
            assertThat(producer.outstandingRecordsCount()).isZero();
        }
        List<UserRecordResult> results = new ArrayList<>();
        for (CompletableFuture<UserRecordResult> future : futures) {
            results.add(future.get(5, TimeUnit.SECONDS));
        }
        List<StreamContents.Delivered> delivered = StreamContents.read(kinesis, stream);
        assertThat(delivered).hasSize(keys * perKey);
        Map<String, Integer> next = new HashMap<>();
        for (StreamContents.Delivered record : delivered) {
            String[] parts = record.text().split(":");
            assertThat(parts[0]).isEqualTo(record.partitionKey());
            int expected = next.getOrDefault(parts[0], 0);
            assertThat(Integer.parseInt(parts[1])).as("order of %s", parts[0]).isEqualTo(expected);
            next.put(parts[0], expected + 1);
        }
        // Each future names where its record is: shard, sequence number and subsequence number all match.
        Map<String, StreamContents.Delivered> byPosition = new HashMap<>();
        for (StreamContents.Delivered record : delivered) {
            byPosition.put(record.shardId() + "/" + record.sequenceNumber() + "/" + record.subSequenceNumber(), record);
        }
        for (int i = 0; i < results.size(); i++) {
            UserRecordResult result = results.get(i);
            StreamContents.Delivered at = byPosition.get(result.shardId() + "/" + result.sequenceNumber() + "/"
                    + result.subSequenceNumber());
            assertThat(at).as("record %d at its reported position", i).isNotNull();
            assertThat(at.text()).isEqualTo("key-" + (i % keys) + ":" + (i / keys));
            assertThat(result.attempts()).hasSize(1).allMatch(Attempt::successful);
        }
        double userRecordsPut = registry.find("UserRecordsPut").counters().stream().mapToDouble(c -> c.count()).sum();
        double kinesisRecordsPut = registry.find("KinesisRecordsPut").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        assertThat(userRecordsPut).isEqualTo(keys * perKey);
        if (aggregation) {
            assertThat(kinesisRecordsPut).isLessThan(keys * perKey / 10.0);
        } else {
            assertThat(kinesisRecordsPut).isEqualTo(keys * perKey);
        }
        assertThat(registry.find("UserRecordsReceived").counter().count()).isEqualTo(keys * perKey);
    }

    @Test
    void badInputFailsItsOwnFutureAndNothingElse() throws Exception {
        String stream = "bad-input";
        createStream(stream, 1);
        KinesisProducer producer = KinesisProducer.create(config().build());
        CompletableFuture<UserRecordResult> good = producer.addUserRecord(stream, "fine", new byte[10]);
        assertThat(failure(producer.addUserRecord(stream, "", new byte[1])))
                .isInstanceOf(InvalidUserRecordException.class).hasMessageContaining("must not be empty");
        assertThat(failure(producer.addUserRecord(stream, "k".repeat(257), new byte[1])))
                .isInstanceOf(InvalidUserRecordException.class).hasMessageContaining("at most 256 characters");
        assertThat(failure(producer.addUserRecord(stream, "k", "340282366920938463463374607431768211456",
                new byte[1]))).isInstanceOf(InvalidUserRecordException.class)
                .hasMessageContaining("Explicit hash key");
        assertThat(failure(producer.addUserRecord(stream, "k", "-1", new byte[1])))
                .isInstanceOf(InvalidUserRecordException.class);
        assertThat(failure(producer.addUserRecord(stream, "k", new byte[1024 * 1024])))
                .isInstanceOf(InvalidUserRecordException.class).hasMessageContaining("Record too large");
        assertThat(failure(producer.addUserRecord("no such/stream", "k", new byte[1])))
                .isInstanceOf(InvalidUserRecordException.class).hasMessageContaining("Stream name");
        CompletableFuture<UserRecordResult> missing = producer.addUserRecord("missing-stream", "k", new byte[1]);
        CompletableFuture<UserRecordResult> biggest = producer.addUserRecord(stream, "k",
                new byte[1024 * 1024 - 1]);
        assertThat(good.get(10, TimeUnit.SECONDS).shardId()).startsWith("shardId-");
        assertThat(biggest.get(10, TimeUnit.SECONDS).sequenceNumber()).isNotEmpty();
        assertThat(failure(missing)).isInstanceOfSatisfying(UserRecordFailedException.class, e -> {
            assertThat(e.reason()).isEqualTo(UserRecordFailedException.Reason.REJECTED);
            assertThat(e.isRetriable()).isFalse();
            assertThat(e.getMessage()).contains("ResourceNotFoundException");
        });
        producer.close();
        assertThat(failure(producer.addUserRecord(stream, "k", new byte[1])))
                .isInstanceOf(ProducerClosedException.class);
        assertThat(StreamContents.read(kinesis, stream)).hasSize(2);
    }

    static Throwable failure(CompletableFuture<?> future) {
        try {
            future.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("The future did not complete", e);
        }
        throw new AssertionError("The future succeeded");
    }
}
