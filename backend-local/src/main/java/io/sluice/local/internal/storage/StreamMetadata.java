package io.sluice.local.internal.storage;

import java.util.List;
import java.util.Map;

/**
 * Everything the backend keeps about a stream besides its records: what DescribeStream answers from, and what a
 * restart reloads. Immutable; a change makes a new instance.
 *
 * @param region the region the stream lives in
 * @param name the stream name
 * @param createdAtMillis creation time, also the incarnation stamped into sequence numbers and iterators
 * @param activeAtMillis when CREATING turns into ACTIVE
 * @param deleteRequestedAtMillis when DeleteStream was called, or {@code null}
 * @param deletedAtMillis when a DELETING stream disappears, or {@code null}
 * @param streamMode {@code PROVISIONED} or {@code ON_DEMAND}
 * @param retentionHours how long records stay readable
 * @param encryptionType {@code NONE} or {@code KMS}
 * @param keyId the KMS key id when encrypted, else {@code null}
 * @param shardLevelMetrics the enhanced monitoring metrics switched on
 * @param tags the stream's tags, in the order they were added
 * @param maxRecordSizeKiB the largest record (data plus partition key) the stream takes, in KiB; 0 in metadata
 *     written before the setting existed, which means the default 1024
 * @param shards every shard the stream has had, by index
 */
public record StreamMetadata(String region, String name, long createdAtMillis, long activeAtMillis,
        Long deleteRequestedAtMillis, Long deletedAtMillis, String streamMode, int retentionHours,
        String encryptionType, String keyId, List<String> shardLevelMetrics, Map<String, String> tags,
        int maxRecordSizeKiB, List<ShardMetadata> shards) {

    /** The default maximum record size, 1 MiB. */
    public static final int DEFAULT_MAX_RECORD_SIZE_KIB = 1024;

    public StreamMetadata {
        shardLevelMetrics = List.copyOf(shardLevelMetrics);
        tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
        shards = List.copyOf(shards);
        if (maxRecordSizeKiB == 0) {
            maxRecordSizeKiB = DEFAULT_MAX_RECORD_SIZE_KIB;
        }
    }

    /** The largest record (data plus partition key) the stream takes, in bytes. */
    public int maxRecordBytes() {
        return maxRecordSizeKiB * 1024;
    }

    public StreamMetadata withTags(Map<String, String> newTags) {
        return new StreamMetadata(region, name, createdAtMillis, activeAtMillis, deleteRequestedAtMillis,
                deletedAtMillis, streamMode, retentionHours, encryptionType, keyId, shardLevelMetrics, newTags,
                maxRecordSizeKiB, shards);
    }

    public StreamMetadata withRetentionHours(int hours) {
        return new StreamMetadata(region, name, createdAtMillis, activeAtMillis, deleteRequestedAtMillis,
                deletedAtMillis, streamMode, hours, encryptionType, keyId, shardLevelMetrics, tags, maxRecordSizeKiB,
                shards);
    }

    public StreamMetadata withDeletion(long requestedAtMillis, long goneAtMillis) {
        return new StreamMetadata(region, name, createdAtMillis, activeAtMillis, requestedAtMillis, goneAtMillis,
                streamMode, retentionHours, encryptionType, keyId, shardLevelMetrics, tags, maxRecordSizeKiB, shards);
    }
}
