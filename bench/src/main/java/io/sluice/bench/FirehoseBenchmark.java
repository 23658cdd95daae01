package io.sluice.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.CompressionFormat;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * Firehose DirectPut throughput: client threads send PutRecordBatch calls of 500 records of 1 KiB to a delivery
 * stream delivering GZIP objects to the S3 folder (5 MB / 60 s hints). Counts records accepted, and records
 * delivered: the objects that appear in the folder during the measured window, decompressed and counted after it.
 * Data freshness is the age of an object's oldest record when the object was written (its file time). After the run it waits for the
 * rest (the last partial buffer waits for the interval) and checks that every accepted record was delivered.
 */
final class FirehoseBenchmark {

    static final int RECORD_BYTES = 1024;
    static final int BATCH = 500;
    static final String BUCKET = "bench";

    record Result(long accepted, long refused, long failedCalls, double acceptedPerSecond,
            double deliveredPerSecond, long objects, double freshnessP50Seconds, double freshnessMaxSeconds,
            long deliveredAtEnd, double tailSeconds) {
    }

    private FirehoseBenchmark() {
    }

    static Result run(URI endpoint, Path s3, int threads, Duration warmup, Duration measured) throws Exception {
        return run(endpoint, s3, threads, warmup, measured, CompressionFormat.GZIP);
    }

