package io.sluice.local.internal.streams;

import io.sluice.local.internal.api.EventSink;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.ErrorCode;
import io.sluice.local.internal.storage.ConsumerMetadata;
import io.sluice.local.internal.storage.ShardLog;
import io.sluice.local.internal.storage.ShardMetadata;
import io.sluice.local.internal.storage.StoredRecord;
import io.sluice.local.internal.streams.model.GetRecordsResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SubscribeToShard call: pushes a shard's records to a consumer as {@code SubscribeToShardEvent}s from a
 * starting position, as soon as they are appended (the shard signals every append), until the subscription's
 * lifetime ends, a newer subscription takes over, the client goes away, or the shard ends (then one last event
 * names the child shards and has no continuation sequence number).
 *
 * <p>Threading: {@link #pump()} and all state run on the sink's serial executor. Appends only set a flag and
 * schedule a pump there, so the appending thread never waits for a subscriber. An idle subscription sends an empty
 * event every {@link #HEARTBEAT} so the client knows it is alive, as AWS does.
 */
final class Subscription {

    private static final Logger log = LoggerFactory.getLogger(Subscription.class);
    static final String EVENT_TYPE = "SubscribeToShardEvent";
    /** At most this often an idle subscription tells the client where it stands. */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** The most records one event carries (as one GetRecords call). */
    static final int MAX_EVENT_RECORDS = 10_000;
    /** The most data one event carries: a second of a shard's fan-out read throughput. */
    static final long MAX_EVENT_BYTES = 2L * 1024 * 1024;

    private final Stream stream;
    private final int shardIndex;
    private final String consumerName;
    private final long consumerArnSeconds;
    private final String consumerArn;
    private final Clock clock;
    private final Duration lifetime;
    final long startedAtMillis;
    private final AtomicBoolean pumpScheduled = new AtomicBoolean();
    /** The log position of the next record to send. Confined to the sink's executor. */
    private long position;
    private long lastEventNanos;
    /** Set once by {@link #start}; read by {@link #takeOver} from another thread. */
    private volatile EventSink sink;
    /** Whether a wake-up is already registered for when the client can take more. Confined to the executor. */
    private boolean awaitingWritable;
    private Runnable stopListening;
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> expiry;
    private volatile boolean ended;

    Subscription(Stream stream, int shardIndex, ConsumerMetadata consumer, String consumerArn, long position,
            Clock clock, Duration lifetime) {
        this.stream = stream;
        this.shardIndex = shardIndex;
        this.consumerName = consumer.name();
        this.consumerArnSeconds = consumer.arnSeconds();
        this.consumerArn = consumerArn;
        this.position = position;
        this.clock = clock;
        this.lifetime = lifetime;
        this.startedAtMillis = clock.millis();
    }

    /** Whether this subscription may still be pushing (a newer one within 5 s of its start is refused). */
    boolean active() {
        return !ended;
    }

    /** Starts pushing; runs on the sink's executor. */
    void start(EventSink eventSink) {
        this.sink = eventSink;
        sink.onClose(this::stopped);
        if (ended) {
            // Taken over before the response even started.
            sink.exception(takenOver());
            return;
        }
        stopListening = stream.listen(shardIndex, this::wake);
        expiry = sink.schedule(sink::complete, lifetime.toMillis(), TimeUnit.MILLISECONDS);
        long every = HEARTBEAT.toMillis();
        heartbeat = sink.schedule(this::beat, every, TimeUnit.MILLISECONDS);
        lastEventNanos = System.nanoTime();
        pump();
    }

    /** Ends this subscription because a newer one for the same consumer and shard took over. */
    void takeOver() {
        ended = true;
        EventSink current = sink;
        if (current != null) {
            current.exception(takenOver());
        }
    }

    private ApiException takenOver() {
        return ApiException.resourceInUse("Another active subscription exists for this consumer: " + consumerArn
                + " on shard " + ShardIds.format(shardIndex) + ". This subscription was replaced by a newer one.");
    }

    private void wake() {
        EventSink current = sink;
        if (current != null && pumpScheduled.compareAndSet(false, true)) {
            current.executor().execute(() -> {
                pumpScheduled.set(false);
                pump();
            });
        }
    }

    private void beat() {
        if (ended || !sink.isOpen()) {
            return;
        }
        long idleNanos = System.nanoTime() - lastEventNanos;
        long every = HEARTBEAT.toNanos();
        // An unwritable client is not idle, only slow: it hears from us when it can take more.
        if (idleNanos >= every - TimeUnit.MILLISECONDS.toNanos(50) && sink.writable() && sendIfAny(true)) {
            pump();
        }
        long next = Math.max(1, every - (System.nanoTime() - lastEventNanos));
        heartbeat = sink.schedule(this::beat, next, TimeUnit.NANOSECONDS);
    }

    /** Sends what there is to send while the client takes it; runs on the sink's executor. */
    private void pump() {
        while (!ended && sink.isOpen()) {
            if (!sink.writable()) {
                if (!awaitingWritable) {
                    awaitingWritable = true;
                    sink.whenWritable(() -> {
                        awaitingWritable = false;
                        wake();
                    });
                }
                return;
            }
            if (!sendIfAny(false)) {
                return;
            }
        }
    }

    /**
     * Sends one event if there are records, if the shard has ended, or (with {@code heartbeat}) in any case.
     *
     * @return whether an event was sent and there may be more to send
     */
    private boolean sendIfAny(boolean heartbeatDue) {
        try {
            ApiException gone = checkStillThere();
            if (gone != null) {
                ended = true;
                sink.exception(gone);
                return false;
            }
            long now = clock.millis();
            ShardMetadata shard = stream.shard(shardIndex);
            ShardLog shardLog = stream.log(shardIndex);
            List<StoredRecord> records = shardLog.read(position, MAX_EVENT_RECORDS, MAX_EVENT_BYTES);
            if (!records.isEmpty()) {
                position = records.get(records.size() - 1).position() + 1;
            } else {
                position = Math.max(position, shardLog.startPosition());
            }
            boolean shardEnded = !shard.isOpen() && position >= stream.readableEnd(shard);
            if (records.isEmpty() && !shardEnded && !heartbeatDue) {
                return false;
            }
            String encryption = "NONE".equals(stream.metadata().encryptionType()) ? null
                    : stream.metadata().encryptionType();
            long behind = RecordReader.millisBehindLatest(shardLog, position, now);
            if (shardEnded && records.isEmpty()) {
                // The last event: no continuation, and the children to go on with (the KCL insists on both).
                sink.event(EVENT_TYPE, GetRecordsResult.subscribeEvent(stream, shardIndex, records, encryption, null,
                        behind, RecordReader.childShards(stream, shardIndex)));
                ended = true;
                sink.complete();
                return false;
            }
            sink.event(EVENT_TYPE, GetRecordsResult.subscribeEvent(stream, shardIndex, records, encryption,
                    stream.sequenceNumber(shardIndex, position - 1), behind, null));
            lastEventNanos = System.nanoTime();
            return true;
        } catch (RuntimeException e) {
            log.warn("Subscription of {} to {} failed", consumerArn, ShardIds.format(shardIndex), e);
            ended = true;
            sink.exception(new ApiException(ErrorCode.INTERNAL_FAILURE_EXCEPTION, "Internal service failure."));
            return false;
        }
    }

    /** The error to end with when the stream or the consumer is gone, else {@code null}. */
    private ApiException checkStillThere() {
        long now = clock.millis();
        if (stream.status(now) == StreamStatus.DELETING || stream.isRemoved()) {
            return ApiException.resourceNotFound("Stream " + stream.name() + " was deleted.");
        }
        ConsumerMetadata consumer = stream.metadata().consumer(consumerName, now);
        if (consumer == null || consumer.arnSeconds() != consumerArnSeconds
                || ConsumerStatus.of(consumer, now) != ConsumerStatus.ACTIVE) {
            return ApiException.resourceNotFound("Consumer " + consumerArn + " was deregistered.");
        }
        return null;
    }

    private void stopped() {
        ended = true;
        if (stopListening != null) {
            stopListening.run();
        }
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (expiry != null) {
            expiry.cancel(false);
        }
    }
}
