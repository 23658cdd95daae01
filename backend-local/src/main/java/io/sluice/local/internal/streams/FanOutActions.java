package io.sluice.local.internal.streams;

import io.sluice.local.internal.api.EventStreamResponse;
import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.Validator;
import io.sluice.local.internal.storage.ConsumerMetadata;
import io.sluice.local.internal.streams.model.FanOutActionsModel.StartingPosition;
import io.sluice.local.internal.streams.model.FanOutActionsModel.SubscribeToShardRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * SubscribeToShard: checks the call, finds where it starts, and answers with an event stream fed by a
 * {@link Subscription}. One subscription per consumer and shard: a second call within five seconds of the first
 * is refused with ResourceInUseException, a later one takes over and the older one ends with that exception.
 * Thread-safe: the table of live subscriptions is guarded by its own monitor.
 */
public final class FanOutActions {

    /** A newer subscription for the same consumer and shard is refused this soon after the older one started. */
    static final long TAKEOVER_AFTER_MILLIS = 5_000;

    private final StreamLocator streams;
    private final ConsumerLocator consumers;
    private final Clock clock;
    private final Duration lifetime;
    /** Live subscriptions by consumer ARN and shard. Guarded by itself. */
    private final Map<String, Subscription> live = new HashMap<>();

    public FanOutActions(StreamLocator streams, ConsumerLocator consumers, Clock clock, Duration lifetime) {
        this.streams = streams;
        this.consumers = consumers;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public EventStreamResponse subscribeToShard(RequestContext ctx, SubscribeToShardRequest in) {
        Validator v = new Validator()
                .string("consumerARN", in.consumerArn(), true, 1, KinesisRules.MAX_ARN_LENGTH,
                        ConsumerActions.CONSUMER_ARN);
        KinesisRules.shardId(v, "shardId", in.shardId(), true)
                .object("startingPosition", in.startingPosition(), true);
        StartingPosition start = in.startingPosition();
        if (start != null) {
            v.enumeration("startingPosition.type", start.type(), true, KinesisRules.ITERATOR_TYPES)
                    .pattern("startingPosition.sequenceNumber", start.sequenceNumber(), false,
                            KinesisRules.SEQUENCE_NUMBER);
        }
        v.throwIfInvalid();

        ConsumerLocator.Found found = consumers.require(ctx, null, null, in.consumerArn());
        long now = ctx.now().toEpochMilli();
        ConsumerMetadata consumer = found.consumer();
        Stream stream = found.stream();
        if (found.status(now) != ConsumerStatus.ACTIVE) {
            throw ApiException.resourceInUse("Consumer " + consumer.name() + " with creation timestamp "
                    + consumer.arnSeconds() + " under stream: " + stream.name() + " , account " + ctx.accountId()
                    + " is not in ACTIVE status.");
        }
        if (!stream.status(now).servesRecords()) {
            throw ApiException.resourceNotFound(StreamLocator.notFound(stream.name(), ctx));
        }
        int shardIndex = ShardIds.parse(in.shardId());
        if (shardIndex < 0 || stream.shard(shardIndex) == null) {
            throw RecordReader.shardNotFound(stream.name(), Math.max(shardIndex, 0), ctx);
        }
        String type = start.type();
        boolean bySequence = type.equals("AT_SEQUENCE_NUMBER") || type.equals("AFTER_SEQUENCE_NUMBER");
        if (bySequence && start.sequenceNumber() == null) {
            throw ApiException.invalidArgument("StartingPosition of type " + type + " needs a SequenceNumber.");
        }
        if (!bySequence && start.sequenceNumber() != null) {
            throw ApiException.invalidArgument("StartingPosition of type " + type + " takes no SequenceNumber.");
        }
        if (type.equals("AT_TIMESTAMP") != (start.timestamp() != null)) {
            throw ApiException.invalidArgument(type.equals("AT_TIMESTAMP")
                    ? "StartingPosition of type AT_TIMESTAMP needs a Timestamp."
                    : "StartingPosition of type " + type + " takes no Timestamp.");
        }
        long position = RecordReader.startPosition(ctx, stream, shardIndex, type, start.sequenceNumber(),
                start.timestamp());
        Subscription subscription = new Subscription(stream, shardIndex, consumer, found.arn(), position, clock,
                lifetime);
        String key = found.arn() + " " + shardIndex;
        Subscription replaced;
        synchronized (live) {
            Subscription existing = live.get(key);
            if (existing != null && existing.active()
                    && subscription.startedAtMillis - existing.startedAtMillis < TAKEOVER_AFTER_MILLIS) {
                throw ApiException.resourceInUse("Another active subscription exists for this consumer: "
                        + found.arn() + " on shard " + in.shardId() + ". Retry in a few seconds.");
            }
            replaced = existing;
            live.put(key, subscription);
        }
        if (replaced != null) {
            replaced.takeOver();
        }
        return sink -> {
            sink.onClose(() -> {
                synchronized (live) {
                    live.remove(key, subscription);
                }
            });
            subscription.start(sink);
        };
    }
}
