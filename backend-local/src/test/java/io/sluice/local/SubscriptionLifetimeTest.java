package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.local.junit.LocalBackendExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;

/**
 * An idle subscription hears from the backend every five seconds (an event with no records and the position to
 * continue from), and the backend ends it normally when its lifetime is over. The lifetime is shortened here; AWS's
 * (and the default) is five minutes.
 */
class SubscriptionLifetimeTest {

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b
            .createDelay(Duration.ZERO).subscriptionLifetime(Duration.ofMillis(6_500)));

    @Test
    void anIdleSubscriptionGetsHeartbeatsThenEndsWhenItsLifetimeIsOver() throws Exception {
        try (KinesisClient kinesis = ClientKind.SYNC_CBOR.create(BACKEND.clients());
                KinesisAsyncClient async = ClientKind.ASYNC_HTTP2_CBOR.createAsync(BACKEND.clients())) {
            kinesis.createStream(b -> b.streamName("idle").shardCount(1));
            String arn = kinesis.describeStreamSummary(b -> b.streamName("idle")).streamDescriptionSummary()
                    .streamARN();
            String consumer = kinesis.registerStreamConsumer(b -> b.streamARN(arn).consumerName("c")).consumer()
                    .consumerARN();
            long started = System.nanoTime();
            SubscriptionEvents subscription = SubscriptionEvents.subscribe(async, consumer, "shardId-000000000000",
                    StartingPosition.builder().type(ShardIteratorType.LATEST).build());

            SubscribeToShardEvent heartbeat = subscription.next(Duration.ofSeconds(10));
            long heartbeatMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(heartbeat.records()).isEmpty();
            assertThat(heartbeat.continuationSequenceNumber()).hasSize(56);
            assertThat(heartbeat.millisBehindLatest()).isZero();
            assertThat(heartbeatMillis).isBetween(4_000L, 6_000L);

            subscription.done.get(10, TimeUnit.SECONDS);
            long endedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(subscription.error.get()).isNull();
            assertThat(endedMillis).isBetween(6_000L, 9_000L);
        }
    }
}
