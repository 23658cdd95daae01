package io.sluice.consumer.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * Reads a shard through enhanced fan-out: SubscribeToShard on the SDK's HTTP/2 async client, one event requested
 * at a time and only while the prefetch buffer has room (so a slow processor slows the push, and memory stays
 * bounded). A subscription ends after at most 5 minutes; the next one starts just after its continuation sequence
 * number. A failed subscription is retried with backoff from the same place. The event with no continuation and
 * the child shards ends the shard.
 *
 * <p>Thread-safe: events arrive on the SDK's threads, one subscription at a time; state shared with
 * {@link #close} is guarded by {@code this}.
 */
final class FanOutFetcher implements RecordFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(FanOutFetcher.class);

    private final KinesisAsyncClient kinesis;
    private final String consumerArn;
    private final String shardId;
    private final ScheduledExecutorService retries;
    private final Clock clock;
    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
    // @GuardedBy("this")
    private boolean closed;
    // @GuardedBy("this")
    private boolean ended;
    // @GuardedBy("this")
    private StartPosition next;
    // @GuardedBy("this")
    private int failures;
    // @GuardedBy("this")
    private Subscription current;
    private PrefetchBuffer buffer;

    FanOutFetcher(KinesisAsyncClient kinesis, String consumerArn, String shardId, ScheduledExecutorService retries,
            Clock clock) {
        this.kinesis = kinesis;
        this.consumerArn = consumerArn;
        this.shardId = shardId;
        this.retries = retries;
        this.clock = clock;
    }

    @Override
    public void start(StartPosition position, PrefetchBuffer buffer) {
        synchronized (this) {
            this.buffer = buffer;
            this.next = position;
        }
        subscribe();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (current != null) {
            current.cancel();
        }
    }

    private void subscribe() {
        StartPosition from;
        synchronized (this) {
            if (closed || ended) {
                return;
            }
            from = next;
        }
        StartingPosition starting = StartingPosition.builder().type(from.type())
                .sequenceNumber(from.sequenceNumber()).timestamp(from.timestamp()).build();
        SubscribeToShardResponseHandler handler = SubscribeToShardResponseHandler.builder()
                .onError(e -> { })
                .onEventStream(publisher -> publisher.subscribe(new EventSubscriber()))
                .build();
        kinesis.subscribeToShard(b -> b.consumerARN(consumerArn).shardId(shardId).startingPosition(starting),
                handler).whenComplete((ignored, error) -> subscriptionEnded(error));
    }

    private void subscriptionEnded(Throwable error) {
        long delay;
        synchronized (this) {
            current = null;
            if (closed || ended) {
                return;
            }
            if (error == null) {
                failures = 0;
                delay = 0;
            } else {
                failures++;
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                if (!(cause instanceof ResourceInUseException)) {
                    LOG.warn("Subscription to {} failed ({} in a row): {}", shardId, failures, cause.toString());
                }
                delay = Math.max(100, backoff.delayMillis(failures));
            }
        }
        retries.schedule(this::subscribe, delay, TimeUnit.MILLISECONDS);
    }

    private void accept(SubscribeToShardEvent event) {
        boolean shardEnd = event.continuationSequenceNumber() == null && event.hasChildShards()
                && !event.childShards().isEmpty();
        synchronized (this) {
            if (closed) {
                return;
            }
            if (event.continuationSequenceNumber() != null) {
                next = StartPosition.after(event.continuationSequenceNumber());
            }
            ended |= shardEnd;
        }
        buffer.add(FetchedBatch.of(event.records(), event.millisBehindLatest(), clock.instant(),
                shardEnd ? event.childShards() : null));
    }

    /** Takes one subscription's events, asking for each only when the buffer has room. */
    private final class EventSubscriber implements Subscriber<SubscribeToShardEventStream> {

        private Subscription subscription;

        @Override
        public void onSubscribe(Subscription s) {
            boolean cancel;
            synchronized (FanOutFetcher.this) {
                cancel = closed;
                current = s;
            }
            subscription = s;
            if (cancel) {
                s.cancel();
                return;
            }
            askForMore();
        }

        @Override
        public void onNext(SubscribeToShardEventStream event) {
            if (event instanceof SubscribeToShardEvent records) {
                accept(records);
            }
            askForMore();
        }

        @Override
        public void onError(Throwable t) {
            // The response handler's future fails too; subscriptionEnded retries.
        }

        @Override
        public void onComplete() {
            // The response handler's future completes too; subscriptionEnded resubscribes.
        }

        private void askForMore() {
            buffer.onRoom(() -> subscription.request(1));
        }
    }
}
