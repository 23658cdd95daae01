package io.sluice.consumer.internal;

import io.sluice.checkpoint.Checkpoint;
import io.sluice.checkpoint.CheckpointStoreException;
import io.sluice.checkpoint.Lease;
import io.sluice.checkpoint.LeaseLostException;
import io.sluice.consumer.DeadLetterHandler;
import io.sluice.consumer.FailurePolicy;
import io.sluice.consumer.InitializationInput;
import io.sluice.consumer.KinesisClientRecord;
import io.sluice.consumer.LeaseLostInput;
import io.sluice.consumer.ProcessRecordsInput;
import io.sluice.consumer.ShardEndedInput;
import io.sluice.consumer.ShardRecordProcessor;
import io.sluice.consumer.ShutdownRequestedInput;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.ChildShard;

/**
 * Processes one leased shard on a thread of its own ({@code sluice-shard-<shardId>}): waits for the parents to
 * finish, creates and initializes the processor, hands it every batch the fetcher brings (deaggregated and
 * filtered), applies the failure policy, and ends in exactly one of shardEnded (then writes the children's leases
 * and releases its finished lease), shutdownRequested (then releases the lease), leaseLost, or nothing at all
 * when the worker is halted.
 *
 * <p>Thread-safety: the run loop and every processor call are on the shard thread; {@link #requestShutdown},
 * {@link #leaseLost} and {@link #halt} come from other threads and only set volatile flags and wake the loop.
 */
