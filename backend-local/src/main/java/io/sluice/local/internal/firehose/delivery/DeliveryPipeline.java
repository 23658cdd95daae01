package io.sluice.local.internal.firehose.delivery;

import io.sluice.local.internal.firehose.delivery.SourceRecord.KinesisOrigin;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery stream's way from accepted records to delivered objects: the ingest log (with a data directory),
 * the processors, dynamic partitioning, a buffer per destination and partition sealed by the size or interval
 * hint, and delivery with retries. Records are only acknowledged once logged; a record counts as done once
 * delivered, written to error output, or dropped by a transformation. Memory is bounded: past
 * {@link #MAX_PENDING_BYTES} of records not yet done, new records are refused (PutRecordBatch answers
 * ServiceUnavailableException for them) until deliveries catch up.
 *
 * <p>Thread-safe: API threads accept, the timer ticks, and work threads deliver.
 */
public final class DeliveryPipeline implements AutoCloseable {

    /** Bytes of accepted records not yet done past which new records are refused. */
    public static final long MAX_PENDING_BYTES = 256L * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(DeliveryPipeline.class);

    private final PipelineEnvironment env;
    private final IngestLog ingestLog;
    private final IngestTracker tracker;
    private final StreamMetrics metrics;
    private final ObjectDelivery delivery;
    private final TransformStage transforms;
    private final Object ingestLock = new Object();
    private final Object bufferLock = new Object();
    private final Map<BufferKey, ObjectBuffer> buffers = new HashMap<>();
    private final AtomicLong pendingBytes = new AtomicLong();
    private volatile DeliverySettings settings;
    private volatile boolean closed;

    /**
     * Starts a pipeline, replaying what the log still holds.
     *
     * @param ingestLog the write-ahead log, or {@code null} in memory
     */
    public DeliveryPipeline(DeliverySettings settings, IngestLog ingestLog, PipelineEnvironment env) {
        this.settings = settings;
        this.ingestLog = ingestLog;
        this.env = env;
        this.metrics = new StreamMetrics(env.meters(), settings.streamName());
        IngestLog.Recovered recovered = ingestLog == null ? new IngestLog.Recovered(List.of(), 0)
                : ingestLog.recover();
        this.tracker = new IngestTracker(recovered.nextSeq(), released -> pendingBytes.addAndGet(-released));
        this.delivery = new ObjectDelivery(env, metrics, this::advanceLog);
        this.transforms = new TransformStage(env, metrics, delivery, this::route);
        metrics.freshness("DeliveryToS3.DataFreshness", this, DeliveryPipeline::freshnessSeconds);
        replay(recovered.records());
    }

    /** The settings in force. */
    public DeliverySettings settings() {
        return settings;
    }

    /**
     * Accepts records sent with PutRecord or PutRecordBatch: logs them, then buffers them.
     *
     * @return their record ids, or {@code null} when the pipeline is full and none was taken
     */
    public List<String> accept(List<byte[]> records, long arrivalMillis, boolean batchCall) {
        List<SourceRecord> logged = take(records, arrivalMillis, null);
        if (logged == null) {
            metrics.throttledRecords.increment(records.size());
            return null;
        }
        metrics.incomingPutRequests.increment();
        if (batchCall) {
            metrics.putRecordBatchRecords.increment(records.size());
        }
        List<String> ids = new ArrayList<>(logged.size());
        for (SourceRecord record : logged) {
            ids.add(record.recordId());
        }
        return ids;
    }

