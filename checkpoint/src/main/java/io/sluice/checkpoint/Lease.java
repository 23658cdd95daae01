package io.sluice.checkpoint;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One shard's lease as the table holds it, in the KCL 2.x layout: who owns it, its counter (moved by every
 * renewal and change, so others can tell a live owner from a dead one), its checkpoint and pending checkpoint,
 * and the shard's place in the resharding tree.
 *
 * <p>Immutable and thread-safe. {@link LeaseStore}'s changes return the lease as written.
 *
 * @param leaseKey the shard id (the table's hash key)
 * @param owner the worker holding it, or {@code null} when nobody does
 * @param counter the lease counter; every conditional write expects it and moves it
 * @param checkpoint where processing has reached
 * @param pendingCheckpoint a prepared checkpoint not committed yet, or {@code null}
 * @param pendingCheckpointState the application's state prepared with it, or {@code null}
 * @param ownerSwitchesSinceCheckpoint how many times the owner changed since the last checkpoint
 * @param parentShardIds the shards this one came from (empty for an original shard)
 * @param childShardIds the shards this one split or merged into, once known
 * @param startingHashKey the shard's first hash key, decimal, or {@code null} when not recorded
 * @param endingHashKey the shard's last hash key, decimal, or {@code null} when not recorded
 */
public record Lease(String leaseKey, String owner, long counter, Checkpoint checkpoint, Checkpoint pendingCheckpoint,
        byte[] pendingCheckpointState, long ownerSwitchesSinceCheckpoint, Set<String> parentShardIds,
        Set<String> childShardIds, String startingHashKey, String endingHashKey) {

    /**
     * Copies the sets and the state, so the lease stays immutable.
     *
     * @param leaseKey the shard id (the table's hash key)
     * @param owner the worker holding it, or {@code null} when nobody does
     * @param counter the lease counter; every conditional write expects it and moves it
     * @param checkpoint where processing has reached
     * @param pendingCheckpoint a prepared checkpoint not committed yet, or {@code null}
     * @param pendingCheckpointState the application's state prepared with it, or {@code null}
     * @param ownerSwitchesSinceCheckpoint how many times the owner changed since the last checkpoint
     * @param parentShardIds the shards this one came from (empty for an original shard)
     * @param childShardIds the shards this one split or merged into, once known
     * @param startingHashKey the shard's first hash key, decimal, or {@code null} when not recorded
     * @param endingHashKey the shard's last hash key, decimal, or {@code null} when not recorded
     */
    public Lease {
        Objects.requireNonNull(leaseKey, "leaseKey");
        Objects.requireNonNull(checkpoint, "checkpoint");
        parentShardIds = Set.copyOf(parentShardIds);
        childShardIds = Set.copyOf(childShardIds);
        pendingCheckpointState = pendingCheckpointState == null ? null : pendingCheckpointState.clone();
    }

    /**
     * A new, unowned lease for a shard, starting at the given position.
     *
     * @param shardId the shard (the lease key)
     * @param start where processing starts
     * @param parentShardIds the shards it came from
     * @param startingHashKey its first hash key, decimal, or {@code null}
     * @param endingHashKey its last hash key, decimal, or {@code null}
     * @return the lease
     */
    public static Lease forShard(String shardId, Checkpoint start, Set<String> parentShardIds,
            String startingHashKey, String endingHashKey) {
        return new Lease(shardId, null, 0, start, null, null, 0, parentShardIds, Set.of(), startingHashKey,
                endingHashKey);
    }

    /**
     * The owner, if any.
     *
     * @return the worker holding the lease, or empty
     */
    public Optional<String> ownerIfAny() {
        return Optional.ofNullable(owner);
    }

    /**
     * The application state of the pending checkpoint.
     *
     * @return a copy of it, or {@code null}
     */
    @Override
    public byte[] pendingCheckpointState() {
        return pendingCheckpointState == null ? null : pendingCheckpointState.clone();
    }
}
