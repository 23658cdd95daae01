package io.sluice.producer.internal;

import io.sluice.aggregation.Aggregator.KinesisRecord;
import io.sluice.producer.Attempt;
import java.util.ArrayList;
import java.util.List;

/**
 * One Kinesis record on its way: an aggregate (or a single user record), the user records inside it in order,
 * and the attempts made so far. It waits in its shard's queue, rides in at most one request at a time, and goes
 * back to the front of its shard's queue when an attempt fails.
 *
 * <p>Owned by the sender thread.
 */
final class PendingKinesisRecord {

    final KinesisRecord record;
    final List<PendingUserRecord> users;
    final int bytes;
    final long oldestAddedMillis;
    final List<Attempt> attempts;
    /** The shard the producer expects Kinesis to put it on. */
    ShardQueue queue;
    /** When the previous attempt ended, or when it was sealed. */
    long lastEndedMillis;
    /** It may not be sent before this time: the backoff after a failed attempt. */
    long notBeforeMillis;
    /** A flush asked for it to go without waiting for the buffered time. */
    boolean forced;

    PendingKinesisRecord(KinesisRecord record, List<PendingUserRecord> users, List<Attempt> attempts,
            long nowMillis) {
        this.record = record;
        this.users = users;
        this.attempts = new ArrayList<>(attempts);
        this.bytes = record.data().length + (users.size() == 1 && record.userRecords() == 1
                ? users.get(0).partitionKeyBytes : record.partitionKey().length());
        long oldest = Long.MAX_VALUE;
        for (PendingUserRecord user : users) {
            oldest = Math.min(oldest, user.addedMillis);
        }
        this.oldestAddedMillis = oldest;
        this.lastEndedMillis = nowMillis;
    }

    boolean aggregated() {
        return record.userRecords() > 1;
    }

    boolean retried() {
        return !attempts.isEmpty();
    }
}
