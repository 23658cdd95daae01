package io.sluice.producer.internal;

import io.sluice.aggregation.HashKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * A stream's shards as ListShards gave them: the open shards sorted by hash key range, for routing by binary
 * search, and every shard's range (closed ones too), to judge where a record that landed on an unexpected shard
 * belongs.
 *
 * <p>Immutable and thread-safe.
 */
final class ShardMap {

    /** One shard's inclusive hash key range. */
    record Range(String shardId, HashKey start, HashKey end) {
        boolean holds(HashKey key) {
            return key.isWithin(start, end);
        }
    }

    private final Range[] open;
    private final Map<String, Range> all;

    private ShardMap(Range[] open, Map<String, Range> all) {
        this.open = open;
        this.all = all;
    }

    /** The map of the shards listed; open shards are those without an ending sequence number. */
    static ShardMap of(List<Shard> shards) {
        List<Range> open = new ArrayList<>();
        Map<String, Range> all = new HashMap<>();
        for (Shard shard : shards) {
            Range range = new Range(shard.shardId(),
                    HashKey.parseDecimal(shard.hashKeyRange().startingHashKey()),
                    HashKey.parseDecimal(shard.hashKeyRange().endingHashKey()));
            all.put(shard.shardId(), range);
            if (shard.sequenceNumberRange() == null || shard.sequenceNumberRange().endingSequenceNumber() == null) {
                open.add(range);
            }
        }
        open.sort(Comparator.comparing(Range::start));
        return new ShardMap(open.toArray(Range[]::new), Map.copyOf(all));
    }

    boolean hasOpenShards() {
        return open.length > 0;
    }

    /** The open shard whose range holds the key, or null in a gap (only while a stream is being resharded). */
    Range route(HashKey key) {
        int low = 0;
        int high = open.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            Range range = open[mid];
            if (key.compareTo(range.start()) < 0) {
                high = mid - 1;
            } else if (key.compareTo(range.end()) > 0) {
                low = mid + 1;
            } else {
                return range;
            }
        }
        return null;
    }

    /** Whether the shard is open in this map. */
    boolean isOpen(String shardId) {
        Range range = all.get(shardId);
        return range != null && route(range.start()) == range;
    }

    /** Any listed shard's range. */
    Optional<Range> range(String shardId) {
        return Optional.ofNullable(all.get(shardId));
    }
}
