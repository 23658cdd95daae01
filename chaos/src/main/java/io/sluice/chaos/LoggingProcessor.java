package io.sluice.chaos;

import io.sluice.checkpoint.CheckpointStoreException;
import io.sluice.consumer.InitializationInput;
import io.sluice.consumer.KinesisClientRecord;
import io.sluice.consumer.LeaseLostInput;
import io.sluice.consumer.ProcessRecordsInput;
import io.sluice.consumer.ShardEndedInput;
import io.sluice.consumer.ShardRecordProcessor;
import io.sluice.consumer.ShutdownRequestedInput;
import java.nio.charset.StandardCharsets;

/**
 * Logs every delivered record and checkpoints at most once a second, after the records are in the log, as an
 * application that must not lose what it checkpointed would. One instance per shard, called by its shard thread.
 */
final class LoggingProcessor implements ShardRecordProcessor {

    private static final long CHECKPOINT_EVERY_NANOS = 1_000_000_000L;

    private final DeliveryLog log;
    private final WorkerStats stats;
    private String shardId;
    private long lastCheckpointNanos = System.nanoTime();
    private KinesisClientRecord last;

    LoggingProcessor(DeliveryLog log, WorkerStats stats) {
        this.log = log;
        this.stats = stats;
    }

    @Override
    public void initialize(InitializationInput input) {
        shardId = input.shardId();
        log.started(shardId, input.checkpoint());
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
        long slow = stats.takeSlowMillis();
        if (slow > 0) {
            try {
                Thread.sleep(slow); // the injected fault: a processor slower than the lease renewal time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ChaosWorkerMain.say("SLOWED " + slow + " " + shardId);
        }
        log.batch(shardId);
        for (KinesisClientRecord record : input.records()) {
            String data = new String(record.dataBytes(), StandardCharsets.UTF_8);
            int space = data.indexOf(' ');
            int end = data.indexOf(' ', space + 1);
            log.delivered(shardId, record.sequenceNumber(), record.subSequenceNumber(), data.substring(0, space),
                    Long.parseLong(data.substring(space + 1, end < 0 ? data.length() : end).trim()));
        }
        log.flush();
        last = input.records().get(input.records().size() - 1); // only once its records are in the log
        java.time.Instant arrived = input.records().get(0).approximateArrivalTimestamp();
        stats.batch(input.records().size(), input.millisBehindLatest(),
                arrived == null ? 0 : System.currentTimeMillis() - arrived.toEpochMilli());
        long now = System.nanoTime();
        if (now - lastCheckpointNanos >= CHECKPOINT_EVERY_NANOS) {
            try {
                input.checkpointer().checkpoint(last);
                log.checkpointed(shardId, last.sequenceNumber(), last.subSequenceNumber());
                lastCheckpointNanos = now;
            } catch (CheckpointStoreException e) {
                // Backend down or lease lost: the records are handled; a later batch checkpoints them (or the
                // next owner replays them). Throwing would deliver this batch again.
            }
        }
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        log.lost(shardId);
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        input.checkpointer().checkpoint();
        log.ended(shardId);
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        if (last != null) {
            input.checkpointer().checkpoint(last);
            log.checkpointed(shardId, last.sequenceNumber(), last.subSequenceNumber());
        }
        log.shutDown(shardId);
    }
}
