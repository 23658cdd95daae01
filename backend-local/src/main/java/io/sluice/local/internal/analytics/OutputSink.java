package io.sluice.local.internal.analytics;

import io.sluice.local.internal.analytics.records.RowFormatter;
import io.sluice.local.internal.analytics.sql.RowSink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * One output of an application: rows of its in-application stream become records (JSON or CSV) that are sent to
 * a data stream (PutRecords, at most 500 records or 5 MiB a call) or a delivery stream (PutRecordBatch, at most 500
 * records or 4 MiB) of this backend. Records a call did not take (throttling, a failure) stay first in line and
 * are sent again: at least once. Not thread-safe: used on the application's thread.
 */
final class OutputSink implements RowSink {

    private static final Logger log = LoggerFactory.getLogger(OutputSink.class);
    private static final int MAX_RECORDS = 500;
    private static final long STREAM_MAX_BYTES = 5L * 1024 * 1024;
    private static final long FIREHOSE_MAX_BYTES = 4L * 1024 * 1024;

    private final RowFormatter formatter;
    private final KinesisClient kinesis;
    private final String streamArn;
    private final FirehoseClient firehose;
    private final String deliveryStreamName;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private final AtomicLong sentRecords;
    private final AtomicLong sentBytes;
    private long counter;

    /**
     * @param streamArn the data stream, or {@code null}
     * @param deliveryStreamName the delivery stream, or {@code null}
     */
    OutputSink(RowFormatter formatter, KinesisClient kinesis, String streamArn, FirehoseClient firehose,
            String deliveryStreamName, AtomicLong sentRecords, AtomicLong sentBytes) {
        this.formatter = formatter;
        this.kinesis = kinesis;
        this.streamArn = streamArn;
        this.firehose = firehose;
        this.deliveryStreamName = deliveryStreamName;
        this.sentRecords = sentRecords;
        this.sentBytes = sentBytes;
    }

    @Override
    public void accept(Object[] row) {
        pending.add(formatter.format(row));
    }

    int pending() {
        return pending.size();
    }

    /** Sends what is pending, as long as calls make progress; whether everything went. */
    boolean flush() {
        while (!pending.isEmpty()) {
            int taken;
            try {
                taken = streamArn != null ? putRecords() : putRecordBatch();
            } catch (SdkException e) {
                log.debug("Analytics output to {} failed, will retry: {}", streamArn != null ? streamArn
                        : deliveryStreamName, e.toString());
                return false;
            }
            if (taken == 0) {
                return false;
            }
        }
        return true;
    }

    private List<byte[]> batch(long maxBytes) {
        List<byte[]> batch = new ArrayList<>();
        long bytes = 0;
        for (byte[] record : pending) {
            if (batch.size() == MAX_RECORDS || (!batch.isEmpty() && bytes + record.length + 64 > maxBytes)) {
                break;
            }
            batch.add(record);
            bytes += record.length + 64;
        }
        return batch;
    }

    private int putRecords() {
        List<byte[]> batch = batch(STREAM_MAX_BYTES);
        List<PutRecordsRequestEntry> entries = new ArrayList<>(batch.size());
        for (byte[] record : batch) {
            entries.add(PutRecordsRequestEntry.builder().data(SdkBytes.fromByteArrayUnsafe(record))
                    .partitionKey(Long.toHexString(counter++ * 0x9E3779B97F4A7C15L)).build());
        }
        PutRecordsResponse response = kinesis.putRecords(b -> b.streamARN(streamArn).records(entries));
        List<PutRecordsResultEntry> results = response.records();
        return settle(batch, i -> results.get(i).errorCode() == null);
    }

    private int putRecordBatch() {
        List<byte[]> batch = batch(FIREHOSE_MAX_BYTES);
        List<software.amazon.awssdk.services.firehose.model.Record> records = new ArrayList<>(batch.size());
        for (byte[] record : batch) {
            records.add(software.amazon.awssdk.services.firehose.model.Record.builder()
                    .data(SdkBytes.fromByteArrayUnsafe(record)).build());
        }
        PutRecordBatchResponse response = firehose.putRecordBatch(b -> b.deliveryStreamName(deliveryStreamName)
                .records(records));
        List<PutRecordBatchResponseEntry> results = response.requestResponses();
        return settle(batch, i -> results.get(i).errorCode() == null);
    }

    /**
     * Takes the records a call accepted out of the line; those it refused stay, in order, to go again. Returns how
     * many were taken.
     */
    private int settle(List<byte[]> batch, java.util.function.IntPredicate accepted) {
        List<byte[]> refused = new ArrayList<>();
        int taken = 0;
        for (int i = 0; i < batch.size(); i++) {
            byte[] record = pending.poll();
            if (accepted.test(i)) {
                taken++;
                sentRecords.incrementAndGet();
                sentBytes.addAndGet(record.length);
            } else {
                refused.add(record);
            }
        }
        for (int i = refused.size() - 1; i >= 0; i--) {
            pending.addFirst(refused.get(i));
        }
        return taken;
    }
}
