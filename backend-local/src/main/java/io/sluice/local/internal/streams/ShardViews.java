package io.sluice.local.internal.streams;

import io.sluice.local.internal.storage.ShardMetadata;
import io.sluice.local.internal.streams.model.Shapes;
import io.sluice.local.internal.streams.model.Shapes.HashKeyRange;
import io.sluice.local.internal.streams.model.Shapes.SequenceNumberRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Shards as DescribeStream and ListShards show them. Stateless. */
final class ShardViews {

    private ShardViews() {
    }

    /** The stream's shards, by index, leaving out closed shards whose records have all expired. */
    static List<ShardMetadata> unexpired(Stream stream, long nowMillis) {
        long horizon = nowMillis - Duration.ofHours(stream.metadata().retentionHours()).toMillis();
        List<ShardMetadata> out = new ArrayList<>();
        for (ShardMetadata shard : stream.metadata().shards()) {
            if (shard.isOpen() || shard.closedAtMillis() >= horizon) {
                out.add(shard);
            }
        }
        return out;
    }

    static List<Shapes.Shard> shapes(Stream stream, List<ShardMetadata> shards) {
        List<Shapes.Shard> out = new ArrayList<>(shards.size());
        for (ShardMetadata shard : shards) {
            out.add(shape(stream, shard));
        }
        return out;
    }

    static Shapes.Shard shape(Stream stream, ShardMetadata shard) {
        // The starting number is below every record's; a closed shard ends at its last record (at the start when
        // it has none, like a shard that existed only between two steps of UpdateShardCount).
        String starting = stream.sequenceNumber(shard.index(), -1);
        String ending = shard.isOpen() ? null : stream.sequenceNumber(shard.index(), shard.endingPosition() - 1);
        return new Shapes.Shard(ShardIds.format(shard.index()), shard.parentShardId(),
                shard.adjacentParentShardId(), new HashKeyRange(shard.startingHashKey(), shard.endingHashKey()),
                new SequenceNumberRange(starting, ending));
    }
}
