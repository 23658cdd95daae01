package io.sluice.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.local.junit.LocalBackendExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reads' recoveries against a backend whose clock the test moves and whose subscriptions end after a second:
 * an expired shard iterator is replaced from the last record read, and fan-out resubscribes from the
 * continuation; neither loses nor repeats a record.
 */
class RetrievalTest {

    /** The backend's clock: the system's, plus an offset the test can move forward. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

        void advance(Duration by) {
            offset.updateAndGet(current -> current.plus(by));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset.get());
        }
    }

    static final MovableClock BACKEND_CLOCK = new MovableClock();

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.createDelay(Duration.ZERO)
            .clock(BACKEND_CLOCK).subscriptionLifetime(Duration.ofSeconds(1)));

    @RegisterExtension
    static final TestClients CLIENTS = new TestClients(BACKEND);

    @Test
    void anExpiredIteratorIsReplacedFromTheLastRecordRead() {
        Streams.create(CLIENTS.kinesis(), "expiring", 1);
        Streams.put(CLIENTS.kinesis(), "expiring", 5, 0, 10);
        Recorder recorder = new Recorder("w");
        Scheduler scheduler = Scheduler.create(SchedulerTest.config("expiring-app", "expiring", "w")
                .pollingInterval(Duration.ofSeconds(1)).build(), recorder, CLIENTS.kinesisAsync(), CLIENTS.dynamo());
        scheduler.start();
        try {
            Streams.await(Duration.ofSeconds(30), () -> recorder.deliveries().size() >= 50);
            // Six minutes pass for the backend between two reads: the fetcher's iterator is now expired.
            BACKEND_CLOCK.advance(Duration.ofMinutes(6));
            Streams.put(CLIENTS.kinesis(), "expiring", 5, 10, 10);
            Streams.await(Duration.ofSeconds(30), () -> recorder.deliveries().size() >= 100);
        } finally {
            scheduler.shutdownGracefully(Duration.ofSeconds(10));
        }
        assertThat(recorder.deliveries()).hasSize(100);
        SchedulerTest.assertInKeyOrder(recorder.deliveries(), 5, 0, 20);
    }

    @Test
    void fanOutResubscribesFromTheContinuationWithoutLosingOrRepeatingARecord() throws Exception {
        Streams.create(CLIENTS.kinesis(), "resubscribing", 2);
        Recorder recorder = new Recorder("w");
        Scheduler scheduler = Scheduler.create(SchedulerTest.config("resubscribing-app", "resubscribing", "w")
                .retrievalMode(RetrievalMode.FAN_OUT).build(), recorder, CLIENTS.kinesisAsync(), CLIENTS.dynamo());
        scheduler.start();
        try {
            Streams.await(Duration.ofSeconds(30), () -> scheduler.heldShards().size() == 2);
            // Subscriptions last a second here: records put over five seconds cross several of them.
            for (int round = 0; round < 25; round++) {
                Streams.put(CLIENTS.kinesis(), "resubscribing", 4, round, 1);
                Thread.sleep(200);
            }
            Streams.await(Duration.ofSeconds(30), () -> recorder.deliveries().size() >= 100);
            Thread.sleep(1_500);
        } finally {
            scheduler.shutdownGracefully(Duration.ofSeconds(10));
        }
        List<Recorder.Delivery> deliveries = recorder.deliveries();
        Set<String> positions = new HashSet<>();
        deliveries.forEach(d -> positions.add(d.sequenceNumber()));
        assertThat(positions).as("no record twice").hasSize(deliveries.size());
        SchedulerTest.assertInKeyOrder(deliveries, 4, 0, 25);
    }
}