    /**
     * Accepts records read from the source data stream (their arrival times and origins given).
     *
     * @return whether they were taken; when full, the reader tries again later
     */
    public boolean acceptFromStream(List<byte[]> records, List<Long> arrivals, List<KinesisOrigin> origins) {
        List<SourceRecord> staged = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            staged.add(new SourceRecord(-1, null, arrivals.get(i), records.get(i), origins.get(i)));
        }
        if (take(staged) == null) {
            return false;
        }
        long bytes = 0;
        for (byte[] record : records) {
            bytes += record.length;
        }
        metrics.readFromStreamRecords.increment(records.size());
        metrics.readFromStreamBytes.increment(bytes);
        return true;
    }

    /** Whether the pipeline has room for this many more bytes. */
    public boolean hasRoom(long bytes) {
        return pendingBytes.get() + bytes <= MAX_PENDING_BYTES;
    }

    private List<SourceRecord> take(List<byte[]> records, long arrivalMillis, KinesisOrigin origin) {
        List<SourceRecord> staged = new ArrayList<>(records.size());
        for (byte[] record : records) {
            staged.add(new SourceRecord(-1, null, arrivalMillis, record, origin));
        }
        return take(staged);
    }

    /** Numbers, logs, counts and buffers records; {@code null} when there is no room. */
    private List<SourceRecord> take(List<SourceRecord> staged) {
        if (closed || staged.isEmpty()) {
            return closed ? null : staged;
        }
        long bytes = 0;
        long oldest = Long.MAX_VALUE;
        for (SourceRecord record : staged) {
            bytes += record.data().length;
            oldest = Math.min(oldest, record.arrivalMillis());
        }
        if (!hasRoom(bytes)) {
            return null;
        }
        List<SourceRecord> numbered = new ArrayList<>(staged.size());
        IngestTracker.Batch batch;
        synchronized (ingestLock) {
            pendingBytes.addAndGet(bytes);
            batch = tracker.open(staged.size(), bytes, oldest);
            long seq = batch.first();
            for (SourceRecord record : staged) {
                numbered.add(new SourceRecord(seq, RecordIds.of(seq), record.arrivalMillis(), record.data(),
                        record.kinesis()));
                seq++;
            }
            if (ingestLog != null) {
                try {
                    ingestLog.append(numbered);
                } catch (RuntimeException e) {
                    for (int i = 0; i < numbered.size(); i++) {
                        batch.done();
                    }
                    throw e;
                }
            }
        }
        metrics.incomingRecords.increment(staged.size());
        metrics.incomingBytes.increment(bytes);
        process(numbered, batch);
        return numbered;
    }

    private void replay(List<SourceRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        log.info("Delivery stream {}: {} records replayed from its log", settings.streamName(), records.size());
        int from = 0;
        while (from < records.size()) {
            int to = from + 1;
            while (to < records.size() && to - from < 500 && records.get(to).seq() == records.get(to - 1).seq() + 1) {
                to++;
            }
            List<SourceRecord> run = records.subList(from, to);
            long bytes = 0;
            long oldest = Long.MAX_VALUE;
            for (SourceRecord record : run) {
                bytes += record.data().length;
                oldest = Math.min(oldest, record.arrivalMillis());
            }
            pendingBytes.addAndGet(bytes);
            process(run, tracker.reopen(run.get(0).seq(), run.size(), bytes, oldest));
            from = to;
        }
    }

    /** Runs the processors before the transformation, then hands records to it or straight to routing. */
    private void process(List<SourceRecord> records, IngestTracker.Batch batch) {
        DeliverySettings current = settings;
        List<DeliveryRecord> ready = new ArrayList<>(records.size());
        ProcessingChain chain = current.processing();
        for (SourceRecord record : records) {
            DeliveryRecord item = new DeliveryRecord(record, record.data(), batch, Map.of());
            if (chain != null && chain.deaggregation() != null) {
                List<byte[]> parts = Deaggregator.split(record.data(), chain.deaggregation());
                if (parts.isEmpty()) {
                    batch.done();
                    continue;
                }
                batch.split(parts.size());
                for (byte[] part : parts) {
                    ready.add(item.withData(part));
                }
            } else {
                ready.add(item);
            }
        }
        if (current.backupAll()) {
            backup(records, batch, current);
        }
        if (chain != null && chain.lambda() != null) {
            transforms.offer(ready, current);
        } else {
            route(ready, current);
        }
    }

    /** Buffers the source records for the S3 backup as well; each record is then done after both copies. */
    private void backup(List<SourceRecord> records, IngestTracker.Batch batch, DeliverySettings current) {
        synchronized (bufferLock) {
            for (SourceRecord record : records) {
                batch.split(2);
                add(new BufferKey(true, Map.of()), new DeliveryRecord(record, record.data(), batch, Map.of()),
                        current);
            }
        }
    }

    /** Partitions records (after any transformation) and adds them to their buffers. */
    private void route(List<DeliveryRecord> records, DeliverySettings current) {
        List<DeliveryRecord> failed = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        boolean delimit = current.processing() != null && current.processing().appendDelimiter();
        synchronized (bufferLock) {
            for (DeliveryRecord record : records) {
                Map<String, String> keys = Map.of();
                if (current.partitioning() != null) {
                    long start = System.nanoTime();
                    try {
                        keys = current.partitioning().keys(record.data(), record.partitionKeys());
                    } catch (Partitioning.KeyException e) {
                        failed.add(record);
                        reasons.add(e.getMessage());
                        continue;
                    } finally {
                        metrics.time(metrics.jqDuration, System.nanoTime() - start);
                    }
                }
                DeliveryRecord routed = delimit ? record.withData(withNewline(record.data())) : record;
                add(new BufferKey(false, keys), routed.withPartitionKeys(keys), current);
            }
            if (current.interval().isZero()) {
                sealAll();
            }
        }
        if (!failed.isEmpty()) {
            delivery.writeErrors(current, failed, reasons, Partitioning.ERROR_CODE, Partitioning.ERROR_OUTPUT_TYPE,
                    1, null);
        }
    }

    private void add(BufferKey key, DeliveryRecord record, DeliverySettings current) {
        ObjectBuffer buffer = buffers.computeIfAbsent(key,
                k -> new ObjectBuffer(current, k.backup(), k.partitionKeys(), env.clock().millis()));
        buffer.add(record);
        if (buffer.bytes() >= current.bufferBytes()) {
            buffers.remove(key);
            delivery.submit(buffer.seal());
        }
    }

    private static byte[] withNewline(byte[] data) {
        byte[] out = java.util.Arrays.copyOf(data, data.length + 1);
        out[data.length] = '\n';
        return out;
    }

    /** Seals the buffers whose interval has passed; called by the timer. */
    public void tick() {
        long now = env.clock().millis();
        transforms.tick(now);
        synchronized (bufferLock) {
            Iterator<ObjectBuffer> it = buffers.values().iterator();
            while (it.hasNext()) {
                ObjectBuffer buffer = it.next();
                if (now - buffer.openedMillis() >= buffer.settings().interval().toMillis()) {
                    it.remove();
                    delivery.submit(buffer.seal());
                }
            }
        }
    }

    /** Seals every buffer now, whatever its hints. */
    public void flush() {
        transforms.flush();
        synchronized (bufferLock) {
            sealAll();
        }
    }

    private void sealAll() {
        for (ObjectBuffer buffer : buffers.values()) {
            delivery.submit(buffer.seal());
        }
        buffers.clear();
    }

    /** Changes the settings (UpdateDestination): what is buffered goes out under the old ones first. */
    public void update(DeliverySettings newSettings) {
        flush();
        this.settings = newSettings;
    }

    /** Whether every accepted record is done. */
    public boolean idle() {
        return tracker.oldestArrival() < 0;
    }

    private double freshnessSeconds() {
        long oldest = tracker.oldestArrival();
        return oldest < 0 ? 0 : Math.max(0, env.clock().millis() - oldest) / 1000.0;
    }

    private void advanceLog() {
        if (ingestLog != null) {
            ingestLog.advance(tracker.low());
        }
    }

    /** Stops taking records and removes the stream's meters; what is logged stays for the next start. */
    @Override
    public void close() {
        closed = true;
        delivery.close();
        metrics.close();
        if (ingestLog != null) {
            ingestLog.close();
        }
    }

    private record BufferKey(boolean backup, Map<String, String> partitionKeys) {
    }
}