    static Result run(URI endpoint, Path s3, int threads, Duration warmup, Duration measured,
            CompressionFormat compression) throws Exception {
        try (FirehoseClient firehose = Clients.firehose(endpoint, threads + 2)) {
            firehose.createDeliveryStream(b -> b.deliveryStreamName("bench").extendedS3DestinationConfiguration(
                    d -> d.roleARN("arn:aws:iam::000000000000:role/bench").bucketARN("arn:aws:s3:::" + BUCKET)
                            .compressionFormat(compression)
                            .bufferingHints(h -> h.sizeInMBs(5).intervalInSeconds(60))));
            AtomicBoolean measuring = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong accepted = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            AtomicLong failedCalls = new AtomicLong();
            AtomicLong acceptedTotal = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                senders.add(pool.submit(() -> send(firehose, thread, stop, measuring, accepted, refused, failedCalls,
                        acceptedTotal)));
            }
            Thread.sleep(warmup.toMillis());
            Folder folder = new Folder(s3.resolve(BUCKET), compression == CompressionFormat.GZIP);
            folder.scan();
            Set<Path> before = folder.seen();
            measuring.set(true);
            long start = System.nanoTime();
            long end = start + measured.toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(200);
                folder.scan();
            }
            measuring.set(false);
            stop.set(true);
            double seconds = (System.nanoTime() - start) / 1e9;
            folder.scan();
            Set<Path> inRun = folder.seen();
            inRun.removeAll(before);
            for (Future<?> sender : senders) {
                sender.get();
            }
            pool.shutdown();
            long deliveredInRun = folder.records(inRun);
            List<Double> freshness = folder.freshness(inRun);
            long tailStart = System.nanoTime();
            long deadline = tailStart + Duration.ofSeconds(90).toNanos();
            long delivered = folder.records(folder.seen());
            while (delivered < acceptedTotal.get() && System.nanoTime() < deadline) {
                Thread.sleep(500);
                folder.scan();
                delivered = folder.records(folder.seen());
            }
            return new Result(accepted.get(), refused.get(), failedCalls.get(), accepted.get() / seconds,
                    deliveredInRun / seconds, inRun.size(), percentile(freshness, 0.5),
                    freshness.isEmpty() ? 0 : freshness.get(freshness.size() - 1),
                    delivered - acceptedTotal.get(), (System.nanoTime() - tailStart) / 1e9);
        }
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
    }

    private static void send(FirehoseClient firehose, int thread, AtomicBoolean stop, AtomicBoolean measuring,
            AtomicLong accepted, AtomicLong refused, AtomicLong failedCalls, AtomicLong acceptedTotal) {
        long counter = 0;
        byte[][] paddings = paddings(thread);
        while (!stop.get()) {
            List<Record> records = new ArrayList<>(BATCH);
            long now = System.currentTimeMillis();
            for (int i = 0; i < BATCH; i++) {
                String head = "{\"id\":\"t" + thread + "-" + (counter++) + "\",\"ts\":" + now + ",\"page\":\"/p/"
                        + (counter % 97) + "\",\"pad\":\"";
                byte[] record = new byte[RECORD_BYTES];
                byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
                System.arraycopy(headBytes, 0, record, 0, headBytes.length);
                byte[] padding = paddings[(int) (counter % paddings.length)];
                System.arraycopy(padding, 0, record, headBytes.length, RECORD_BYTES - headBytes.length - 3);
                record[RECORD_BYTES - 3] = '"';
                record[RECORD_BYTES - 2] = '}';
                record[RECORD_BYTES - 1] = '\n';
                records.add(Record.builder().data(SdkBytes.fromByteArrayUnsafe(record)).build());
            }
            try {
                PutRecordBatchResponse response = firehose.putRecordBatch(b -> b.deliveryStreamName("bench")
                        .records(records));
                long ok = BATCH - response.failedPutCount();
                acceptedTotal.addAndGet(ok);
                if (measuring.get()) {
                    accepted.addAndGet(ok);
                    refused.addAndGet(response.failedPutCount());
                }
            } catch (RuntimeException e) {
                failedCalls.incrementAndGet();
            }
        }
    }

    /**
     * Filler text like a log line's: words drawn from a small vocabulary, so it compresses as real JSON logs do
     * (about 4 to 1 with GZIP) rather than as one repeated byte.
     */
    private static byte[][] paddings(int seed) {
        String[] words = {"GET", "POST", "user", "session", "checkout", "cart", "item", "price", "amount", "status",
            "ok", "error", "mobile", "desktop", "search", "query", "referrer", "campaign", "click", "view",
            "latency", "region", "eu", "us", "ap", "true", "false", "null", "id", "sku"};
        java.util.Random random = new java.util.Random(seed);
        byte[][] paddings = new byte[64][RECORD_BYTES];
        for (byte[] padding : paddings) {
            StringBuilder text = new StringBuilder(RECORD_BYTES + 16);
            while (text.length() < RECORD_BYTES) {
                text.append(words[random.nextInt(words.length)]).append(random.nextInt(1000)).append(' ');
            }
            System.arraycopy(text.toString().getBytes(StandardCharsets.US_ASCII), 0, padding, 0, RECORD_BYTES);
        }
        return paddings;
    }

    /**
     * The delivered objects of the bench bucket. During the run only their names and times are noted (reading them
     * would take CPU from the system measured); {@link #read()} decompresses and counts them afterwards.
     */
    private static final class Folder {
        private final Path root;
        private final boolean gzip;
        private final Map<Path, Long> appeared = new HashMap<>();
        private final Map<Path, long[]> contents = new HashMap<>();

        Folder(Path root, boolean gzip) {
            this.root = root;
            this.gzip = gzip;
        }

        /** Notes the objects that appeared since the last scan, with the time each was seen. */
        void scan() throws IOException {
            if (!Files.isDirectory(root)) {
                return;
            }
            long now = System.currentTimeMillis();
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).forEach(p -> appeared.putIfAbsent(p, now));
            }
        }

        Set<Path> seen() {
            return new HashSet<>(appeared.keySet());
        }

        /** Records in the objects named. */
        long records(Set<Path> objects) throws IOException {
            long total = 0;
            for (Path object : objects) {
                total += read(object)[0];
            }
            return total;
        }

        /** Per object: the age of its oldest record when it appeared (its file time), in seconds, sorted. */
        List<Double> freshness(Set<Path> objects) throws IOException {
            List<Double> ages = new ArrayList<>();
            for (Path object : objects) {
                long[] counted = read(object);
                ages.add((Files.getLastModifiedTime(object).toMillis() - counted[1]) / 1000.0);
            }
            ages.sort(Double::compare);
            return ages;
        }

        /** Records in an object, and the oldest timestamp among them. */
        private long[] read(Path object) throws IOException {
            long[] known = contents.get(object);
            if (known != null) {
                return known;
            }
            long oldest = Long.MAX_VALUE;
            long count = 0;
            try (InputStream in = gzip ? new GZIPInputStream(Files.newInputStream(object), 1 << 16)
                    : Files.newInputStream(object)) {
                byte[] data = in.readAllBytes();
                for (int i = 0; i + RECORD_BYTES <= data.length; i += RECORD_BYTES) {
                    count++;
                    if (count % 500 == 1) {
                        oldest = Math.min(oldest, timestamp(data, i));
                    }
                }
            }
            long[] counted = {count, oldest};
            contents.put(object, counted);
            return counted;
        }

        private static long timestamp(byte[] data, int at) {
            String head = new String(data, at, 64, StandardCharsets.US_ASCII);
            int ts = head.indexOf("\"ts\":") + 5;
            int comma = head.indexOf(',', ts);
            return Long.parseLong(head.substring(ts, comma));
        }
    }
}
