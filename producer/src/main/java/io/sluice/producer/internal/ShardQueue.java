package io.sluice.producer.internal;

import io.sluice.aggregation.Aggregator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One shard's part of the pipeline: the aggregate being filled, the Kinesis records ready to send in order, the
 * shard's limiter, and the partition keys of its records in flight. A record waits while a record with one of
 * its keys is in flight, and a failed record goes back to the front, so records with the same key reach the
 * shard in the order they were added, retries included, while records with other keys go in parallel.
 *
 * <p>Not thread-safe: owned by the sender thread.
 */
final class ShardQueue {

    final StreamState stream;
    final ShardMap.Range range;
    final ShardLimiter limiter;
    private final Aggregator aggregator;
    private final int sealAtCount;
    /** The user records in {@link #aggregator}, in order. */
    private final List<PendingUserRecord> open = new ArrayList<>();
    private long openOldestMillis = Long.MAX_VALUE;
    final ArrayDeque<PendingKinesisRecord> ready = new ArrayDeque<>();
    /** Requests in flight that carry records of this shard. */
    int inFlight;
    /** How many records in flight hold each partition key. */
    final Map<String, Integer> keysInFlight = new HashMap<>();
    /** The shard is closed (split or merged); what is left here moves to its successors. */
    boolean retired;

    ShardQueue(StreamState stream, ShardMap.Range range, ShardLimiter limiter, int aggregateMaxBytes,
            int aggregateMaxCount) {
        this.stream = stream;
        this.range = range;
        this.limiter = limiter;
        this.aggregator = new Aggregator(aggregateMaxBytes, aggregateMaxCount);
        this.sealAtCount = aggregateMaxCount;
    }

    String shardId() {
        return range.shardId();
    }

    /** Adds a user record to the open aggregate, sealing it first when the record does not fit. */
    void add(PendingUserRecord user, long nowMillis) {
        if (!aggregator.tryAdd(user.partitionKey, user.explicitHashKey, user.hashKey, user.data)) {
            seal(nowMillis);
            if (!aggregator.tryAdd(user.partitionKey, user.explicitHashKey, user.hashKey, user.data)) {
                throw new IllegalStateException("A validated record did not fit an empty aggregate");
            }
        }
        open.add(user);
        openOldestMillis = Math.min(openOldestMillis, user.addedMillis);
        if (aggregator.count() >= sealAtCount) {
            seal(nowMillis);
        }
    }

    boolean hasOpen() {
        return !open.isEmpty();
    }

    long openOldestMillis() {
        return openOldestMillis;
    }

    /** Closes the open aggregate into a Kinesis record at the back of the ready queue. */
    PendingKinesisRecord seal(long nowMillis) {
        if (open.isEmpty()) {
            return null;
        }
        PendingKinesisRecord sealed = new PendingKinesisRecord(aggregator.build(), List.copyOf(open), List.of(),
                nowMillis);
        sealed.queue = this;
        for (PendingUserRecord user : open) {
            user.data = null;
        }
        open.clear();
        openOldestMillis = Long.MAX_VALUE;
        ready.addLast(sealed);
        return sealed;
    }

    /** Puts records back at the front, keeping their order. */
    void prepend(List<PendingKinesisRecord> records) {
        for (int i = records.size() - 1; i >= 0; i--) {
            PendingKinesisRecord record = records.get(i);
            record.queue = this;
            ready.addFirst(record);
        }
    }

    void sent(PendingKinesisRecord record) {
        for (PendingUserRecord user : record.users) {
            keysInFlight.merge(user.partitionKey, 1, Integer::sum);
        }
    }

    void answered(PendingKinesisRecord record) {
        for (PendingUserRecord user : record.users) {
            keysInFlight.computeIfPresent(user.partitionKey, (k, n) -> n == 1 ? null : n - 1);
        }
    }

    boolean idle() {
        return open.isEmpty() && ready.isEmpty() && inFlight == 0;
    }
}
