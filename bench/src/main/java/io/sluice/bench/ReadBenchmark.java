package io.sluice.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Read: load a one-shard stream with N records of 100 bytes, then time one consumer draining it with GetRecords
 * (10,000 records per call) from TRIM_HORIZON: two unmeasured drains (so neither side is timed while its JIT
 * compiler is still at work), then three measured ones, of which the median counts.
 */
final class ReadBenchmark {

    static final int WARMUP_DRAINS = 2;
    static final int MEASURED_DRAINS = 3;

    record Result(String target, long records, long calls, double seconds, double loadSeconds) {
        double recordsPerSecond() {
            return records / seconds;
        }
    }

    private ReadBenchmark() {
    }

    static Result run(String target, URI endpoint, boolean cbor, boolean load, long total) throws Exception {
        String stream = "read-" + System.nanoTime();
        double loadSeconds = 0;
        if (load) {
            try (KinesisClient admin = Clients.sync(endpoint, cbor, 1)) {
                admin.createStream(b -> b.streamName(stream).shardCount(1));
                IngestBenchmark.waitActive(admin, stream);
            }
            long loadStart = System.nanoTime();
            fill(endpoint, cbor, stream, total);
            loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        }
        try (KinesisClient kinesis = Clients.sync(endpoint, cbor, 1)) {
            // Unmeasured drains first, so client and server both run compiled code in the measured ones.
            for (int i = 0; i < WARMUP_DRAINS; i++) {
                drain(target, kinesis, stream, total);
            }
            double[] seconds = new double[MEASURED_DRAINS];
            long calls = 0;
            for (int i = 0; i < MEASURED_DRAINS; i++) {
                long start = System.nanoTime();
                calls = drain(target, kinesis, stream, total);
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
            System.err.println(target + (cbor ? " CBOR" : " JSON") + " drains (s): " + Arrays.toString(seconds));
            Arrays.sort(seconds);
            return new Result(target, total, calls, seconds[MEASURED_DRAINS / 2], loadSeconds);
        }
    }

    /** Reads the shard from TRIM_HORIZON until {@code total} records came back; returns the GetRecords calls. */
    private static long drain(String target, KinesisClient kinesis, String stream, long total) {
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        long read = 0;
        long calls = 0;
        while (read < total) {
            String current = iterator;
            GetRecordsResponse page = kinesis.getRecords(b -> b.shardIterator(current).limit(10_000));
            calls++;
            if (page.records().isEmpty()) {
                throw new IllegalStateException(target + " returned no records after " + read);
            }
            read += page.records().size();
            iterator = page.nextShardIterator();
        }
        return calls;
    }

    static void fill(URI endpoint, boolean cbor, String stream, long total) throws Exception {
        int threads = 4;
        AtomicLong remaining = new AtomicLong(total);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                try (KinesisClient kinesis = Clients.sync(endpoint, cbor, 1)) {
                    while (true) {
                        long left = remaining.getAndAdd(-500);
                        if (left <= 0) {
                            return null;
                        }
                        int count = (int) Math.min(500, left);
                        List<PutRecordsRequestEntry> batch = new ArrayList<>(count);
                        for (int i = 0; i < count; i++) {
                            batch.add(PutRecordsRequestEntry.builder().partitionKey("pk-" + i)
                                    .data(SdkBytes.fromByteArray(new byte[NullEndpoint.RECORD_BYTES])).build());
                        }
                        var response = kinesis.putRecords(b -> b.streamName(stream).records(batch));
                        if (response.failedRecordCount() > 0) {
                            throw new IllegalStateException("Load failed for " + response.failedRecordCount());
                        }
                    }
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
    }
}
