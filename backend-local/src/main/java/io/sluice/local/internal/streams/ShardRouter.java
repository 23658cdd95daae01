package io.sluice.local.internal.streams;

import io.sluice.aggregation.HashKey;
import io.sluice.local.internal.storage.ShardMetadata;
import io.sluice.local.internal.storage.StreamMetadata;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the open shard whose hash key range holds a key, by binary search over the open shards sorted by their
 * starting key, or spreads records evenly for streams with AUTO record distribution. Immutable; rebuilt whenever
 * the stream's metadata changes.
 */
final class ShardRouter {

    private final HashKey[] starts;
    private final HashKey[] ends;
    private final int[] indexes;

    /** Whether the stream spreads records evenly (AUTO distribution) instead of routing by key. */
    private final boolean spreadEvenly;

    ShardRouter(StreamMetadata stream) {
        this.spreadEvenly = stream.recordDistributionStrategy().equals(StreamMetadata.AUTO_DISTRIBUTION);
        List<ShardMetadata> open = stream.shards().stream().filter(ShardMetadata::isOpen)
                .sorted(Comparator.comparing(s -> HashKey.parseDecimal(s.startingHashKey())))
                .toList();
        starts = new HashKey[open.size()];
        ends = new HashKey[open.size()];
        indexes = new int[open.size()];
        for (int i = 0; i < open.size(); i++) {
            starts[i] = HashKey.parseDecimal(open.get(i).startingHashKey());
            ends[i] = HashKey.parseDecimal(open.get(i).endingHashKey());
            indexes[i] = open.get(i).index();
        }
    }

    boolean spreadEvenly() {
        return spreadEvenly;
    }

    /** The open shard at {@code turn} in a round over all open shards, or -1 when there is none. */
    int spread(int turn) {
        return indexes.length == 0 ? -1 : indexes[Math.floorMod(turn, indexes.length)];
    }

    /** The index of the open shard holding {@code key}, or -1 when no open shard does (a stream being deleted). */
    int route(HashKey key) {
        int low = 0;
        int high = starts.length - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (starts[mid].compareTo(key) <= 0) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found >= 0 && key.compareTo(ends[found]) <= 0 ? indexes[found] : -1;
    }
}
