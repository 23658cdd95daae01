package io.sluice.local.internal.firehose.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * One delivery stream's meters, named as CloudWatch names Firehose's metrics (namespace {@code AWS/Firehose}),
 * tagged {@code DeliveryStreamName}. A {@code .Success} meter is a summary of 1 (success) and 0 (failure) per
 * attempt, so its mean is AWS's ratio; {@code .DataFreshness} is a gauge in seconds. Thread-safe.
 */
public final class StreamMetrics implements AutoCloseable {

    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> meters = new ArrayList<>();

    final Counter incomingRecords;
    final Counter incomingBytes;
    final Counter incomingPutRequests;
    final Counter throttledRecords;
    final Counter putRecordBatchRecords;
    final Counter readFromStreamRecords;
    final Counter readFromStreamBytes;
    final Counter s3Records;
    final Counter s3Bytes;
    final Counter s3Objects;
    final DistributionSummary s3Success;
    final Counter backupRecords;
    final Counter backupBytes;
    final DistributionSummary backupSuccess;
    final Counter httpRecords;
    final Counter httpBytes;
    final Counter httpProcessedRecords;
    final DistributionSummary httpSuccess;
    final Timer processingDuration;
    final DistributionSummary processingSuccess;
    final Counter processingRecords;
    final Counter processingBytes;
    final Timer jqDuration;

    public StreamMetrics(MeterRegistry registry, String streamName) {
        this.registry = registry;
        this.tags = Tags.of("DeliveryStreamName", streamName);
        incomingRecords = counter("IncomingRecords", "records accepted by PutRecord, PutRecordBatch or the source");
        incomingBytes = counter("IncomingBytes", "bytes accepted");
        incomingPutRequests = counter("IncomingPutRequests", "PutRecord and PutRecordBatch calls accepted");
        throttledRecords = counter("ThrottledRecords", "records refused because delivery is behind");
        putRecordBatchRecords = counter("PutRecordBatch.Records", "records sent with PutRecordBatch");
        readFromStreamRecords = counter("DataReadFromKinesisStream.Records", "records read from the source");
        readFromStreamBytes = counter("DataReadFromKinesisStream.Bytes", "bytes read from the source stream");
        s3Records = counter("DeliveryToS3.Records", "records delivered to S3");
        s3Bytes = counter("DeliveryToS3.Bytes", "bytes delivered to S3, before compression");
        s3Objects = counter("DeliveryToS3.ObjectCount", "objects delivered to S3");
        s3Success = ratio("DeliveryToS3.Success", "successful S3 puts over all S3 puts");
        backupRecords = counter("BackupToS3.Records", "records written to the S3 backup");
        backupBytes = counter("BackupToS3.Bytes", "bytes written to the S3 backup");
        backupSuccess = ratio("BackupToS3.Success", "successful backup puts over all backup puts");
        httpRecords = counter("DeliveryToHttpEndpoint.Records", "records delivered to the HTTP endpoint");
        httpBytes = counter("DeliveryToHttpEndpoint.Bytes", "bytes delivered to the HTTP endpoint");
        httpProcessedRecords = counter("DeliveryToHttpEndpoint.ProcessedRecords",
                "records attempted, retries included");
        httpSuccess = ratio("DeliveryToHttpEndpoint.Success", "successful requests over all requests");
        processingDuration = timer("ExecuteProcessing.Duration", "time of one transformation invocation");
        processingSuccess = ratio("ExecuteProcessing.Success", "successful invocations over all invocations");
        processingRecords = counter("SucceedProcessing.Records", "records transformed successfully");
        processingBytes = counter("SucceedProcessing.Bytes", "bytes transformed successfully");
        jqDuration = timer("JQProcessing.Duration", "time evaluating the partition key query");
    }

    /** Registers a freshness gauge: seconds since the oldest record not yet delivered arrived. */
    <T> void freshness(String name, T source, ToDoubleFunction<T> seconds) {
        meters.add(Gauge.builder(name, source, seconds).tags(tags).baseUnit("seconds")
                .description("age of the oldest record not yet delivered").strongReference(true)
                .register(registry));
    }

    private Counter counter(String name, String description) {
        Counter counter = Counter.builder(name).tags(tags).description(description).register(registry);
        meters.add(counter);
        return counter;
    }

    private DistributionSummary ratio(String name, String description) {
        DistributionSummary summary = DistributionSummary.builder(name).tags(tags).description(description)
                .register(registry);
        meters.add(summary);
        return summary;
    }

    private Timer timer(String name, String description) {
        Timer timer = Timer.builder(name).tags(tags).description(description).register(registry);
        meters.add(timer);
        return timer;
    }

    void time(Timer timer, long nanos) {
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Removes this stream's meters from the registry (the stream was deleted). */
    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
