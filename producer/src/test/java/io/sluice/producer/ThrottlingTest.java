package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.local.junit.LocalBackendExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The backend's per-shard limits on, one shard, three times its capacity offered: Kinesis throttles, the producer
 * backs off and slows the shard, and still every future completes, nothing is lost and each key keeps its order.
 * With fail-if-throttled on, throttled records fail at once instead, with the throttling named.
 */
class ThrottlingTest {

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

    static ProducerConfig.Builder config() {
        return LocalStreams.config(BACKEND.clients())
                .aggregationEnabled(false)
                // Pace at three times the shard's limit, so Kinesis itself has to throttle.
                .rateLimit(300)
                .retryBaseDelay(Duration.ofMillis(50)).retryMaxDelay(Duration.ofMillis(500));
    }

    @Test
    void threeTimesTheShardsCapacityIsThrottledYetNothingIsLost() throws Exception {
        String stream = "throttled";
        LocalStreams.create(kinesis, stream, 1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        KeyedLoad load = new KeyedLoad(40);
        long started = System.nanoTime();
        try (KinesisProducer producer = KinesisProducer.create(config().meterRegistry(registry).build())) {
            // 3,000 records a second for two seconds, against a shard that takes 1,000 a second.
            for (int second = 0; second < 2; second++) {
                long until = System.nanoTime() + 1_000_000_000L;
                for (int i = 0; i < 3_000; i++) {
                    load.addNext(producer, stream, second * 3_000 + i);
                }
                Thread.sleep(Math.max(0, (until - System.nanoTime()) / 1_000_000));
            }
            producer.flushSync();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        List<UserRecordResult> results = load.results();
        assertThat(results).hasSize(6_000);
        assertThat(registry.find("ErrorsByCode").tag("code", "ProvisionedThroughputExceededException").counter())
                .as("Kinesis throttled the shard").isNotNull()
                .satisfies(c -> assertThat(c.count()).isPositive());
        assertThat(results.stream().anyMatch(r -> r.attempts().size() > 1)).isTrue();
        assertThat(seconds).as("6,000 records at 1,000/s take at least 5 s").isGreaterThan(4.5);
        load.check(StreamContents.read(kinesis, stream), false);
    }

    @Test
    void failIfThrottledFailsThrottledRecordsAtOnce() throws Exception {
        String stream = "fail-if-throttled";
        LocalStreams.create(kinesis, stream, 1);
        KeyedLoad load = new KeyedLoad(1_000);
        try (KinesisProducer producer = KinesisProducer.create(config().failIfThrottled(true).build())) {
            for (int i = 0; i < 3_000; i++) {
                load.addNext(producer, stream, i);
            }
            producer.flushSync();
        }
        long succeeded = 0;
        long throttled = 0;
        for (var future : load.futures) {
            Throwable failure = future.handle((r, e) -> e).get();
            if (failure == null) {
                succeeded++;
            } else {
                assertThat(failure).isInstanceOfSatisfying(UserRecordFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(UserRecordFailedException.Reason.THROTTLED);
                    assertThat(e.attempts()).hasSize(1);
                    assertThat(e.getMessage()).contains("ProvisionedThroughputExceededException");
                });
                throttled++;
            }
        }
        assertThat(throttled).isPositive();
        assertThat(succeeded).isPositive();
        assertThat(StreamContents.read(kinesis, stream)).hasSize((int) succeeded);
    }
}
