package io.sluice.local.internal.firehose.delivery;

import io.sluice.local.internal.firehose.delivery.SourceRecord.KinesisOrigin;
import java.time.Duration;
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
    private final java.util.concurrent.atomic.AtomicBoolean watermarkMoved =
            new java.util.concurrent.atomic.AtomicBoolean();
    private volatile DeliverySettings settings;
    private volatile boolean intakeStopped;

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
        this.tracker = new IngestTracker(recovered.nextSeq(), released -> {
            pendingBytes.addAndGet(-released);
            watermarkMoved.set(true);
        });
        this.delivery = new ObjectDelivery(env, metrics);
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
        if (intakeStopped || staged.isEmpty()) {
            return intakeStopped ? null : staged;
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

    /**
     * Puts what the log still held back into the pipeline. Every batch is reopened before any is processed, so
     * the watermark cannot pass a replayed record that is not yet delivered.
     */
    private void replay(List<SourceRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        log.info("Delivery stream {}: {} records replayed from its log", settings.streamName(), records.size());
        List<List<SourceRecord>> runs = new ArrayList<>();
        List<IngestTracker.Batch> batches = new ArrayList<>();
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
            runs.add(run);
            batches.add(tracker.reopen(run.get(0).seq(), run.size(), bytes, oldest));
            from = to;
        }
        for (int i = 0; i < runs.size(); i++) {
            process(runs.get(i), batches.get(i));
        }
    }

    /**
     * Runs the processors before the transformation, then hands records to it or straight to routing. Each source
     * record is owed one completion per copy that goes on: one per sub-record, and one more for the S3 backup.
     */
    private void process(List<SourceRecord> records, IngestTracker.Batch batch) {
        DeliverySettings current = settings;
        List<DeliveryRecord> ready = new ArrayList<>(records.size());
        List<DeliveryRecord> backups = current.backupAll() ? new ArrayList<>(records.size()) : null;
        ProcessingChain chain = current.processing();
        for (SourceRecord record : records) {
            DeliveryRecord item = new DeliveryRecord(record, record.data(), batch, Map.of());
            List<byte[]> parts = chain != null && chain.deaggregation() != null
                    ? Deaggregator.split(record.data(), chain.deaggregation()) : null;
            int copies = (parts == null ? 1 : parts.size()) + (backups == null ? 0 : 1);
            if (copies == 0) {
                batch.done();
                continue;
            }
            batch.split(copies);
            if (parts == null) {
                ready.add(item);
            } else {
                for (byte[] part : parts) {
                    ready.add(item.withData(part));
                }
            }
            if (backups != null) {
                backups.add(item);
            }
        }
        if (backups != null) {
            synchronized (bufferLock) {
                for (DeliveryRecord item : backups) {
                    add(new BufferKey(true, current.version(), Map.of()), item, current);
                }
            }
        }
        if (chain != null && chain.lambda() != null) {
            transforms.offer(ready, current);
        } else {
            route(ready, current);
        }
    }

    /** Partitions records (after any transformation) and adds them to their buffers. */
    private void route(List<DeliveryRecord> records, DeliverySettings current) {
        List<DeliveryRecord> failed = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        boolean delimit = current.processing() != null && current.processing().appendDelimiter();
        List<DeliveryRecord> routed = new ArrayList<>(records.size());
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
            routed.add((delimit ? record.withData(withNewline(record.data())) : record).withPartitionKeys(keys));
        }
        synchronized (bufferLock) {
            for (DeliveryRecord record : routed) {
                add(new BufferKey(false, current.version(), record.partitionKeys()), record, current);
            }
            if (current.interval().isZero()) {
                sealAll();
            } else if (pendingBytes.get() > MAX_PENDING_BYTES / 4 * 3) {
                sealLargest();
            }
        }
        if (!failed.isEmpty()) {
            delivery.writeErrors(current, failed, reasons, Partitioning.ERROR_CODE, Partitioning.ERROR_OUTPUT_TYPE,
                    1, null);
        }
    }

    /**
     * Adds a record to its buffer and seals the buffer at its size hint (the backup's own hint for backup
     * buffers), or at 10,000 records for an HTTP endpoint, the most one request may carry.
     */
    private void add(BufferKey key, DeliveryRecord record, DeliverySettings current) {
        ObjectBuffer buffer = buffers.computeIfAbsent(key,
                k -> new ObjectBuffer(current, k.backup(), k.partitionKeys(), env.clock().millis()));
        buffer.add(record);
        long limit = key.backup() ? current.backupBytes() : current.bufferBytes();
        if (buffer.bytes() >= limit || (!key.backup() && current.http() != null
                && buffer.count() >= HttpDelivery.MAX_RECORDS)) {
            buffers.remove(key);
            delivery.submit(buffer.seal());
        }
    }

    /**
     * Records not yet done are three quarters of the way to the memory bound: when most of them wait in open
     * buffers for their hints (many dynamic partitions, say), the largest buffer goes out early, as AWS treats its
     * hints as hints. When most are already on their way out, sealing would only make small objects.
     */
    private void sealLargest() {
        BufferKey largest = null;
        long size = -1;
        long buffered = 0;
        for (Map.Entry<BufferKey, ObjectBuffer> entry : buffers.entrySet()) {
            buffered += entry.getValue().bytes();
            if (entry.getValue().bytes() > size) {
                size = entry.getValue().bytes();
                largest = entry.getKey();
            }
        }
        if (largest != null && buffered > MAX_PENDING_BYTES / 2) {
            delivery.submit(buffers.remove(largest).seal());
        }
    }

    private static byte[] withNewline(byte[] data) {
        byte[] out = java.util.Arrays.copyOf(data, data.length + 1);
        out[data.length] = '\n';
        return out;
    }

    /**
     * Seals the buffers whose interval has passed, and saves the log's watermark when batches were done since the
     * last tick (so delivery threads never wait on the log's file); called by the timer.
     */
    public void tick() {
        if (watermarkMoved.getAndSet(false)) {
            advanceLog();
        }
        long now = env.clock().millis();
        transforms.tick(now);
        synchronized (bufferLock) {
            Iterator<ObjectBuffer> it = buffers.values().iterator();
            while (it.hasNext()) {
                ObjectBuffer buffer = it.next();
                Duration interval = buffer.backup() ? buffer.settings().backupInterval()
                        : buffer.settings().interval();
                if (now - buffer.openedMillis() >= interval.toMillis() || buffer.settings() != settings) {
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

    /** Bytes of accepted records not yet done. */
    long pendingBytes() {
        return pendingBytes.get();
    }

    /** Whether every accepted record is done. */
    public boolean idle() {
        return tracker.oldestArrival() < 0;
    }

    /** Waits until every accepted record is done, at most {@code timeout}; whether they all are. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return tracker.awaitAllDone(timeout.toNanos());
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

    /** Refuses new records from now on (the backend is stopping); what was taken is still delivered. */
    public void stopIntake() {
        intakeStopped = true;
    }

    /** Stops taking records and removes the stream's meters; what is logged stays for the next start. */
    @Override
    public void close() {
        intakeStopped = true;
        advanceLog();
        delivery.close();
        metrics.close();
        if (ingestLog != null) {
            ingestLog.close();
        }
    }

    /** A buffer per destination (or backup), settings version and dynamic partition. */
    private record BufferKey(boolean backup, int version, Map<String, String> partitionKeys) {
    }
}
