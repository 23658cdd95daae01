package io.sluice.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.waiters.KinesisWaiter;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * Ingest: N threads of the SDK sync client send PutRecords of 500 records of 100 bytes, as fast as answers come,
 * into a 4-shard stream. Reports records/s and request latency percentiles.
 */
final class IngestBenchmark {

    static final int RECORDS_PER_CALL = 500;
    static final int RECORD_BYTES = 100;
    static final int SHARDS = 4;

    record Result(String target, long records, long failedRecords, long failedCalls, double seconds,
            double p50Millis, double p99Millis) {
        double recordsPerSecond() {
            return records / seconds;
        }
    }

    private IngestBenchmark() {
    }

    static Result run(String target, URI endpoint, boolean cbor, boolean createStream, int threads,
            Duration warmup, Duration measure) throws Exception {
        String stream = "ingest-" + System.nanoTime();
        try (KinesisClient admin = Clients.sync(endpoint, cbor, 1)) {
            if (createStream) {
                admin.createStream(b -> b.streamName(stream).shardCount(SHARDS));
                waitActive(admin, stream);
            }
        }
        List<PutRecordsRequestEntry> batch = new ArrayList<>();
        byte[] data = new byte[RECORD_BYTES];
        for (int i = 0; i < RECORDS_PER_CALL; i++) {
            data[0] = (byte) i;
            batch.add(PutRecordsRequestEntry.builder().partitionKey("partition-key-" + i)
                    .data(SdkBytes.fromByteArray(data.clone())).build());
        }
        Recorder latencies = new Recorder(3);
        AtomicLong records = new AtomicLong();
        AtomicLong failedRecords = new AtomicLong();
        AtomicLong failedCalls = new AtomicLong();
        long warmupEnd = System.nanoTime() + warmup.toNanos();
        long end = warmupEnd + measure.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                try (KinesisClient kinesis = Clients.sync(endpoint, cbor, 2)) {
                    while (true) {
                        long start = System.nanoTime();
                        if (start >= end) {
                            return null;
                        }
                        try {
                            PutRecordsResponse response = kinesis.putRecords(b -> b.streamName(stream).records(batch));
                            long done = System.nanoTime();
                            if (start >= warmupEnd) {
                                latencies.recordValue(Math.max(1, (done - start) / 1_000));
                                records.addAndGet(RECORDS_PER_CALL - response.failedRecordCount());
                                failedRecords.addAndGet(response.failedRecordCount());
                            }
                        } catch (RuntimeException e) {
                            if (start >= warmupEnd) {
                                failedCalls.incrementAndGet();
                            }
                        }
                    }
                }
            }));
        }
        latencies.reset();
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        var histogram = latencies.getIntervalHistogram();
        return new Result(target, records.get(), failedRecords.get(), failedCalls.get(),
                measure.toNanos() / 1e9, histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0);
    }

    /** Waits with the SDK's own waiter (both servers under test create streams ACTIVE at once). */
    static void waitActive(KinesisClient admin, String stream) {
        try (KinesisWaiter waiter = admin.waiter()) {
            waiter.waitUntilStreamExists(b -> b.streamName(stream))
                    .matched().exception().ifPresent(e -> {
                        throw new IllegalStateException("Stream " + stream + " never became ACTIVE", e);
                    });
        }
    }
}
