package io.sluice.samples.consumer;

import io.sluice.consumer.InitializationInput;
import io.sluice.consumer.KinesisClientRecord;
import io.sluice.consumer.LeaseLostInput;
import io.sluice.consumer.ProcessRecordsInput;
import io.sluice.consumer.ShardEndedInput;
import io.sluice.consumer.ShardRecordProcessor;
import io.sluice.consumer.ShutdownRequestedInput;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The template's record processor: collects a shard's records into batches of up to {@code batchSize}, hands each
 * full batch to the business logic ({@code handler}: replace it with yours), and checkpoints after a batch was
 * handled once {@code checkpointInterval} has passed since the last checkpoint - so a restart replays at most one
 * interval of records. At shard end and at a graceful shutdown it handles what it holds and checkpoints. One per
 * shard; not thread-safe (the consumer calls it from one thread at a time).
 */
public class BatchingProcessor implements ShardRecordProcessor {

    private final Consumer<List<KinesisClientRecord>> handler;
    private final int batchSize;
    private final Duration checkpointInterval;
    private final Clock clock;
    private final List<KinesisClientRecord> batch = new ArrayList<>();
    private long lastCheckpoint;

    /**
     * @param handler the business logic, given each batch of one shard in order
     * @param batchSize the most records in a batch
     * @param checkpointInterval the least time between checkpoints
     * @param clock the clock the interval is measured on
     */
    public BatchingProcessor(Consumer<List<KinesisClientRecord>> handler, int batchSize, Duration checkpointInterval,
            Clock clock) {
        this.handler = handler;
        this.batchSize = batchSize;
        this.checkpointInterval = checkpointInterval;
        this.clock = clock;
    }

    @Override
    public void initialize(InitializationInput input) {
        lastCheckpoint = clock.millis();
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
        KinesisClientRecord last = null;
        for (KinesisClientRecord record : input.records()) {
            batch.add(record);
            last = record;
            if (batch.size() >= batchSize) {
                handle();
            }
        }
        // What is still in the batch is handled at once too: a template should not sit on records.
        handle();
        if (last != null && clock.millis() - lastCheckpoint >= checkpointInterval.toMillis()) {
            input.checkpointer().checkpoint(last);
            lastCheckpoint = clock.millis();
        }
    }

    private void handle() {
        if (!batch.isEmpty()) {
            handler.accept(List.copyOf(batch));
            batch.clear();
        }
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        // Another worker owns the shard now: drop what is held, it will be read there again.
        batch.clear();
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        handle();
        input.checkpointer().checkpoint();
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        handle();
        input.checkpointer().checkpoint();
    }
}
