package io.sluice.consumer;

/**
 * The application's code for one shard, as in the KCL: one instance per shard lease a worker holds, created by
 * the {@link ShardRecordProcessorFactory} when the worker starts processing the shard.
 *
 * <p><b>Threading.</b> Every method of one instance is called by the same shard thread
 * ({@code sluice-shard-<shardId>}), one call at a time, in this order: {@link #initialize} once, then
 * {@link #processRecords} for each batch in shard order, then exactly one of {@link #leaseLost},
 * {@link #shardEnded} or {@link #shutdownRequested}. Instances need no synchronisation of their own; different
 * shards' instances run concurrently. A method may block (a slow call holds only its shard back, and the lease
 * stays renewed meanwhile), may checkpoint through the {@link Checkpointer} it was given, and must not keep that
 * checkpointer past its last call.
 *
 * <p><b>Failures.</b> An exception thrown from {@link #processRecords} is never swallowed: the worker retries
 * the same batch and then applies the configured {@link FailurePolicy} (stop the shard, or give the batch to a
 * dead-letter handler and go on). An exception from the other methods is logged and counted; from
 * {@link #shardEnded} it leaves the shard unfinished, so that it is retried later.
 */
public interface ShardRecordProcessor {

    /**
     * Called once before any records, with the position processing resumes from.
     *
     * @param input the shard and its checkpoints
     */
    void initialize(InitializationInput input);

    /**
     * Called with each batch of user records (deaggregated, in shard order, never at or below the checkpoint the
     * shard resumed from). Checkpoint through {@code input.checkpointer()} when the batch's effects are durable.
     *
     * @param input the batch, how far behind it is, and the checkpointer
     */
    void processRecords(ProcessRecordsInput input);

    /**
     * Called when another worker took the lease (or it could not be renewed in time). Checkpointing is no longer
     * possible: clean up only.
     *
     * @param input the shard that was lost
     */
    void leaseLost(LeaseLostInput input);

    /**
     * Called when every record of a closed shard was delivered. The processor must checkpoint
     * ({@code input.checkpointer().checkpoint()}, which writes {@code SHARD_END}); until it does, the shard's
     * children do not start.
     *
     * @param input the shard and the checkpointer to write {@code SHARD_END} with
     */
    void shardEnded(ShardEndedInput input);

    /**
     * Called when the worker shuts down gracefully: checkpoint what is done, so the worker that takes the lease
     * next starts right after it. The lease is released when this returns.
     *
     * @param input the shard and its checkpointer
     */
    void shutdownRequested(ShutdownRequestedInput input);
}
