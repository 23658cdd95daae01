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

    /**
     * Checkpoints at this record: processing resumes after it.
     *
     * @param record a record delivered to the processor, not before the last checkpoint
     */
    void checkpoint(KinesisClientRecord record);

    /**
     * Checkpoints at this sequence number (subsequence 0).
     *
     * @param sequenceNumber a sequence number of this shard, not before the last checkpoint nor after the last
     *     record delivered
     */
    void checkpoint(String sequenceNumber);

    /**
     * Checkpoints at this user record of an aggregate.
     *
     * @param sequenceNumber the aggregate's sequence number
     * @param subSequenceNumber the user record's index in the aggregate
     */
    void checkpoint(String sequenceNumber, long subSequenceNumber);

    /**
     * Prepares a checkpoint at the last record delivered, to be committed later.
     *
     * @return the prepared checkpoint, already written to the lease as pending
     */
    PreparedCheckpointer prepareCheckpoint();

    /**
     * Prepares a checkpoint at the last record delivered, with application state kept beside it.
     *
     * @param applicationState bytes kept with the pending checkpoint (may be {@code null})
     * @return the prepared checkpoint, already written to the lease as pending
     */
    PreparedCheckpointer prepareCheckpoint(byte[] applicationState);

    /**
     * Prepares a checkpoint at this record.
     *
     * @param record a record delivered to the processor
     * @return the prepared checkpoint, already written to the lease as pending
     */
    PreparedCheckpointer prepareCheckpoint(KinesisClientRecord record);

    /**
     * Prepares a checkpoint at this user record, with optional application state.
     *
     * @param sequenceNumber the record's (or its aggregate's) sequence number
     * @param subSequenceNumber the user record's index in its aggregate (0 for a plain record)
     * @param applicationState bytes kept with the pending checkpoint (may be {@code null})
     * @return the prepared checkpoint, already written to the lease as pending
     */
    PreparedCheckpointer prepareCheckpoint(String sequenceNumber, long subSequenceNumber, byte[] applicationState);

    /**
     * The last checkpoint written for this shard (by this worker or the one before).
     *
     * @return the checkpoint, as known when the lease was taken or last checkpointed here
     */
    Checkpoint lastCheckpoint();

    /**
     * The last prepared, uncommitted checkpoint.
     *
     * @return the pending checkpoint, or {@code null} when there is none
     */
    Checkpoint pendingCheckpoint();
}
