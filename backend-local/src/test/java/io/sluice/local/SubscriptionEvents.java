package io.sluice.local;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponse;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * One SubscribeToShard call through the SDK's async client, its events collected as they arrive. Thread-safe.
 */
public final class SubscriptionEvents {

    public final BlockingQueue<SubscribeToShardEvent> events = new LinkedBlockingQueue<>();
    public final CompletableFuture<SubscribeToShardResponse> initialResponse = new CompletableFuture<>();
    public final AtomicReference<Throwable> error = new AtomicReference<>();
    public final CompletableFuture<Void> done;

    private SubscriptionEvents(KinesisAsyncClient client, String consumerArn, String shardId,
            StartingPosition start) {
        SubscribeToShardResponseHandler handler = SubscribeToShardResponseHandler.builder()
                .onResponse(initialResponse::complete)
                .onError(error::set)
                .subscriber(event -> events.add((SubscribeToShardEvent) event))
                .build();
        done = client.subscribeToShard(b -> b.consumerARN(consumerArn).shardId(shardId).startingPosition(start),
                handler);
    }

    public static SubscriptionEvents subscribe(KinesisAsyncClient client, String consumerArn, String shardId,
            StartingPosition start) {
        return new SubscriptionEvents(client, consumerArn, shardId, start);
    }

    /** The next event, failing the test if none comes within {@code timeout}. */
    public SubscribeToShardEvent next(Duration timeout) throws InterruptedException {
        SubscribeToShardEvent event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("No event within " + timeout + (error.get() == null ? "" : "; error " + error.get()));
        }
        return event;
    }

    /** The next event that carries records (idle subscriptions send empty ones). */
    public SubscribeToShardEvent nextWithRecords(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            SubscribeToShardEvent event = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("No records within " + timeout);
            }
            if (!event.records().isEmpty() || event.childShards() != null && !event.childShards().isEmpty()) {
                return event;
            }
        }
    }
}
