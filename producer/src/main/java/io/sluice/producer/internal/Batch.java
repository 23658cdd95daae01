package io.sluice.producer.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One PutRecords request being built or in flight: Kinesis records of one stream, no two of them (and none of
 * them and a record in flight) sharing a partition key.
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

    /**
     * Whether the record may join: none of its partition keys is in flight for its shard or already taken into
     * this request. If so its keys are taken.
     */
    static boolean takeKeys(PendingKinesisRecord record, Map<String, Integer> inFlight, Set<String> taken) {
        for (PendingUserRecord user : record.users) {
            if (inFlight.containsKey(user.partitionKey) || taken.contains(user.partitionKey)) {
                return false;
            }
        }
        for (PendingUserRecord user : record.users) {
            taken.add(user.partitionKey);
        }
        return true;
    }

    static Set<String> newKeySet() {
        return new HashSet<>();
    }
}
