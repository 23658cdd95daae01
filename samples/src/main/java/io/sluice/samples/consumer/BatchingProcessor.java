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
import java.util.List;
import java.util.function.Consumer;

/**
 * The template's record processor: cuts each delivery of a shard's records into batches of up to
 * {@code batchSize}, hands them in order to the business logic ({@code handler}: replace it with yours), and
 * checkpoints the last handled record once {@code checkpointInterval} has passed since the last checkpoint - so a
 * restart replays at most one interval of records. Batches never outlive a delivery: when the handler throws, the
 * consumer's failure policy delivers the same records again and they are cut the same way. At a graceful shutdown
 * it checkpoints the last record it handled; at a shard's end, the end. One per shard; not thread-safe (the
 * consumer calls it from one thread at a time).
 */
public class BatchingProcessor implements ShardRecordProcessor {

    private final Consumer<List<KinesisClientRecord>> handler;
    private final int batchSize;
    private final Duration checkpointInterval;
    private final Clock clock;
    private long lastCheckpoint;
    private KinesisClientRecord lastHandled;
    private KinesisClientRecord lastCheckpointed;

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
        List<KinesisClientRecord> records = input.records();
        for (int from = 0; from < records.size(); from += batchSize) {
            List<KinesisClientRecord> batch = records.subList(from, Math.min(records.size(), from + batchSize));
            handler.accept(List.copyOf(batch));
            lastHandled = batch.get(batch.size() - 1);
        }
        if (lastHandled != null && lastHandled != lastCheckpointed
                && clock.millis() - lastCheckpoint >= checkpointInterval.toMillis()) {
            input.checkpointer().checkpoint(lastHandled);
            lastCheckpointed = lastHandled;
            lastCheckpoint = clock.millis();
        }
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        // Another worker owns the shard now; it goes on from the last checkpoint.
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        // Every record of the shard was delivered and handled (a failed batch would have stopped the shard).
        input.checkpointer().checkpoint();
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        if (lastHandled != null && lastHandled != lastCheckpointed) {
            input.checkpointer().checkpoint(lastHandled);
        }
    }
}
