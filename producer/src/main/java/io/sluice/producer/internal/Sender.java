package io.sluice.producer.internal;

import io.sluice.aggregation.Aggregator;
import io.sluice.producer.Attempt;
import io.sluice.producer.ProducerConfig;
import io.sluice.producer.UserRecordFailedException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The producer's one sender thread. Each turn of its loop, {@link #runOnce(long)}, reads the time once and:
 * applies answers that came back (PutRecords, ListShards), routes newly added user records to their shard's
 * aggregate, expires records past their time-to-live, seals aggregates that waited long enough, and sends
 * PutRecords requests while fewer than the configured number are in flight. Futures are completed on the
 * callback executor, never here.
 *
 * <p>Ordering: a record waits while a record with one of its partition keys is in flight, a failed record goes
 * back to the front of its shard's queue, and two Kinesis records in one request never share a partition key, so
 * a key's records reach Kinesis in the order they were added even when some fail, while other keys go in
 * parallel. When a shard closes, what was queued for it moves to the front
 * of its successors' queues, and the stream sends nothing until the map is fresh and every request sent to the
 * closed shard is back.
 *
 * <p>Threading: {@link #enqueue}, {@link #requestFlush} and {@link #wakeUp} are called from any thread; everything
 * else runs on the sender thread (or on a test's thread that steps {@link #runOnce(long)} itself).
 */
public final class Sender implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    private static final long MAX_IDLE_MILLIS = 1_000;


    private final ProducerConfig config;
    private final KinesisAsyncClient kinesis;
    private final ProducerMetrics metrics;
    private final Clock clock;
    private final RetryBackoff backoff;
    private final long maxBufferedMillis;
    private final long ttlMillis;
    private final int aggregateMaxBytes;
    private final int aggregateMaxCount;
    /**
     * A cap on the bytes of requests in flight. The SDK copies each request body while it marshals and sends it,
     * so in-flight bytes cost the heap again, twice; the cap ({@link ProducerConfig#maxInFlightBytes()}) is part of the
     * buffer bound, which user records may fill only up to the rest.
     */
    private final long maxInFlightBytes;

    private final ConcurrentLinkedQueue<PendingUserRecord> incoming = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    private final Map<String, StreamState> streams = new LinkedHashMap<>();
    private final Outcomes outcomes;
    private final ShardRouting routing;
    private final Set<Batch> inFlight = new HashSet<>();
    private volatile int flushRequests;
    private int flushesHandled;
    private volatile boolean running = true;
    private volatile boolean parked;
    private volatile boolean terminated;
    private volatile Thread thread;
    private int inFlightRequests;
    private long inFlightBytes;
    private int rotation;
    private long nextWakeMillis;

    /** Something that came back from the SDK, applied on the sender thread. */
    private interface Event {
        void apply(long nowMillis);
    }

    public Sender(ProducerConfig config, KinesisAsyncClient kinesis, BufferAccount account, ProducerMetrics metrics,
            Executor callbacks, RandomGenerator random) {
        this.config = config;
        this.kinesis = kinesis;
        this.metrics = metrics;
        this.clock = config.clock();
        this.outcomes = new Outcomes(account, metrics, callbacks);
        this.backoff = new RetryBackoff(config.retryBaseDelay(), config.retryMaxDelay(), random);
        this.maxBufferedMillis = config.recordMaxBufferedTime().toMillis();
        this.ttlMillis = config.recordTtl().toMillis();
        this.aggregateMaxBytes = config.aggregationEnabled() ? config.aggregationMaxSize()
                : Aggregator.MAX_KINESIS_RECORD_BYTES;
        this.maxInFlightBytes = config.maxInFlightBytes();
        this.aggregateMaxCount = config.aggregationEnabled()
                ? (int) Math.min(Integer.MAX_VALUE, config.aggregationMaxCount()) : 1;
        this.routing = new ShardRouting(config.rateLimit(), aggregateMaxBytes, aggregateMaxCount, backoff, outcomes,
                metrics);
    }

    // ---- called from any thread ----

    void enqueue(PendingUserRecord record) {
        incoming.add(record);
        wakeUp();
    }

    /** Whether the loop has ended (or is failing what is left on its way out). */
    boolean terminated() {
        return terminated;
    }

    /** Takes a record back if the sender has not taken it: for a record added as the sender stopped. */
    boolean withdraw(PendingUserRecord record) {
        return incoming.remove(record);
    }

    void requestFlush() {
        synchronized (this) {
            flushRequests++;
        }
        wakeUp();
    }

    void wakeUp() {
        if (parked) {
            Thread sender = thread;
            if (sender != null) {
                LockSupport.unpark(sender);
            }
        }
    }

    /** Asks the loop to stop; it fails what is left with {@code CLOSED} on its way out. */
    void stop() {
        running = false;
        Thread sender = thread;
        if (sender != null) {
            LockSupport.unpark(sender);
        }
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        try {
            while (running) {
                int work = runOnce(clock.millis());
                if (work == 0) {
                    idle(nextWakeMillis - clock.millis());
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.error("The producer's sender thread failed; every pending record fails with it", e);
            throw e;
        } finally {
            // Set before the last drain: an add that misses the drain then sees it and withdraws its record.
            terminated = true;
            failEverything(clock.millis());
        }
    }

    private void idle(long millis) {
        if (millis <= 0) {
            return;
        }
        parked = true;
        try {
            if (incoming.isEmpty() && events.isEmpty() && running && flushRequests == flushesHandled) {
                LockSupport.parkNanos(this, Math.min(millis, MAX_IDLE_MILLIS) * 1_000_000L);
            }
        } finally {
            parked = false;
        }
    }

    // ---- the loop body ----

    /**
     * One turn of the loop at time {@code nowMillis}.
     *
     * @return how many things it did; 0 means the loop may wait until {@link #nextWakeMillis()}
     */
    int runOnce(long nowMillis) {
        int work = applyEvents(nowMillis);
        work += routeIncoming(nowMillis);
        int flushes = flushRequests;
        boolean flushing = flushes != flushesHandled;
        if (flushing) {
            flushesHandled = flushes;
            sealAll(nowMillis, true);
            work++;
        }
        work += listShardsWhereNeeded(nowMillis);
        work += expire(nowMillis);
        work += sealDue(nowMillis);
        work += send(nowMillis);
        outcomes.dispatch();
        nextWakeMillis = computeNextWake(nowMillis);
        return work;
    }

    /** When the loop has something to do at the latest, if nothing comes back first. */
    long nextWakeMillis() {
        return nextWakeMillis;
    }

    /** Whether the sender has a shard map of the stream (for tests stepping the loop). */
    boolean knowsShards(String stream) {
        StreamState state = streams.get(stream);
        return state != null && state.map != null;
    }

    int inFlightRequests() {
        return inFlightRequests;
    }

    private int applyEvents(long nowMillis) {
        int work = 0;
        Event event;
        while ((event = events.poll()) != null) {
            event.apply(nowMillis);
            work++;
        }
        return work;
    }

    private int routeIncoming(long nowMillis) {
        int work = 0;
        PendingUserRecord user;
        while ((user = incoming.poll()) != null) {
            StreamState stream = streams.computeIfAbsent(user.stream, StreamState::new);
            if (stream.map == null) {
                stream.unrouted.addLast(user);
            } else {
                routing.route(stream, user, nowMillis);
            }
            work++;
        }
        return work;
    }

    private void sealAll(long nowMillis, boolean force) {
        for (StreamState stream : streams.values()) {
            for (ShardQueue queue : stream.queues.values()) {
                queue.seal(nowMillis);
                if (force) {
                    for (PendingKinesisRecord record : queue.ready) {
                        record.forced = true;
                    }
                }
            }
        }
    }

    private int sealDue(long nowMillis) {
        int work = 0;
        for (StreamState stream : streams.values()) {
            for (ShardQueue queue : stream.queues.values()) {
                if (!queue.hasOpen()) {
                    continue;
                }
                long oldest = queue.openOldestMillis();
                if (nowMillis - oldest >= maxBufferedMillis) {
                    queue.seal(nowMillis);
                    work++;
                }
            }
        }
        return work;
    }

    // ---- shard maps ----

    private int listShardsWhereNeeded(long nowMillis) {
        int work = 0;
        for (StreamState stream : streams.values()) {
            boolean wanted = stream.map == null ? !stream.unrouted.isEmpty() : stream.refreshWanted;
            if (wanted && !stream.listing && nowMillis >= stream.nextListMillis) {
                stream.listing = true;
                stream.refreshWanted = false;
                listAll(stream, null, new ArrayList<>());
                work++;
            }
        }
        return work;
    }

    private void listAll(StreamState stream, String nextToken, List<Shard> into) {
        ListShardsRequest.Builder request = ListShardsRequest.builder();
        if (nextToken != null) {
            request.nextToken(nextToken);
        } else if (stream.isArn()) {
            request.streamARN(stream.name);
        } else {
            request.streamName(stream.name);
        }
        CompletableFuture<ListShardsResponse> call;
        try {
            call = kinesis.listShards(request.build());
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        call.whenComplete((response, error) -> {
            if (error == null) {
                into.addAll(response.shards());
                if (response.nextToken() != null) {
                    listAll(stream, response.nextToken(), into);
                    return;
                }
            }
            events.add(now -> routing.onShardsListed(stream, error == null ? into : null, error, now));
            wakeUp();
        });
    }


    // ---- expiry ----

    private int expire(long nowMillis) {
        int work = 0;
        for (StreamState stream : streams.values()) {
            while (!stream.unrouted.isEmpty() && nowMillis - stream.unrouted.peekFirst().addedMillis >= ttlMillis) {
                PendingUserRecord user = stream.unrouted.pollFirst();
                outcomes.fail(user, Reason.EXPIRED, expiredMessage(), List.of());
                metrics.stream(stream.name).expired.increment();
                work++;
            }
            if (!stream.misrouted.isEmpty()
                    && nowMillis - stream.misrouted.get(0).record().oldestAddedMillis >= ttlMillis) {
                for (StreamState.Misrouted landed : stream.misrouted) {
                    outcomes.failAll(landed.record(), Reason.EXPIRED, expiredMessage() + "; " + ShardRouting.MISROUTED_UNRESOLVED);
                }
                stream.misrouted.clear();
                work++;
            }
            for (ShardQueue queue : stream.queues.values()) {
                while (!queue.ready.isEmpty() && nowMillis - queue.ready.peekFirst().oldestAddedMillis >= ttlMillis) {
                    PendingKinesisRecord record = queue.ready.pollFirst();
                    outcomes.failAll(record, Reason.EXPIRED, expiredMessage());
                    metrics.stream(stream.name).expired.increment(record.users.size());
                    work++;
                }
            }
        }
        return work;
    }

    private String expiredMessage() {
        return "Expired: the record was not put within its time-to-live of " + config.recordTtl().toMillis()
                + " ms";
    }

    // ---- sending ----

    private int send(long nowMillis) {
        int sent = 0;
        if (streams.isEmpty()) {
            return 0;
        }
        List<StreamState> order = new ArrayList<>(streams.values());
        int tried = 0;
        while (inFlightRequests < config.maxConnections() && tried < order.size() && roomForARequest()) {
            StreamState stream = order.get(Math.floorMod(rotation, order.size()));
            long budget = inFlightRequests == 0 ? Long.MAX_VALUE : maxInFlightBytes - inFlightBytes;
            Batch batch = stream.maySend() ? Batch.next(stream, nowMillis, budget, config.collectionMaxCount(),
                    config.collectionMaxSize(), maxBufferedMillis, !running) : null;
            if (batch == null) {
                rotation++;
                tried++;
                continue;
            }
            dispatch(batch, nowMillis);
            sent++;
            tried = 0;
        }
        return sent;
    }

    /**
     * Whether another request is worth building: nothing is in flight, or a request of the largest size still
     * fits under the cap on bytes in flight. Filling leftovers with smaller requests measured slower: more, smaller
     * requests cost more per record on both sides than they gain in overlap.
     */
    private boolean roomForARequest() {
        return inFlightRequests == 0 || inFlightBytes + config.collectionMaxSize() <= maxInFlightBytes;
    }

    private void dispatch(Batch batch, long nowMillis) {
        batch.sentMillis = nowMillis;
        inFlightRequests++;
        inFlightBytes += batch.bytes;
        inFlight.add(batch);
        ProducerMetrics.StreamMeters streamMeters = metrics.stream(batch.stream.name);
        for (PendingKinesisRecord record : batch.records) {
            if (!record.retried()) {
                for (PendingUserRecord user : record.users) {
                    ProducerMetrics.recordMillis(streamMeters.bufferingTime, nowMillis - user.addedMillis);
                }
            }
        }
        streamMeters.kinesisRecordsPerRequest.record(batch.records.size());
        CompletableFuture<PutRecordsResponse> call;
        try {
            call = kinesis.putRecords(batch.toRequest());
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        call.whenComplete((response, error) -> {
            long ended = clock.millis();
            events.add(now -> onPutRecords(batch, response, error, ended));
            wakeUp();
        });
    }

    // ---- answers ----

    private void onPutRecords(Batch batch, PutRecordsResponse response, Throwable error, long endedMillis) {
        inFlightRequests--;
        inFlightBytes -= batch.bytes;
        inFlight.remove(batch);
        for (PendingKinesisRecord record : batch.records) {
            record.queue.answered(record);
        }
        StreamState stream = batch.stream;
        for (ShardQueue queue : batch.queues) {
            queue.inFlight--;
            if (queue.retired) {
                stream.retiredInFlight--;
                if (queue.idle()) {
                    stream.queues.remove(queue.shardId(), queue);
                }
            }
        }
        Duration took = Duration.ofMillis(Math.max(0, endedMillis - batch.sentMillis));
        ProducerMetrics.recordMillis(metrics.stream(stream.name).requestTime, took.toMillis());
        List<PendingKinesisRecord> retry = new ArrayList<>();
        // A response with many throttled records slows each shard once, not once per record.
        Set<ShardQueue> throttled = new HashSet<>();
        if (error != null || response.records().size() != batch.records.size()) {
            String code = error != null ? ErrorKinds.code(error) : "InternalFailure";
            String message = error != null ? ErrorKinds.message(error)
                    : "The answer has " + response.records().size() + " results for " + batch.records.size()
                            + " records";
            for (PendingKinesisRecord record : batch.records) {
                failed(record, code, message, batch.sentMillis, took, endedMillis, retry, throttled);
            }
        } else {
            for (int i = 0; i < batch.records.size(); i++) {
                PendingKinesisRecord record = batch.records.get(i);
                PutRecordsResultEntry result = response.records().get(i);
                if (result.errorCode() == null) {
                    record.attempts.add(new Attempt(Duration.ofMillis(Math.max(0, batch.sentMillis
                            - record.lastEndedMillis)), took, null, null, true));
                    landed(stream, record, result.shardId(), result.sequenceNumber());
                } else {
                    failed(record, result.errorCode(), result.errorMessage(), batch.sentMillis, took, endedMillis,
                            retry, throttled);
                }
            }
        }
        for (ShardQueue queue : throttled) {
            queue.limiter.throttled(endedMillis);
        }
        requeue(stream, retry, endedMillis);
    }

    private void landed(StreamState stream, PendingKinesisRecord record, String shardId, String sequenceNumber) {
        if (shardId.equals(record.queue.shardId())) {
            outcomes.succeedAll(record, shardId, sequenceNumber);
            return;
        }
        // A shard the map did not predict: the map is stale (a reshard). A single record is where Kinesis routes
        // its key, so it is delivered; an aggregate holds keys that may belong to a sibling shard.
        stream.refreshWanted = true;
        if (!record.aggregated()) {
            outcomes.succeedAll(record, shardId, sequenceNumber);
            return;
        }
        stream.misrouted.add(new StreamState.Misrouted(record, shardId, sequenceNumber));
    }

    private void failed(PendingKinesisRecord record, String code, String message, long sentMillis, Duration took,
            long endedMillis, List<PendingKinesisRecord> retry, Set<ShardQueue> throttled) {
        record.attempts.add(new Attempt(Duration.ofMillis(Math.max(0, sentMillis - record.lastEndedMillis)), took,
                code, message, false));
        record.lastEndedMillis = endedMillis;
        StreamState stream = record.queue.stream;
        metrics.error(stream.name, record.queue.shardId(), code);
        if (ErrorKinds.fatal(code)) {
            outcomes.failAll(record, Reason.REJECTED, "Kinesis refused the record");
            return;
        }
        if (ErrorKinds.slowDown(code)) {
            throttled.add(record.queue);
            if (config.failIfThrottled()) {
                outcomes.failAll(record, Reason.THROTTLED, "The shard was throttled and failIfThrottled is on");
                return;
            }
        }
        if (endedMillis - record.oldestAddedMillis >= ttlMillis) {
            outcomes.failAll(record, Reason.EXPIRED, expiredMessage());
            metrics.stream(stream.name).expired.increment(record.users.size());
            return;
        }
        record.notBeforeMillis = endedMillis + backoff.delayMillis(record.attempts.size());
        retry.add(record);
    }

    private void requeue(StreamState stream, List<PendingKinesisRecord> retry, long nowMillis) {
        if (retry.isEmpty()) {
            return;
        }
        Map<ShardQueue, List<PendingKinesisRecord>> byQueue = new LinkedHashMap<>();
        List<PendingKinesisRecord> orphans = new ArrayList<>();
        for (PendingKinesisRecord record : retry) {
            if (record.queue.retired) {
                orphans.add(record);
            } else {
                byQueue.computeIfAbsent(record.queue, q -> new ArrayList<>()).add(record);
            }
        }
        byQueue.forEach(ShardQueue::prepend);
        if (!orphans.isEmpty() && stream.map != null) {
            routing.reroute(stream, orphans, nowMillis);
        }
    }

    /** On the way out: every record still held fails with CLOSED. */
    private void failEverything(long nowMillis) {
        String message = "The producer closed before the record was confirmed";
        for (StreamState stream : streams.values()) {
            PendingUserRecord user;
            while ((user = stream.unrouted.pollFirst()) != null) {
                outcomes.fail(user, Reason.CLOSED, message, List.of());
            }
            for (StreamState.Misrouted landed : stream.misrouted) {
                outcomes.failAll(landed.record(), Reason.CLOSED, message);
            }
            stream.misrouted.clear();
            for (ShardQueue queue : stream.queues.values()) {
                queue.seal(nowMillis);
                PendingKinesisRecord record;
                while ((record = queue.ready.pollFirst()) != null) {
                    outcomes.failAll(record, Reason.CLOSED, message);
                }
            }
        }
        for (Batch batch : inFlight) {
            for (PendingKinesisRecord record : batch.records) {
                outcomes.failAll(record, Reason.CLOSED, message + " (its request was still in flight, so it may have been put)");
            }
        }
        inFlight.clear();
        PendingUserRecord user;
        while ((user = incoming.poll()) != null) {
            outcomes.fail(user, Reason.CLOSED, message, List.of());
        }
        outcomes.dispatch();
    }

    // ---- waiting ----

    /** Whether the record waits for an answer anyway: a record with one of its keys is in flight. */
    private static boolean keyInFlight(ShardQueue queue, PendingKinesisRecord record) {
        if (queue.keysInFlight.isEmpty()) {
            return false;
        }
        for (PendingUserRecord user : record.users) {
            if (queue.keysInFlight.containsKey(user.partitionKey)) {
                return true;
            }
        }
        return false;
    }

    private long computeNextWake(long nowMillis) {
        long next = nowMillis + MAX_IDLE_MILLIS;
        for (StreamState stream : streams.values()) {
            if (!stream.unrouted.isEmpty()) {
                next = Math.min(next, stream.unrouted.peekFirst().addedMillis + ttlMillis);
                if (!stream.listing) {
                    next = Math.min(next, stream.nextListMillis);
                }
            }
            if (stream.refreshWanted && !stream.listing) {
                next = Math.min(next, stream.nextListMillis);
            }
            for (ShardQueue queue : stream.queues.values()) {
                if (queue.hasOpen()) {
                    next = Math.min(next, queue.openOldestMillis() + maxBufferedMillis);
                }
                PendingKinesisRecord head = queue.ready.peekFirst();
                if (head == null) {
                    continue;
                }
                next = Math.min(next, head.oldestAddedMillis + ttlMillis);
                if (stream.maySend() && inFlightRequests < config.maxConnections()
                        && roomForARequest() && (inFlightRequests == 0
                                || inFlightBytes + head.bytes <= maxInFlightBytes)
                        && !keyInFlight(queue, head)) {
                    long dueAt = head.forced || head.retried() ? nowMillis : head.oldestAddedMillis + maxBufferedMillis;
                    long paced = nowMillis + queue.limiter.millisUntil(nowMillis, head.bytes);
                    next = Math.min(next, Math.max(Math.max(dueAt, paced), head.notBeforeMillis));
                }
            }
        }
        return Math.max(next, nowMillis + 1);
    }
}
