package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.local.junit.LocalBackendExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Overload: four threads add as fast as they can to one throttled shard. The buffer never holds more than its
 * bound, {@code tryAddUserRecord} refuses at once when it is full, {@code addUserRecord} waits its block time and
 * then refuses, and every record taken is put.
 */
class BackPressureTest {

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b
            .createDelay(Duration.ZERO).shardThroughputLimits(true));

    static KinesisClient kinesis;

    @BeforeAll
    static void connect() {
        kinesis = BACKEND.clients().kinesis().build();
    }

    @AfterAll
    static void disconnect() {
        kinesis.close();
    }

    @Test
    void theBufferStaysWithinItsBoundUnderOverload() throws Exception {
        String stream = "overload";
        LocalStreams.create(kinesis, stream, 1);
        long bound = 4L * 1024 * 1024;
        AtomicLong peak = new AtomicLong();
        List<CompletableFuture<UserRecordResult>> taken = new ArrayList<>();
        AtomicLong refused = new AtomicLong();
        try (KinesisProducer producer = KinesisProducer.create(LocalStreams.config(BACKEND.clients())
                .maxBufferedBytes(bound).collectionMaxSize(1024 * 1024).maxBlockTime(Duration.ofMillis(200))
                .build())) {
            long until = System.nanoTime() + 3_000_000_000L;
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                Thread worker = new Thread(() -> {
                    int i = 0;
                    while (System.nanoTime() < until) {
                        CompletableFuture<UserRecordResult> future = producer.addUserRecord(stream,
                                "t" + thread + "-" + (i++ % 50), new byte[2_000]);
                        peak.accumulateAndGet(producer.outstandingBytes(), Math::max);
                        if (future.isCompletedExceptionally()) {
                            refused.incrementAndGet();
                        } else {
                            synchronized (taken) {
                                taken.add(future);
                            }
                        }
                    }
                });
                worker.start();
                threads.add(worker);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(refused.get()).as("adds refused after waiting 200 ms").isPositive();
            long started = System.nanoTime();
            CompletableFuture<UserRecordResult> instant = producer.tryAddUserRecord(stream, "now", null,
                    new byte[1_000_000]);
            assertThat(KinesisProducerTest.failure(instant)).isInstanceOf(BufferFullException.class)
                    .hasMessageContaining("buffer is full");
            assertThat(System.nanoTime() - started).as("tryAdd does not wait").isLessThan(100_000_000L);
            producer.flushSync(Duration.ofSeconds(30));
        }
        assertThat(peak.get()).isLessThanOrEqualTo(bound);
        for (CompletableFuture<UserRecordResult> future : taken) {
            assertThat(future.get().sequenceNumber()).isNotEmpty();
        }
        assertThat(StreamContents.read(kinesis, stream)).hasSize(taken.size());
    }
}
