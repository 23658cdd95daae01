package io.sluice.producer.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One PutRecords request being built or in flight: Kinesis records of one stream, from shards that have no other
 * request in flight.
 *
 * <p>Not thread-safe: owned by the sender thread.
 */
final class Batch {

    final StreamState stream;
    final List<PendingKinesisRecord> records = new ArrayList<>();
    final List<ShardQueue> queues = new ArrayList<>();
    long bytes;
    long sentMillis;

    Batch(StreamState stream) {
        this.stream = stream;
    }

    /** The partition keys of the user records in a Kinesis record. */
    static Set<String> keysOf(PendingKinesisRecord record, Set<String> into) {
        for (PendingUserRecord user : record.users) {
            into.add(user.partitionKey);
        }
        return into;
    }

    /** Whether none of the record's user records shares a partition key with the given keys. */
    static boolean disjoint(PendingKinesisRecord record, Set<String> keys) {
        for (PendingUserRecord user : record.users) {
            if (keys.contains(user.partitionKey)) {
                return false;
            }
        }
        return true;
    }

    static Set<String> newKeySet() {
        return new HashSet<>();
    }
}
