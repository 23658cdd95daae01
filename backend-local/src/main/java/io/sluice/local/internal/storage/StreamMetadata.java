package io.sluice.local.internal.storage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the backend keeps about a stream besides its records: what DescribeStream answers from, and what a
 * restart reloads. Immutable; a change makes a new instance through {@link #toBuilder()}.
 *
 * <p>Members added after the first release are nullable or default to zero, so metadata written by an older
 * backend still loads.
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
 * @param updatingUntilMillis until when the stream shows UPDATING after a change, or {@code null}
 * @param warmThroughputMiBps the warm throughput asked for an ON_DEMAND stream, 0 when none
 * @param resourcePolicy the stream's resource policy document, or {@code null}
 * @param consumers the enhanced fan-out consumers registered on the stream, including ones being deleted
 * @param shardCountUpdatesMillis when UpdateShardCount was called, for its per-day limit
 * @param modeSwitchesMillis when UpdateStreamMode was called, for its per-day limit
 * @param recordDistributionStrategy {@code USER_PARTITION_KEY} (shard by key, the default; {@code null} in
 *     metadata written before the setting existed) or {@code AUTO} (ON_DEMAND streams: spread evenly)
 */
public record StreamMetadata(String region, String name, long createdAtMillis, long activeAtMillis,
        Long deleteRequestedAtMillis, Long deletedAtMillis, String streamMode, int retentionHours,
        String encryptionType, String keyId, List<String> shardLevelMetrics, Map<String, String> tags,
        int maxRecordSizeKiB, List<ShardMetadata> shards, Long updatingUntilMillis, int warmThroughputMiBps,
        String resourcePolicy, List<ConsumerMetadata> consumers, List<Long> shardCountUpdatesMillis,
        List<Long> modeSwitchesMillis, String recordDistributionStrategy) {

    /** Records go to the shard of their partition key (or explicit hash key): AWS's default. */
    public static final String BY_PARTITION_KEY = "USER_PARTITION_KEY";
    /** Records are spread evenly over the open shards, whatever their keys. */
    public static final String AUTO_DISTRIBUTION = "AUTO";

    /** The default maximum record size, 1 MiB. */
    public static final int DEFAULT_MAX_RECORD_SIZE_KIB = 1024;

    public StreamMetadata {
        shardLevelMetrics = shardLevelMetrics == null ? List.of() : List.copyOf(shardLevelMetrics);
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        shards = List.copyOf(shards);
        consumers = consumers == null ? List.of() : List.copyOf(consumers);
        shardCountUpdatesMillis = shardCountUpdatesMillis == null ? List.of() : List.copyOf(shardCountUpdatesMillis);
        modeSwitchesMillis = modeSwitchesMillis == null ? List.of() : List.copyOf(modeSwitchesMillis);
        if (maxRecordSizeKiB == 0) {
            maxRecordSizeKiB = DEFAULT_MAX_RECORD_SIZE_KIB;
        }
        if (recordDistributionStrategy == null) {
            recordDistributionStrategy = BY_PARTITION_KEY;
        }
    }

    /** The largest record (data plus partition key) the stream takes, in bytes. */
    public int maxRecordBytes() {
        return maxRecordSizeKiB * 1024;
    }

    /** The shards that take records now. */
    public List<ShardMetadata> openShards() {
        return shards.stream().filter(ShardMetadata::isOpen).toList();
    }

    /** The consumer of that name that has not disappeared by {@code nowMillis}, or {@code null}. */
    public ConsumerMetadata consumer(String consumerName, long nowMillis) {
        for (ConsumerMetadata consumer : consumers) {
            if (consumer.name().equals(consumerName) && !consumer.goneAt(nowMillis)) {
                return consumer;
            }
        }
        return null;
    }

    /** The consumers that exist at {@code nowMillis}, in registration order. */
    public List<ConsumerMetadata> liveConsumers(long nowMillis) {
        return consumers.stream().filter(c -> !c.goneAt(nowMillis)).toList();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy of a stream's metadata being changed. Not thread-safe. */
    public static final class Builder {
        private final String region;
        private final String name;
        private final long createdAtMillis;
        private final long activeAtMillis;
        private Long deleteRequestedAtMillis;
        private Long deletedAtMillis;
        private String streamMode;
        private int retentionHours;
        private String encryptionType;
        private String keyId;
        private List<String> shardLevelMetrics;
        private Map<String, String> tags;
        private int maxRecordSizeKiB;
        private List<ShardMetadata> shards;
        private Long updatingUntilMillis;
        private int warmThroughputMiBps;
        private String resourcePolicy;
        private List<ConsumerMetadata> consumers;
        private List<Long> shardCountUpdatesMillis;
        private List<Long> modeSwitchesMillis;
        private String recordDistributionStrategy;

        private Builder(StreamMetadata m) {
            region = m.region;
            name = m.name;
            createdAtMillis = m.createdAtMillis;
            activeAtMillis = m.activeAtMillis;
            deleteRequestedAtMillis = m.deleteRequestedAtMillis;
            deletedAtMillis = m.deletedAtMillis;
            streamMode = m.streamMode;
            retentionHours = m.retentionHours;
            encryptionType = m.encryptionType;
            keyId = m.keyId;
            shardLevelMetrics = m.shardLevelMetrics;
            tags = m.tags;
            maxRecordSizeKiB = m.maxRecordSizeKiB;
            shards = m.shards;
            updatingUntilMillis = m.updatingUntilMillis;
            warmThroughputMiBps = m.warmThroughputMiBps;
            resourcePolicy = m.resourcePolicy;
            consumers = m.consumers;
            shardCountUpdatesMillis = m.shardCountUpdatesMillis;
            modeSwitchesMillis = m.modeSwitchesMillis;
            recordDistributionStrategy = m.recordDistributionStrategy;
        }

        public Builder recordDistributionStrategy(String value) {
            this.recordDistributionStrategy = value;
            return this;
        }

        public Builder deletion(long requestedAtMillis, long goneAtMillis) {
            this.deleteRequestedAtMillis = requestedAtMillis;
            this.deletedAtMillis = goneAtMillis;
            return this;
        }

        public Builder streamMode(String value) {
            this.streamMode = value;
            return this;
        }

        public Builder retentionHours(int value) {
            this.retentionHours = value;
            return this;
        }

        public Builder encryption(String type, String key) {
            this.encryptionType = type;
            this.keyId = key;
            return this;
        }

        public Builder shardLevelMetrics(List<String> value) {
            this.shardLevelMetrics = value;
            return this;
        }

        public Builder tags(Map<String, String> value) {
            this.tags = value;
            return this;
        }

        public Builder maxRecordSizeKiB(int value) {
            this.maxRecordSizeKiB = value;
            return this;
        }

        public Builder shards(List<ShardMetadata> value) {
            this.shards = value;
            return this;
        }

        public Builder updatingUntil(Long millis) {
            this.updatingUntilMillis = millis;
            return this;
        }

        public Builder warmThroughputMiBps(int value) {
            this.warmThroughputMiBps = value;
            return this;
        }

        public Builder resourcePolicy(String value) {
            this.resourcePolicy = value;
            return this;
        }

        public Builder consumers(List<ConsumerMetadata> value) {
            this.consumers = value;
            return this;
        }

        public Builder shardCountUpdates(List<Long> value) {
            this.shardCountUpdatesMillis = value;
            return this;
        }

        public Builder modeSwitches(List<Long> value) {
            this.modeSwitchesMillis = value;
            return this;
        }

        public StreamMetadata build() {
            return new StreamMetadata(region, name, createdAtMillis, activeAtMillis, deleteRequestedAtMillis,
                    deletedAtMillis, streamMode, retentionHours, encryptionType, keyId, shardLevelMetrics, tags,
                    maxRecordSizeKiB, shards, updatingUntilMillis, warmThroughputMiBps, resourcePolicy, consumers,
                    shardCountUpdatesMillis, modeSwitchesMillis, recordDistributionStrategy);
        }
    }
}
