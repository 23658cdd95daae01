package io.sluice.consumer;

import io.sluice.checkpoint.Checkpoint;

/**
 * A checkpoint written as pending by {@link Checkpointer#prepareCheckpoint}: visible to the next holder of the
 * lease, and committed by {@link #checkpoint()}. Same threading and failures as {@link Checkpointer}.
 */
public interface PreparedCheckpointer {

    /**
     * The prepared position.
     *
     * @return the position {@link #checkpoint()} commits
     */
    Checkpoint pendingCheckpoint();

    /** Commits the prepared position as the checkpoint. */
    void checkpoint();
}