final class ShardConsumer implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardConsumer.class);
    private static final long POLL_MILLIS = 100;

    /** How a shard consumer finished, for the lease coordinator. */
    enum Outcome {
        /** The lease was released (shard finished, or graceful shutdown). */
        RELEASED,
        /** The lease was lost to another worker. */
        LOST,
        /** Processing was stopped by the failure policy; the lease was released and should cool down. */
        FAILED,
        /** The worker was halted; the lease was left as it was. */
        HALTED
    }

    /** Receives the outcome when the shard thread finishes. */
    interface Listener {
        void finished(ShardConsumer consumer, Outcome outcome);
    }

    private final HeldLease held;
    private final WorkerContext context;
    private final Listener listener;
    private final PrefetchBuffer buffer;
    private final CountDownLatch wakeUp = new CountDownLatch(1);
    private volatile ShardState state = ShardState.WAITING_ON_PARENTS;
    private volatile boolean shutdownRequested;
    private volatile boolean halted;
    private RecordFetcher fetcher;
    private ShardRecordProcessor processor;
    private ShardCheckpointer checkpointer;
    /** Whether the processor got its last call (shardEnded, shutdownRequested or leaseLost). Shard thread only. */
    private boolean finalCallMade;

    ShardConsumer(HeldLease held, WorkerContext context, Listener listener) {
        this.held = held;
        this.context = context;
        this.listener = listener;
        this.buffer = new PrefetchBuffer(context.config().maxPrefetchRecords(), context.config().maxPrefetchBytes());
    }

    String shardId() {
        return held.shardId();
    }

    HeldLease heldLease() {
        return held;
    }

    ShardState state() {
        return state;
    }

    void requestShutdown() {
        shutdownRequested = true;
        wake();
    }

    /** The lease was found lost (the coordinator marked it): stop after the current call. */
    void leaseLost() {
        wake();
    }

    /** Stops at once without calling the processor again or touching the lease, as a crash would. */
    void halt() {
        halted = true;
        wake();
    }

    private void wake() {
        wakeUp.countDown();
        buffer.wake();
    }

    @Override
    public void run() {
        Outcome outcome = Outcome.HALTED;
        context.metrics().shardStarted(shardId());
        try {
            outcome = runStates();
        } catch (RuntimeException | Error e) {
            LOG.error("Shard consumer {} failed", shardId(), e);
            outcome = releaseAfterFailure();
        } finally {
            if (fetcher != null) {
                fetcher.close();
            }
            if (checkpointer != null) {
                checkpointer.close();
            }
            move(ShardState.STOPPED);
            context.metrics().shardStopped(shardId());
            listener.finished(this, outcome);
        }
    }

    private Outcome runStates() {
        if (!awaitParents()) {
            return stopReason();
        }
        move(ShardState.INITIALIZING);
        Lease lease = held.lease();
        processor = context.processorFactory().shardRecordProcessor();
        checkpointer = new ShardCheckpointer(held, context.metrics());
        processor.initialize(new InitializationInput(shardId(), lease.checkpoint(), lease.pendingCheckpoint(),
                lease.pendingCheckpointState()));
        RecordConverter converter = new RecordConverter(lease.startingHashKey(), lease.endingHashKey(),
                lease.checkpoint());
        fetcher = context.newFetcher(shardId());
        fetcher.start(StartPosition.resumeFrom(lease.checkpoint(), context.atTimestamp()), buffer);
        move(ShardState.PROCESSING);
        while (true) {
            Optional<Outcome> stop = checkStop();
            if (stop.isPresent()) {
                return stop.get();
            }
            FetchedBatch batch;
            try {
                batch = buffer.poll(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.HALTED;
            }
            if (batch == null) {
                continue;
            }
            context.metrics().millisBehindLatest(shardId(), batch.millisBehindLatest());
            List<KinesisClientRecord> records = converter.convert(batch.records());
            if (!records.isEmpty()) {
                checkpointer.delivered(records.get(records.size() - 1), batch.isShardEnd());
                Optional<Outcome> failed = deliver(records, batch);
                if (failed.isPresent()) {
                    return failed.get();
                }
            }
            if (batch.isShardEnd()) {
                return endShard(batch.childShards());
            }
        }
    }

    /** Waits until every parent's lease is finished or gone; false when told to stop meanwhile. */
    private boolean awaitParents() {
        for (String parent : held.lease().parentShardIds()) {
            while (true) {
                if (halted || held.isLost() || shutdownRequested) {
                    return false;
                }
                Optional<Lease> parentLease = context.store().get(parent);
                if (parentLease.isEmpty() || parentLease.get().checkpoint().isShardEnd()) {
                    break;
                }
                if (pause(context.config().takeInterval().toMillis())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The outcome when stopping before the processor was initialized: nothing to call. */
    private Outcome stopReason() {
        if (halted) {
            return Outcome.HALTED;
        }
        if (held.isLost()) {
            return Outcome.LOST;
        }
        releaseQuietly();
        return Outcome.RELEASED;
    }

    private Optional<Outcome> checkStop() {
        if (halted) {
            return Optional.of(Outcome.HALTED);
        }
        if (held.isLost()) {
            callLeaseLost();
            return Optional.of(Outcome.LOST);
        }
        if (shutdownRequested) {
            move(ShardState.SHUTTING_DOWN);
            finalCallMade = true;
            try {
                processor.shutdownRequested(new ShutdownRequestedInput(shardId(), checkpointer));
            } catch (LeaseLostException e) {
                return Optional.of(Outcome.LOST);
            } catch (RuntimeException e) {
                LOG.error("shutdownRequested of {} threw; releasing the lease anyway", shardId(), e);
            }
            checkpointer.close();
            releaseQuietly();
            return Optional.of(Outcome.RELEASED);
        }
        return Optional.empty();
    }

    /** Hands a batch to the processor under the failure policy; an outcome when the shard must stop. */
    private Optional<Outcome> deliver(List<KinesisClientRecord> records, FetchedBatch batch) {
        FailurePolicy policy = context.config().failurePolicy();
        ProcessRecordsInput input = new ProcessRecordsInput(records, batch.millisBehindLatest(), batch.fetchedAt(),
                checkpointer);
        long bytes = 0;
        for (KinesisClientRecord record : records) {
            bytes += record.data().remaining();
        }
        for (int attempt = 1; ; attempt++) {
            Instant started = context.clock().instant();
            try {
                processor.processRecords(input);
                context.metrics().processed(records.size(), bytes,
                        Duration.between(started, context.clock().instant()));
                return Optional.empty();
            } catch (LeaseLostException e) {
                callLeaseLost();
                return Optional.of(Outcome.LOST);
            } catch (RuntimeException e) {
                context.metrics().processingFailed();
                if (halted) {
                    return Optional.of(Outcome.HALTED);
                }
                if (held.isLost()) {
                    callLeaseLost();
                    return Optional.of(Outcome.LOST);
                }
                if (attempt >= policy.maxAttempts()) {
                    return giveUp(records, e, policy.deadLetterHandler());
                }
                LOG.warn("processRecords of {} threw (attempt {} of {}); retrying the same {} records",
                        shardId(), attempt, policy.maxAttempts(), records.size(), e);
                long wait = context.processingBackoff().delayMillis(attempt);
                if (pause(wait)) {
                    // Told to stop while waiting: the loop's next check says how.
                    return checkStop();
                }
            }
        }
    }

    private Optional<Outcome> giveUp(List<KinesisClientRecord> records, RuntimeException failure,
            DeadLetterHandler deadLetter) {
        if (deadLetter != null) {
            try {
                deadLetter.deadLetter(shardId(), records, failure);
                context.metrics().deadLettered(records.size());
                LOG.error("processRecords of {} kept failing; {} records went to the dead-letter handler",
                        shardId(), records.size(), failure);
                return Optional.empty();
            } catch (RuntimeException handlerFailure) {
                LOG.error("The dead-letter handler failed for {}; stopping the shard", shardId(), handlerFailure);
            }
        } else {
            LOG.error("processRecords of {} kept failing; stopping the shard and releasing its lease, so that it "
                    + "resumes from its last checkpoint {}", shardId(), checkpointer.last(), failure);
        }
        return Optional.of(releaseAfterFailure());
    }

    private Outcome releaseAfterFailure() {
        if (halted) {
            return Outcome.HALTED;
        }
        boolean wasHeld = releaseQuietly();
        if (processor != null && !finalCallMade) {
            callLeaseLost();
        }
        return wasHeld ? Outcome.FAILED : Outcome.LOST;
    }

    private Outcome endShard(List<ChildShard> children) {
        move(ShardState.ENDING);
        context.syncer().createChildren(children);
        held.recordChildren(children.stream().map(ChildShard::shardId)
                .collect(java.util.stream.Collectors.toSet()));
        checkpointer.shardEnded();
        finalCallMade = true;
        try {
            processor.shardEnded(new ShardEndedInput(shardId(), checkpointer));
        } catch (LeaseLostException e) {
            return Outcome.LOST;
        } catch (RuntimeException e) {
            LOG.error("shardEnded of {} threw; the shard stays unfinished and will be retried", shardId(), e);
            return releaseAfterFailure();
        }
        if (!checkpointer.last().isShardEnd()) {
            LOG.error("The processor of {} did not checkpoint at shard end; its children cannot start until it "
                    + "does. The shard will be retried.", shardId());
            return releaseAfterFailure();
        }
        checkpointer.close();
        releaseQuietly();
        return Outcome.RELEASED;
    }

    /** Releases the lease; a failure to do so only delays the next owner until the lease expires. */
    private boolean releaseQuietly() {
        try {
            boolean released = held.release();
            context.leasesChanged();
            return released;
        } catch (RuntimeException e) {
            LOG.warn("Releasing {} failed; another worker takes it once it expires: {}", shardId(), e.toString());
            return false;
        }
    }

    private void callLeaseLost() {
        finalCallMade = true;
        if (checkpointer != null) {
            checkpointer.close();
        }
        try {
            processor.leaseLost(new LeaseLostInput(shardId()));
        } catch (RuntimeException e) {
            LOG.warn("leaseLost of {} threw", shardId(), e);
        }
    }

    /** Waits, waking early when told to stop; true when it was told to stop. */
    private boolean pause(long millis) {
        try {
            wakeUp.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            halted = true;
        }
        return halted || held.isLost() || shutdownRequested;
    }

    private void move(ShardState next) {
        ShardState current = state;
        if (current == next) {
            return;
        }
        if (!current.canMoveTo(next)) {
            throw new IllegalStateException("Shard " + shardId() + " cannot go from " + current + " to " + next);
        }
        state = next;
    }

    Checkpoint lastCheckpoint() {
        return checkpointer == null ? held.lease().checkpoint() : checkpointer.last();
    }
}
