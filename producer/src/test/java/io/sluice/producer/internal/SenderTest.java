package io.sluice.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.aggregation.HashKey;
import io.sluice.local.junit.LocalBackendExtension;
import io.sluice.producer.FakeClock;
import io.sluice.producer.ProducerConfig;
import io.sluice.producer.UserRecordResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The sender stepped by hand with a fake clock: {@link Sender#runOnce(long)} decides, backend-local answers.
 * Time only moves when the test moves it, so "not yet" is exact.
 */
class SenderTest {

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b
            .createDelay(Duration.ZERO).shardThroughputLimits(false));

    static KinesisAsyncClient async;
    static int streams;

    final FakeClock clock = new FakeClock(Instant.parse("2026-11-23T12:00:00Z"));
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<CompletableFuture<UserRecordResult>> futures = new ArrayList<>();
    Sender sender;
    BufferAccount account;
    String stream;

    @BeforeAll
    static void connect() {
        async = BACKEND.clients().kinesisAsync().build();
    }

    @AfterAll
    static void disconnect() {
        async.close();
    }

    private void setUp(ProducerConfig.Builder config, int shards) {
        stream = "sender-" + (++streams);
        try (KinesisClient kinesis = BACKEND.clients().kinesis().build()) {
            kinesis.createStream(b -> b.streamName(stream).shardCount(shards));
            kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));
        }
        ProducerConfig built = config.clock(clock).build();
        account = new BufferAccount(built.maxBufferedBytes(), built.maxBufferedRecords());
        sender = new Sender(built, async, account, new ProducerMetrics(registry, account::records, account::bytes),
                Runnable::run, new Random(7));
    }

    private void add(String key, byte[] data) throws InterruptedException {
        CompletableFuture<UserRecordResult> future = new CompletableFuture<>();
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        long size = data.length + keyBytes.length;
        int epoch = account.reserve(size, 0);
        sender.enqueue(new PendingUserRecord(stream, key, null, HashKey.ofPartitionKeyUtf8(keyBytes),
                keyBytes.length, data, size, clock.millis(), epoch, future));
        futures.add(future);
    }

    /** Steps the loop at the current fake time until the condition holds (answers arrive in real time). */
    private void stepUntil(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 2_000 && !condition.getAsBoolean(); i++) {
            sender.runOnce(clock.millis());
            Thread.sleep(2);
        }
        assertThat(condition.getAsBoolean()).as("condition reached").isTrue();
    }

    private long done() {
        return futures.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
    }

    private DistributionSummary recordsPerRequest() {
        return registry.find("KinesisRecordsPerPutRecordsRequest").summary();
    }

    @Test
    void recordsWaitTheirBufferedTimeThenGoTogether() throws Exception {
        setUp(ProducerConfig.builder(), 1);
        add("warm", new byte[1]);
        stepUntil(() -> sender.knowsShards(stream));
        clock.advance(Duration.ofMillis(100));
        stepUntil(() -> done() == 1);
        for (int i = 0; i < 3; i++) {
            add("k" + i, new byte[10]);
        }
        sender.runOnce(clock.millis());
        clock.advance(Duration.ofMillis(99));
        sender.runOnce(clock.millis());
        assertThat(sender.inFlightRequests()).as("99 ms: still buffering").isZero();
        assertThat(sender.nextWakeMillis()).isEqualTo(clock.millis() + 1);
        clock.advance(Duration.ofMillis(1));
        sender.runOnce(clock.millis());
        assertThat(sender.inFlightRequests()).as("100 ms: one request for the three").isEqualTo(1);
        stepUntil(() -> done() == 4);
        UserRecordResult last = futures.get(3).join();
        assertThat(last.subSequenceNumber()).as("third user record of the aggregate").isEqualTo(2);
        assertThat(futures.get(1).join().sequenceNumber()).isEqualTo(last.sequenceNumber());
    }

    @Test
    void aRequestCarriesAtMost500Records() throws Exception {
        setUp(ProducerConfig.builder().aggregationEnabled(false), 1);
        for (int i = 0; i < 1_200; i++) {
            add("key-" + i, new byte[10]);
        }
        stepUntil(() -> sender.knowsShards(stream));
        clock.advance(Duration.ofMillis(100));
        stepUntil(() -> done() == 1_200);
        assertThat(recordsPerRequest().count()).isEqualTo(3);
        assertThat(recordsPerRequest().max()).isEqualTo(500);
    }

    @Test
    void aRequestCarriesAtMostFiveMebibytes() throws Exception {
        setUp(ProducerConfig.builder().aggregationEnabled(false).rateLimit(10_000), 1);
        for (int i = 0; i < 12; i++) {
            add("big-" + i, new byte[1_000_000]);
        }
        stepUntil(() -> sender.knowsShards(stream));
        clock.advance(Duration.ofMillis(100));
        stepUntil(() -> done() == 12);
        assertThat(recordsPerRequest().count()).isEqualTo(3);
        assertThat(recordsPerRequest().max()).as("five 1,000,000-byte records fit in 5 MiB, six do not")
                .isEqualTo(5);
    }

    @Test
    void bytesInFlightStayUnderTheirCap() throws Exception {
        // A 16 MiB bound with small requests: the cap on bytes in flight is 2 MiB (an eighth of the bound).
        setUp(ProducerConfig.builder().aggregationEnabled(false).rateLimit(10_000)
                .maxBufferedBytes(16L * 1024 * 1024).collectionMaxSize(52_224), 1);
        add("big-0", new byte[1_040_000]);
        add("big-1", new byte[1_000_000]);
        add("big-2", new byte[1_000_000]);
        stepUntil(() -> sender.knowsShards(stream));
        clock.advance(Duration.ofMillis(100));
        sender.runOnce(clock.millis());
        // 2,040,000 bytes in flight leave room for a small request (52,224 bytes), but not for the third record.
        assertThat(sender.inFlightRequests()).as("requests in flight").isEqualTo(2);
        stepUntil(() -> done() == 3);
    }

    @Test
    void twoRecordsOfOneKeyNeverShareARequest() throws Exception {
        setUp(ProducerConfig.builder().aggregationEnabled(false), 1);
        for (int i = 0; i < 6; i++) {
            add("same", ("n" + i).getBytes(StandardCharsets.UTF_8));
        }
        add("other", new byte[1]);
        stepUntil(() -> sender.knowsShards(stream));
        clock.advance(Duration.ofMillis(100));
        sender.runOnce(clock.millis());
        assertThat(sender.inFlightRequests()).as("one shard, one request in flight").isEqualTo(1);
        stepUntil(() -> done() == 7);
        assertThat(recordsPerRequest().count()).isEqualTo(6);
        assertThat(recordsPerRequest().max()).isEqualTo(1 + 1);
        List<String> sequences = futures.subList(0, 6).stream().map(f -> f.join().sequenceNumber()).toList();
        assertThat(sequences).isSortedAccordingTo((a, b) -> new java.math.BigInteger(a)
                .compareTo(new java.math.BigInteger(b)));
    }

    @Test
    void aRecordForADeletedStreamFailsAsRejected() throws Exception {
        setUp(ProducerConfig.builder(), 1);
        add("warm", new byte[1]);
        stepUntil(() -> sender.knowsShards(stream));
        // The stream disappears before the record goes: PutRecords fails, and retrying cannot help.
        try (KinesisClient kinesis = BACKEND.clients().kinesis().build()) {
            kinesis.deleteStream(b -> b.streamName(stream));
        }
        clock.advance(Duration.ofMillis(100));
        stepUntil(() -> futures.get(0).isDone());
        assertThat(futures.get(0)).isCompletedExceptionally();
        assertThat(futures.get(0).handle((r, e) -> e.getCause() != null ? e.getCause() : e).join())
                .hasMessageContaining("Kinesis refused the record").hasMessageContaining("#1 ResourceNotFoundException");
    }

    @Test
    void aRecordRetriedPastItsTimeToLiveFailsAsExpiredNamingEachAttempt() throws Exception {
        io.sluice.local.LocalBackend own = io.sluice.local.LocalBackend.builder().port(0).inMemory()
                .createDelay(Duration.ZERO).build().start();
        try (KinesisAsyncClient client = io.sluice.local.LocalClients.of(own).kinesisAsync().build()) {
            stream = "expiring";
            try (KinesisClient kinesis = io.sluice.local.LocalClients.of(own).kinesis().build()) {
                kinesis.createStream(b -> b.streamName(stream).shardCount(1));
                kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));
            }
            ProducerConfig built = ProducerConfig.builder().clock(clock).recordTtl(Duration.ofSeconds(1))
                    .retryBaseDelay(Duration.ofMillis(100)).retryMaxDelay(Duration.ofMillis(100)).build();
            account = new BufferAccount(built.maxBufferedBytes(), built.maxBufferedRecords());
            sender = new Sender(built, client, account, new ProducerMetrics(registry, account::records,
                    account::bytes), Runnable::run, new Random(7));
            add("k", new byte[1]);
            stepUntil(() -> sender.knowsShards(stream));
            own.close();
            // Every 101 ms a retry is due (the backoff is at most 100 ms); each fails to connect.
            for (int step = 0; step < 12 && !futures.get(0).isDone(); step++) {
                clock.advance(Duration.ofMillis(101));
                int inFlight = sender.inFlightRequests();
                sender.runOnce(clock.millis());
                stepUntil(() -> sender.inFlightRequests() == 0);
                assertThat(inFlight).isZero();
            }
            Throwable failure = futures.get(0).handle((r, e) -> e).join();
            assertThat(failure).isInstanceOfSatisfying(io.sluice.producer.UserRecordFailedException.class, e -> {
                assertThat(e.reason()).isEqualTo(io.sluice.producer.UserRecordFailedException.Reason.EXPIRED);
                assertThat(e.isRetriable()).isTrue();
                assertThat(e.attempts()).hasSizeGreaterThanOrEqualTo(5).noneMatch(a -> a.successful());
                assertThat(e.getMessage()).startsWith("Expired").contains("#1 ").contains("#5 ");
            });
        } finally {
            own.close();
        }
    }
}
