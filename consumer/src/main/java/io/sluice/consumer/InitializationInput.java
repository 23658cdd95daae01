package io.sluice.consumer;

import io.sluice.checkpoint.Checkpoint;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ShardRecordProcessor#initialize} receives. Immutable and thread-safe.
 *
 * @param shardId the shard this processor will see
 * @param checkpoint where processing resumes: the last checkpoint, or the initial position's sentinel
 * @param pendingCheckpoint a checkpoint prepared (and not committed) by the previous holder, or {@code null}
 * @param pendingCheckpointState the application state prepared with it, or {@code null}
 */
public record InitializationInput(String shardId, Checkpoint checkpoint, Checkpoint pendingCheckpoint,
        byte[] pendingCheckpointState) {

    /**
     * Checks and copies the values.
     *
     * @param shardId the shard this processor will see
     * @param checkpoint where processing resumes: the last checkpoint, or the initial position's sentinel
     * @param pendingCheckpoint a checkpoint prepared (and not committed) by the previous holder, or {@code null}
     * @param pendingCheckpointState the application state prepared with it, or {@code null}
     * @throws NullPointerException when the shard id or the checkpoint is {@code null}
     */
    public InitializationInput {
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(checkpoint, "checkpoint");
        pendingCheckpointState = pendingCheckpointState == null ? null : pendingCheckpointState.clone();
    }

    /**
     * The pending checkpoint, if the previous holder left one.
     *
     * @return the pending checkpoint, or empty
     */
    public Optional<Checkpoint> pendingCheckpointIfAny() {
        return Optional.ofNullable(pendingCheckpoint);
    }

    /**
     * The application state prepared with the pending checkpoint.
     *
     * @return a copy of the state, or {@code null}
     */
    @Override
    public byte[] pendingCheckpointState() {
        return pendingCheckpointState == null ? null : pendingCheckpointState.clone();
    }
}
