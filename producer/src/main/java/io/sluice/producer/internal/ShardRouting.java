package io.sluice.producer.internal;

import io.sluice.aggregation.Aggregator;
import io.sluice.aggregation.Deaggregator;
import io.sluice.producer.Attempt;
import io.sluice.producer.UserRecordFailedException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Where user records go: the shard queue their hash key routes to, and, when a reshard closes shards, how what
 * was meant for them moves. Records queued for a closed shard go to the front of the open shards that now hold
 * their keys (re-aggregated by shard when an aggregate's keys now span several); an aggregate that landed on a
 * shard holding only some of its keys reports those as put and puts the others again; keys that fall in a gap
 * of the map wait, in order, for the next listing.
 *
 * <p>Not thread-safe: used by the sender thread alone.
 */
final class ShardRouting {

    private static final Logger LOG = LoggerFactory.getLogger(ShardRouting.class);

    static final String MISROUTED = "MisroutedAfterReshard";
    static final String MISROUTED_UNRESOLVED = "Its aggregate landed on an unexpected shard after a reshard and the "
            + "shard map could not be listed to tell whether this record belongs there; it may have been put";

    private final long rateLimit;
    private final int aggregateMaxBytes;
    private final int aggregateMaxCount;
    private final RetryBackoff backoff;
    private final Outcomes outcomes;
    private final ProducerMetrics metrics;

    ShardRouting(long rateLimit, int aggregateMaxBytes, int aggregateMaxCount, RetryBackoff backoff,
            Outcomes outcomes, ProducerMetrics metrics) {
        this.metrics = metrics;
        this.rateLimit = rateLimit;
        this.aggregateMaxBytes = aggregateMaxBytes;
        this.aggregateMaxCount = aggregateMaxCount;
        this.backoff = backoff;
        this.outcomes = outcomes;
    }

    void route(StreamState stream, PendingUserRecord user, long nowMillis) {
        ShardMap.Range range = stream.map.route(user.hashKey);
        if (range == null) {
            stream.unrouted.addLast(user);
            wantMapAfterGap(stream, nowMillis);
            return;
        }
        queueFor(stream, range, nowMillis).add(user, nowMillis);
    }

    /** A key fell in a gap of the map (a reshard in progress): list again, backing off. */
    void wantMapAfterGap(StreamState stream, long nowMillis) {
        if (!stream.refreshWanted && !stream.listing) {
            stream.refreshWanted = true;
            stream.nextListMillis = Math.max(stream.nextListMillis,
                    nowMillis + backoff.delayMillis(++stream.listFailures));
        }
    }

    ShardQueue queueFor(StreamState stream, ShardMap.Range range, long nowMillis) {
        ShardQueue queue = stream.queues.get(range.shardId());
        if (queue == null || queue.retired) {
            queue = new ShardQueue(stream, range, new ShardLimiter(rateLimit, nowMillis),
                    aggregateMaxBytes, aggregateMaxCount);
            stream.queues.put(range.shardId(), queue);
        }
        return queue;
    }

    /**
     * Applies a ListShards answer: on success, retires queues of closed shards (their records go to the front of
     * their successors), resolves misrouted aggregates and routes what waited for a map; on a fatal error, fails
     * what cannot be written; otherwise backs off before listing again.
     */
    void onShardsListed(StreamState stream, List<Shard> shards, Throwable error, long nowMillis) {
        stream.listing = false;
        if (error != null || !ShardMap.of(shards).hasOpenShards()) {
            String code = error == null ? "ResourceNotFoundException" : ErrorKinds.code(error);
            String message = error == null ? "Stream " + stream.name + " has no open shard"
                    : ErrorKinds.message(error);
            metrics.error(stream.name, "none", code);
            if (ErrorKinds.fatal(code) || error == null) {
                LOG.warn("Cannot list the shards of {}: {}: {}", stream.name, code, message);
                List<Attempt> attempts = List.of(new Attempt(Duration.ZERO, Duration.ZERO, code, message, false));
                PendingUserRecord user;
                while ((user = stream.unrouted.pollFirst()) != null) {
                    outcomes.fail(user, Reason.REJECTED, "Stream " + stream.name + " cannot be written", attempts);
                }
                // Records whose aggregate landed on an unexpected shard cannot be judged without a map.
                for (StreamState.Misrouted landed : stream.misrouted) {
                    outcomes.failAll(landed.record(), Reason.REJECTED, MISROUTED_UNRESOLVED);
                }
                stream.misrouted.clear();
                stream.nextListMillis = nowMillis + backoff.delayMillis(++stream.listFailures);
            } else {
                stream.refreshWanted = stream.map != null;
                stream.nextListMillis = nowMillis + backoff.delayMillis(++stream.listFailures);
            }
            return;
        }
        stream.listFailures = 0;
        ShardMap map = ShardMap.of(shards);
        stream.map = map;
        List<PendingKinesisRecord> moved = new ArrayList<>();
        Iterator<ShardQueue> queues = stream.queues.values().iterator();
        while (queues.hasNext()) {
            ShardQueue queue = queues.next();
            if (!queue.retired && !map.isOpen(queue.shardId())) {
                queue.retired = true;
                queue.seal(nowMillis);
                moved.addAll(queue.ready);
                queue.ready.clear();
                stream.retiredInFlight += queue.inFlight;
            }
            if (queue.retired && queue.inFlight == 0) {
                queues.remove();
            }
        }
        // What waited for closed shards is older than what is queued for their successors: it goes first; the
        // misrouted records of requests already answered are older still and go before it.
        reroute(stream, moved, nowMillis);
        resolveMisrouted(stream, nowMillis);
        int waiting = stream.unrouted.size();
        for (int i = 0; i < waiting; i++) {
            route(stream, stream.unrouted.pollFirst(), nowMillis);
        }
    }

    /** Sends records queued for closed shards to the front of the open shards that now hold their keys. */
    void reroute(StreamState stream, List<PendingKinesisRecord> records, long nowMillis) {
        Map<ShardQueue, List<PendingKinesisRecord>> fronts = new LinkedHashMap<>();
        List<PendingUserRecord> unroutable = new ArrayList<>();
        for (PendingKinesisRecord record : records) {
            ShardMap.Range target = null;
            boolean together = true;
            for (PendingUserRecord user : record.users) {
                ShardMap.Range range = stream.map.route(user.hashKey);
                if (range == null || (target != null && range != target)) {
                    together = false;
                    break;
                }
                target = range;
            }
            if (together && target != null) {
                fronts.computeIfAbsent(queueFor(stream, target, nowMillis), q -> new ArrayList<>()).add(record);
            } else {
                split(stream, record, record.users, record.attempts, nowMillis, fronts, unroutable);
            }
        }
        fronts.forEach(ShardQueue::prepend);
        prependUnrouted(stream, unroutable, nowMillis);
    }

    /** Puts user records that fell in a gap of the map before the others waiting for a map, in their order. */
    private void prependUnrouted(StreamState stream, List<PendingUserRecord> users, long nowMillis) {
        for (int i = users.size() - 1; i >= 0; i--) {
            stream.unrouted.addFirst(users.get(i));
        }
        if (!users.isEmpty()) {
            wantMapAfterGap(stream, nowMillis);
        }
    }

    /** Re-aggregates some user records of a Kinesis record by the shards that now hold them. */
    private void split(StreamState stream, PendingKinesisRecord record, List<PendingUserRecord> users,
            List<Attempt> attempts, long nowMillis, Map<ShardQueue, List<PendingKinesisRecord>> fronts,
            List<PendingUserRecord> unroutable) {
        restoreData(record);
        Aggregator aggregator = new Aggregator(aggregateMaxBytes, aggregateMaxCount);
        List<PendingUserRecord> group = new ArrayList<>();
        ShardQueue groupQueue = null;
        for (PendingUserRecord user : users) {
            ShardMap.Range range = stream.map.route(user.hashKey);
            if (range == null) {
                unroutable.add(user);
                continue;
            }
            ShardQueue queue = queueFor(stream, range, nowMillis);
            if (queue != groupQueue || !aggregator.tryAdd(user.partitionKey, user.explicitHashKey, user.hashKey,
                    user.data)) {
                flushGroup(aggregator, group, groupQueue, attempts, nowMillis, fronts);
                groupQueue = queue;
                aggregator.tryAdd(user.partitionKey, user.explicitHashKey, user.hashKey, user.data);
            }
            group.add(user);
        }
        flushGroup(aggregator, group, groupQueue, attempts, nowMillis, fronts);
    }

    private void flushGroup(Aggregator aggregator, List<PendingUserRecord> group, ShardQueue queue,
            List<Attempt> attempts, long nowMillis, Map<ShardQueue, List<PendingKinesisRecord>> fronts) {
        if (group.isEmpty()) {
            return;
        }
        PendingKinesisRecord rebuilt = new PendingKinesisRecord(aggregator.build(), List.copyOf(group), attempts,
                nowMillis);
        rebuilt.queue = queue;
        rebuilt.forced = true;
        for (PendingUserRecord user : group) {
            user.data = null;
        }
        fronts.computeIfAbsent(queue, q -> new ArrayList<>()).add(rebuilt);
        group.clear();
    }

    /** Gives the user records of an encoded aggregate their data back, from the aggregate's bytes. */
    private static void restoreData(PendingKinesisRecord record) {
        if (!record.aggregated()) {
            record.users.get(0).data = record.record.data();
            return;
        }
        List<Deaggregator.UserRecord> decoded = Deaggregator.deaggregate(record.record.partitionKey(),
                record.record.explicitHashKey(), record.record.data());
        if (decoded.size() != record.users.size()) {
            throw new IllegalStateException("An aggregate the producer built does not decode");
        }
        for (int i = 0; i < decoded.size(); i++) {
            record.users.get(i).data = decoded.get(i).data();
        }
    }

    void resolveMisrouted(StreamState stream, long nowMillis) {
        if (stream.misrouted.isEmpty()) {
            return;
        }
        Map<ShardQueue, List<PendingKinesisRecord>> fronts = new LinkedHashMap<>();
        List<PendingUserRecord> unroutable = new ArrayList<>();
        List<StreamState.Misrouted> unresolved = new ArrayList<>();
        for (StreamState.Misrouted landed : stream.misrouted) {
            var range = stream.map.range(landed.shardId());
            if (range.isEmpty()) {
                unresolved.add(landed);
                continue;
            }
            PendingKinesisRecord record = landed.record();
            List<Attempt> landedAttempts = List.copyOf(record.attempts);
            List<PendingUserRecord> elsewhere = new ArrayList<>();
            for (int i = 0; i < record.users.size(); i++) {
                PendingUserRecord user = record.users.get(i);
                if (range.get().holds(user.hashKey)) {
                    outcomes.succeed(user, record, landedAttempts, landed.shardId(), landed.sequenceNumber(), i);
                } else {
                    elsewhere.add(user);
                }
            }
            if (!elsewhere.isEmpty()) {
                List<Attempt> attempts = new ArrayList<>(record.attempts);
                Attempt last = attempts.remove(attempts.size() - 1);
                attempts.add(new Attempt(last.delay(), last.duration(), MISROUTED, "The aggregate landed on "
                        + landed.shardId() + " after a reshard; this record's hash key is outside that shard, "
                        + "so consumers skip it there and it is put again", false));
                split(stream, record, elsewhere, attempts, nowMillis, fronts, unroutable);
            }
        }
        stream.misrouted.clear();
        stream.misrouted.addAll(unresolved);
        if (!unresolved.isEmpty()) {
            stream.refreshWanted = true;
            stream.nextListMillis = nowMillis + backoff.delayMillis(++stream.listFailures);
        }
        fronts.forEach(ShardQueue::prepend);
        prependUnrouted(stream, unroutable, nowMillis);
    }
}
