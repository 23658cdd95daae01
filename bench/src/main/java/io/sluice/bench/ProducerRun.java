package io.sluice.bench;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.sluice.producer.KinesisProducer;
import io.sluice.producer.ProducerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.utils.AttributeMap;
import software.amazon.kinesis.producer.KinesisProducerConfiguration;

/**
 * One producer run in a JVM of its own, so heap and CPU figures are the producer's alone: Sluice's producer or
 * the official KPL puts N user records of B bytes with random partition keys into a fresh stream of backend-local
 * over TLS, with the same settings (aggregation on, the KPL's defaults, the rate limit raised because the
 * backend's shard limits are off). It prints one {@code RESULT} line the harness reads.
 */
public final class ProducerRun {

    /** What one run measured. */
    record Result(String kind, long records, double seconds, double recordsPerSecond, long failed, double p50Millis,
            double p99Millis, long peakHeapBytes, long maxLiveHeapBytes, double cpuSeconds, long nativePeakRssBytes) {
    }

    /** Both producers pace shards at this percent of their limits: the backend enforces none. */
    static final long RATE_LIMIT = 100_000;
    private static final String STREAM = "producer-bench";

    private ProducerRun() {
    }

    /** Runs one producer in a child JVM with the given heap limit. */
    static Result inChildJvm(String java, Path benchJar, String kind, URI endpoint, long records, int bytes,
            int shards, String maxHeap) throws Exception {
        List<String> command = List.of(java, "-Xmx" + maxHeap, "-XX:+UseG1GC", "-cp", benchJar.toString(),
                ProducerRun.class.getName(), kind, endpoint.toString(), Long.toString(records),
                Integer.toString(bytes), Integer.toString(shards));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        Process process = builder.start();
        Result result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    String[] f = line.substring(7).split(" ");
                    result = new Result(f[0], Long.parseLong(f[1]), Double.parseDouble(f[2]),
                            Double.parseDouble(f[3]), Long.parseLong(f[4]), Double.parseDouble(f[5]),
                            Double.parseDouble(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]),
                            Double.parseDouble(f[9]), Long.parseLong(f[10]));
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || result == null) {
            throw new IllegalStateException(kind + " run failed with exit code " + exit);
        }
        return result;
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        URI endpoint = URI.create(args[1]);
        long records = Long.parseLong(args[2]);
        int bytes = Integer.parseInt(args[3]);
        int shards = Integer.parseInt(args[4]);
        createStream(endpoint, shards);
        HeapWatch heap = new HeapWatch();
        heap.start();
        long cpuBefore = processCpuNanos();
        ConcurrentHistogram latency = new ConcurrentHistogram(3);
        AtomicLong failed = new AtomicLong();
        long started = System.nanoTime();
        long nativeRss = 0;
        if (kind.equals("sluice")) {
            runSluice(endpoint, records, bytes, latency, failed);
        } else {
            nativeRss = runKpl(endpoint, records, bytes, latency, failed);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpu = (processCpuNanos() - cpuBefore) / 1e9 + KplNative.cpuSeconds;
        heap.stopWatching();
        System.out.println(String.format(Locale.ROOT, "RESULT %s %d %.3f %.1f %d %.3f %.3f %d %d %.2f %d", kind,
                records, seconds, records / seconds, failed.get(), latency.getValueAtPercentile(50) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0, heap.peakUsed, heap.maxLive, cpu, nativeRss));
        System.exit(0);
    }

    private static void runSluice(URI endpoint, long records, int bytes, ConcurrentHistogram latency,
            AtomicLong failed) throws Exception {
        ProducerConfig config = ProducerConfig.builder()
                .endpoint(endpoint).region("us-east-1")
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .verifyCertificate(false)
                .rateLimit(RATE_LIMIT)
                .maxBufferedBytes(Long.getLong("bench.bufferBytes", ProducerConfig.DEFAULT_MAX_BUFFERED_BYTES))
                .collectionMaxSize(Integer.getInteger("bench.collectionMaxSize",
                        ProducerConfig.DEFAULT_COLLECTION_MAX_SIZE))
                .build();
        SplittableRandom random = new SplittableRandom(42);
        try (KinesisProducer producer = KinesisProducer.create(config)) {
            for (long i = 0; i < records; i++) {
                long added = System.nanoTime();
                producer.addUserRecord(STREAM, Long.toHexString(random.nextLong()), payload(bytes, i))
                        .whenComplete((result, error) -> {
                            latency.recordValue(Math.max(0, (System.nanoTime() - added) / 1_000));
                            if (error != null) {
                                failed.incrementAndGet();
                            }
                        });
            }
            producer.flushSync();
        }
    }

    private static long runKpl(URI endpoint, long records, int bytes, ConcurrentHistogram latency,
            AtomicLong failed) throws Exception {
        Path temp = Files.createDirectories(Path.of("bench", "target", "kpl-temp"));
        KinesisProducerConfiguration config = new KinesisProducerConfiguration()
                .setRegion("us-east-1")
                .setCredentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .setKinesisEndpoint(endpoint.getHost()).setKinesisPort(endpoint.getPort())
                .setCloudwatchEndpoint(endpoint.getHost()).setCloudwatchPort(endpoint.getPort())
                .setStsEndpoint(endpoint.getHost()).setStsPort(endpoint.getPort())
                .setVerifyCertificate(false)
                .setMetricsLevel("none")
                .setLogLevel("warning")
                .setRateLimit(RATE_LIMIT)
                .setTempDirectory(temp.toAbsolutePath().toString());
        software.amazon.kinesis.producer.KinesisProducer producer =
                new software.amazon.kinesis.producer.KinesisProducer(config);
        KplNative watch = new KplNative();
        watch.start();
        SplittableRandom random = new SplittableRandom(42);
        try {
            for (long i = 0; i < records; i++) {
                long added = System.nanoTime();
                ListenableFuture<software.amazon.kinesis.producer.UserRecordResult> future = producer.addUserRecord(
                        STREAM, Long.toHexString(random.nextLong()), ByteBuffer.wrap(payload(bytes, i)));
                Futures.addCallback(future, new FutureCallback<>() {
                    @Override
                    public void onSuccess(software.amazon.kinesis.producer.UserRecordResult result) {
                        latency.recordValue(Math.max(0, (System.nanoTime() - added) / 1_000));
                        if (!result.isSuccessful()) {
                            failed.incrementAndGet();
                        }
                    }

                    @Override
                    public void onFailure(Throwable t) {
                        latency.recordValue(Math.max(0, (System.nanoTime() - added) / 1_000));
                        failed.incrementAndGet();
                    }
                }, MoreExecutors.directExecutor());
                // The KPL has no back-pressure; a well-behaved application bounds what is outstanding itself.
                while (producer.getOutstandingRecordsCount() > 100_000) {
                    TimeUnit.MILLISECONDS.sleep(1);
                }
            }
            producer.flushSync();
            watch.sample();
        } finally {
            producer.destroy();
            watch.stopWatching();
        }
        return watch.peakRss;
    }

    private static byte[] payload(int bytes, long i) {
        byte[] data = new byte[bytes];
        for (int b = 0; b < 8 && b < bytes; b++) {
            data[b] = (byte) (i >>> (8 * b));
        }
        return data;
    }

    private static void createStream(URI endpoint, int shards) throws InterruptedException {
        try (KinesisClient kinesis = KinesisClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClient(ApacheHttpClient.builder().buildWithDefaults(AttributeMap.builder()
                        .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true).build()))
                .build()) {
            kinesis.createStream(b -> b.streamName(STREAM).shardCount(shards));
            while (!kinesis.describeStreamSummary(b -> b.streamName(STREAM)).streamDescriptionSummary()
                    .streamStatusAsString().equals("ACTIVE")) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Polls heap use: the highest used, and the highest left after a collection (what was really live). */
    private static final class HeapWatch extends Thread {
        volatile boolean running = true;
        long peakUsed;
        long maxLive;

        HeapWatch() {
            super("heap-watch");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                long used = 0;
                long live = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                        used += pool.getUsage().getUsed();
                        if (pool.getCollectionUsage() != null) {
                            live += pool.getCollectionUsage().getUsed();
                        }
                    }
                }
                peakUsed = Math.max(peakUsed, used);
                maxLive = Math.max(maxLive, live);
                try {
                    TimeUnit.MILLISECONDS.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stopWatching() {
            running = false;
        }
    }

    /** Watches the KPL's native daemon (a child process): its peak resident memory and its CPU time. */
    private static final class KplNative extends Thread {
        static volatile double cpuSeconds;
        volatile boolean running = true;
        volatile long peakRss;

        KplNative() {
            super("kpl-native-watch");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                sample();
                try {
                    TimeUnit.MILLISECONDS.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void sample() {
            ProcessHandle.current().children().forEach(child -> {
                try {
                    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(child.pid()), "status"))) {
                        if (line.startsWith("VmHWM:")) {
                            peakRss = Math.max(peakRss, Long.parseLong(line.replaceAll("\\D", "")) * 1024);
                        }
                    }
                    String[] stat = Files.readString(Path.of("/proc", Long.toString(child.pid()), "stat"))
                            .split("\\) ")[1].split(" ");
                    // utime and stime, fields 14 and 15, in clock ticks (100 a second on Linux).
                    cpuSeconds = (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0;
                } catch (java.io.IOException | RuntimeException e) {
                    // The process ended between listing and reading; the last sample stands.
                }
            });
        }

        void stopWatching() {
            running = false;
        }
    }
}
