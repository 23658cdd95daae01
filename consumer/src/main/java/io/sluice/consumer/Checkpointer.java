package io.sluice.consumer;

import io.sluice.checkpoint.Checkpoint;

/**
 * Records a shard's progress in the lease table, as the KCL's {@code RecordProcessorCheckpointer} does, with the
 * same validation: a checkpoint never goes backwards and never passes the last record delivered to the processor;
 * at the end of a closed shard, {@link #checkpoint()} (or a checkpoint at its last record) writes
 * {@code SHARD_END}, which lets the shard's children start.
 *
 * <p><b>Threading.</b> Only the shard thread that received it may use it, during the processor call that
 * received it. Each call is one conditional write to DynamoDB and blocks until it is done.
 *
 * <p><b>Failures</b> (all unchecked): {@link io.sluice.checkpoint.LeaseLostException} when another worker took the
 * lease (fatal for this shard: the processor will get {@code leaseLost} and should stop);
 * {@link io.sluice.checkpoint.CheckpointStoreException} with {@code isRetriable()} true when DynamoDB could not be
 * reached or throttled past the retries (retry later); {@link IllegalArgumentException} for a position before the
 * last checkpoint or after the last delivered record; {@link IllegalStateException} once the processor's shard
 * was shut down.
 */
public interface Checkpointer {

    /** Checkpoints at the last record delivered (at {@code SHARD_END} when the shard ended). */
    void checkpoint();

    /** Checkpoints at this record: processing resumes after it. */
    void checkpoint(KinesisClientRecord record);

    /** Checkpoints at this sequence number (subsequence 0). */
    void checkpoint(String sequenceNumber);

    /** Checkpoints at this user record of an aggregate. */
    void checkpoint(String sequenceNumber, long subSequenceNumber);

    /** Prepares a checkpoint at the last record delivered, to be committed later. */
    PreparedCheckpointer prepareCheckpoint();

    /** Prepares a checkpoint at the last record delivered, with application state kept beside it. */
    PreparedCheckpointer prepareCheckpoint(byte[] applicationState);

    /** Prepares a checkpoint at this record. */
    PreparedCheckpointer prepareCheckpoint(KinesisClientRecord record);

    /** Prepares a checkpoint at this user record, with optional application state (may be {@code null}). */
    PreparedCheckpointer prepareCheckpoint(String sequenceNumber, long subSequenceNumber, byte[] applicationState);

    /** The last checkpoint written for this shard (by this worker or the one before). */
    Checkpoint lastCheckpoint();

    /** The last prepared, uncommitted checkpoint, or {@code null}. */
    Checkpoint pendingCheckpoint();
}
