package io.sluice.local.internal.streams;

import io.sluice.local.internal.storage.ShardMetadata;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * The shard topology changes of SplitShard, MergeShards and UpdateShardCount, as pure functions from a stream's
 * shards to its new shards. A closed parent keeps its records and gets the position one past its last record;
 * children get the next free indexes and name their parents. Validation of the request happens before; these
 * functions assume a valid change. Stateless.
 */
final class Resharding {

    private Resharding() {
    }

    /**
     * Closes shard {@code parent} and opens two children: {@code [start, newStart - 1]} and
     * {@code [newStart, end]}, in that order.
     */
    static List<ShardMetadata> split(List<ShardMetadata> shards, int parent, BigInteger newStart, long nowMillis,
            IntToLongFunction endPosition) {
        List<ShardMetadata> out = new ArrayList<>(shards);
        ShardMetadata closing = out.get(parent);
        out.set(parent, close(closing, nowMillis, endPosition));
        String parentId = ShardIds.format(parent);
        out.add(new ShardMetadata(out.size(), closing.startingHashKey(), newStart.subtract(BigInteger.ONE).toString(),
                parentId, null, nowMillis, null, null));
        out.add(new ShardMetadata(out.size(), newStart.toString(), closing.endingHashKey(), parentId, null, nowMillis,
                null, null));
        return out;
    }

    /**
     * Closes shards {@code shard} and {@code adjacent} (whose hash ranges touch) and opens one child covering
     * both, with {@code shard} as its parent and {@code adjacent} as its adjacent parent.
     */
    static List<ShardMetadata> merge(List<ShardMetadata> shards, int shard, int adjacent, long nowMillis,
            IntToLongFunction endPosition) {
        List<ShardMetadata> out = new ArrayList<>(shards);
        ShardMetadata a = out.get(shard);
        ShardMetadata b = out.get(adjacent);
        out.set(shard, close(a, nowMillis, endPosition));
        out.set(adjacent, close(b, nowMillis, endPosition));
        boolean aFirst = start(a).compareTo(start(b)) < 0;
        String start = aFirst ? a.startingHashKey() : b.startingHashKey();
        String end = aFirst ? b.endingHashKey() : a.endingHashKey();
        out.add(new ShardMetadata(out.size(), start, end, ShardIds.format(shard), ShardIds.format(adjacent),
                nowMillis, null, null));
        return out;
    }

    /** Whether two shards' hash ranges touch with no gap. */
    static boolean adjacent(ShardMetadata a, ShardMetadata b) {
        return end(a).add(BigInteger.ONE).equals(start(b)) || end(b).add(BigInteger.ONE).equals(start(a));
    }

    /**
     * Reshapes the open shards into {@code target} shards with even hash ranges, as a series of splits and then
     * merges, which is how Kinesis does it too: every child then has at most two parents, and shards that exist
     * only between two steps are created and closed at once, holding no records.
     */
    static List<ShardMetadata> uniform(List<ShardMetadata> shards, int target, long nowMillis,
            IntToLongFunction endPosition) {
        List<ShardMetadata> out = new ArrayList<>(shards);
        // Intermediate shards have no records; the end position of anything created here is 0.
        int existing = shards.size();
        IntToLongFunction ends = index -> index < existing ? endPosition.applyAsLong(index) : 0;
        // Each new boundary is the even one, unless an existing boundary is next to it: 2^128 does not divide
        // evenly, so the even boundaries of 3 and of 6 shards differ by one key, and splitting there would leave
        // a shard one key wide.
        BigInteger tolerance = new BigInteger(HashRanges.evenSplit(0, target).end()).shiftRight(20);
        List<BigInteger> boundaries = new ArrayList<>(target + 1);
        boundaries.add(BigInteger.ZERO);
        for (int i = 1; i < target; i++) {
            BigInteger ideal = new BigInteger(HashRanges.evenSplit(i, target).start());
            ShardMetadata holder = openHolding(out, ideal);
            BigInteger boundary;
            if (ideal.subtract(start(holder)).compareTo(tolerance) <= 0) {
                boundary = start(holder);
            } else if (end(holder).add(BigInteger.ONE).subtract(ideal).compareTo(tolerance) <= 0) {
                boundary = end(holder).add(BigInteger.ONE);
            } else {
                boundary = ideal;
                out = split(out, holder.index(), boundary, nowMillis, ends);
            }
            boundaries.add(boundary);
        }
        boundaries.add(BigInteger.ONE.shiftLeft(128));
        for (int i = 0; i < target; i++) {
            BigInteger from = boundaries.get(i);
            BigInteger to = boundaries.get(i + 1).subtract(BigInteger.ONE);
            List<ShardMetadata> pieces = openWithin(out, from, to);
            while (pieces.size() > 1) {
                out = merge(out, pieces.get(0).index(), pieces.get(1).index(), nowMillis, ends);
                pieces = openWithin(out, from, to);
            }
        }
        return out;
    }

    private static ShardMetadata close(ShardMetadata shard, long nowMillis, IntToLongFunction endPosition) {
        return new ShardMetadata(shard.index(), shard.startingHashKey(), shard.endingHashKey(), shard.parentShardId(),
                shard.adjacentParentShardId(), shard.createdAtMillis(), nowMillis,
                endPosition.applyAsLong(shard.index()));
    }

    private static ShardMetadata openHolding(List<ShardMetadata> shards, BigInteger key) {
        for (ShardMetadata shard : shards) {
            if (shard.isOpen() && start(shard).compareTo(key) <= 0 && end(shard).compareTo(key) >= 0) {
                return shard;
            }
        }
        throw new IllegalStateException("No open shard holds hash key " + key);
    }

    private static List<ShardMetadata> openWithin(List<ShardMetadata> shards, BigInteger from, BigInteger to) {
        return shards.stream()
                .filter(s -> s.isOpen() && start(s).compareTo(from) >= 0 && end(s).compareTo(to) <= 0)
                .sorted(Comparator.comparing(Resharding::start))
                .toList();
    }

    static BigInteger start(ShardMetadata shard) {
        return new BigInteger(shard.startingHashKey());
    }

    static BigInteger end(ShardMetadata shard) {
        return new BigInteger(shard.endingHashKey());
    }
}
