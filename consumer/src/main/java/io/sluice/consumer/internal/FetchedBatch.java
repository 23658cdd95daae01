package io.sluice.consumer.internal;

import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * What one GetRecords call or one SubscribeToShard event brought: Kinesis records (possibly none), how far
 * behind the tip they were, and, at the end of a closed shard, its children. Immutable once built.
 *
 * @param records the Kinesis records, in shard order
 * @param millisBehindLatest how far the response was behind the tip of the shard
 * @param fetchedAt when it arrived, by the worker's clock
 * @param childShards the closed shard's children, or {@code null} while the shard goes on
 * @param bytes the records' data bytes, for the prefetch bound
 */
record FetchedBatch(List<Record> records, long millisBehindLatest, Instant fetchedAt, List<ChildShard> childShards,
        long bytes) {

    static FetchedBatch of(List<Record> records, Long millisBehindLatest, Instant fetchedAt,
            List<ChildShard> childShards) {
        long bytes = 0;
        for (Record record : records) {
            bytes += record.data().asByteBuffer().remaining() + record.partitionKey().length();
        }
        return new FetchedBatch(List.copyOf(records), millisBehindLatest == null ? 0 : millisBehindLatest,
                fetchedAt, childShards, bytes);
    }

    boolean isShardEnd() {
        return childShards != null;
    }
}
