package io.sluice.local.internal.storage;

/**
 * What the backend keeps about one shard besides its records. Immutable.
 *
 * @param index the number in the shard id {@code shardId-%012d}, unique within the stream
 * @param startingHashKey the lowest hash key routed to the shard, decimal
 * @param endingHashKey the highest hash key routed to the shard, decimal
 * @param parentShardId the shard this one was split or merged from, or {@code null}
 * @param adjacentParentShardId the other parent of a merge, or {@code null}
 * @param createdAtMillis when the shard opened
 * @param closedAtMillis when the shard closed (resharding), or {@code null} while it is open
 * @param endingPosition the position one past its last record once closed, or {@code null}
 */
public record ShardMetadata(int index, String startingHashKey, String endingHashKey, String parentShardId,
        String adjacentParentShardId, long createdAtMillis, Long closedAtMillis, Long endingPosition) {

    public boolean isOpen() {
        return closedAtMillis == null;
    }
}
