package io.sluice.local.internal.firehose;

import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.local.RecordTransformer;
import io.sluice.local.internal.api.ServiceDefinition;
import io.sluice.local.internal.firehose.delivery.PipelineEnvironment;
import io.sluice.local.internal.firehose.delivery.S3Folder;
import io.sluice.local.internal.firehose.delivery.Transformers;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Firehose inside the backend: its threads (a timer that checks buffering intervals every
 * {@value #TICK_MILLIS} ms and schedules retries, and delivery workers), the S3 folder, the registry of delivery
 * streams and the API. Started with the backend, and on a graceful stop delivers what it holds. Thread-safe.
 */
public final class FirehoseRuntime implements AutoCloseable {

    static final long TICK_MILLIS = 100;
    /** Transformations that may run at once (each may wait for a function at a URL). */
    static final int TRANSFORM_THREADS = 8;
    /** How long a graceful stop waits for buffered records to be delivered. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(FirehoseRuntime.class);

    private final ScheduledExecutorService timer;
    private final ExecutorService work;
    private final ExecutorService transforms;
    private final DeliveryStreamRegistry registry;
    private final FirehoseService service;
    private final S3Folder folder;
    private final io.sluice.local.internal.firehose.delivery.SdkObjectStore s3Client;
    private KinesisClient kinesis;
    private Path temporaryS3;

    /**
     * The settings of Firehose in one backend.
     *
     * @param dataDirectory where delivery streams and their logs are kept, or {@code null} in memory
     * @param fsync whether appends to the logs are forced to disk
     * @param s3Directory the folder S3 buckets are written to, or {@code null} for a temporary folder removed at
     *     {@link #close()}
     * @param clock the backend's clock
     * @param createDelay how long a new delivery stream stays CREATING
     * @param deleteDelay how long a deleted one stays DELETING
     * @param meters where metrics go
     * @param transformers transformations by function name
     * @param transformerUrls URLs answering for functions, by function name
     * @param s3Endpoint an S3-compatible endpoint that takes the objects instead of the folder, or {@code null}
     */
    public record Settings(Path dataDirectory, boolean fsync, Path s3Directory, Clock clock, Duration createDelay,
            Duration deleteDelay, MeterRegistry meters, Map<String, RecordTransformer> transformers,
            Map<String, java.net.URI> transformerUrls, S3Endpoint s3Endpoint) {
    }

    /**
     * An S3-compatible endpoint for S3 destinations.
     *
     * @param endpoint its URL (path-style requests)
     * @param region the region requests are signed for
     * @param credentials the credentials they are signed with
     */
    public record S3Endpoint(java.net.URI endpoint, String region,
            software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials) {
    }

    /**
     * @param kinesis makes a client of this backend's Kinesis API (for stream sources), once it serves
     * @param streams tells whether a data stream exists
     */
    public FirehoseRuntime(Settings settings, Supplier<KinesisClient> kinesis,
            DeliveryStreamActions.StreamExistence streams) {
        this.timer = Executors.newSingleThreadScheduledExecutor(threads("sluice-firehose-timer"));
        this.work = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                threads("sluice-firehose-delivery"));
        this.transforms = Executors.newFixedThreadPool(TRANSFORM_THREADS, threads("sluice-firehose-transform"));
        // Its own threads: a blocking send() on a pool the client also needs would wait for itself.
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1).build();
        if (settings.s3Directory() == null) {
            try {
                temporaryS3 = java.nio.file.Files.createTempDirectory("sluice-s3-");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        this.folder = new S3Folder(settings.s3Directory() != null ? settings.s3Directory() : temporaryS3);
        this.s3Client = settings.s3Endpoint() == null ? null : new io.sluice.local.internal.firehose.delivery
                .SdkObjectStore(settings.s3Endpoint().endpoint(), settings.s3Endpoint().region(),
                        settings.s3Endpoint().credentials());
        PipelineEnvironment env = new PipelineEnvironment(settings.clock(), work, transforms, timer,
                s3Client != null ? s3Client : folder,
                settings.meters(),
                new Transformers(settings.transformers(), settings.transformerUrls(), http), http);
        Supplier<KinesisClient> shared = () -> {
            synchronized (this) {
                if (this.kinesis == null) {
                    this.kinesis = kinesis.get();
                }
                return this.kinesis;
            }
        };
        try {
            this.registry = new DeliveryStreamRegistry(settings.dataDirectory() == null ? null
                    : settings.dataDirectory().resolve("firehose"), settings.fsync(), env, settings.createDelay(),
                    settings.deleteDelay(), shared);
        } catch (RuntimeException | Error e) {
            timer.shutdownNow();
            work.shutdownNow();
            transforms.shutdownNow();
            if (s3Client != null) {
                s3Client.close();
            }
            throw e;
        }
        this.service = new FirehoseService(registry, streams);
    }

    public ServiceDefinition definition() {
        return service.definition();
    }

    /** Whether a delivery stream ARN ({@code arn:aws:firehose:<region>:<account>:deliverystream/<name>}) exists. */
    public boolean deliveryStreamExists(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[2].equals("firehose") || !parts[5].startsWith("deliverystream/")) {
            return false;
        }
        return registry.find(parts[3], parts[5].substring("deliverystream/".length())) != null;
    }

    /** Readers of what delivery streams take in. */
    public DeliveryTaps taps() {
        return registry.taps();
    }

    public Path s3Directory() {
        return folder.root();
    }

    /** Starts the buffering clock and the stream sources; the backend serves by now. */
    public void start() {
        timer.scheduleWithFixedDelay(() -> {
            try {
                registry.tick();
            } catch (RuntimeException e) {
                log.warn("Firehose tick failed", e);
            }
        }, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        registry.startSources();
        service.serving();
    }

    /** Delivers what is buffered (waiting at most {@link #DRAIN_TIMEOUT}), then stops every thread. */
    @Override
    public void close() {
        registry.stopIntake();
        registry.drain(DRAIN_TIMEOUT);
        registry.close();
        timer.shutdownNow();
        work.shutdownNow();
        transforms.shutdownNow();
        try {
            work.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (s3Client != null) {
            s3Client.close();
        }
        synchronized (this) {
            if (kinesis != null) {
                kinesis.close();
                kinesis = null;
            }
        }
        if (temporaryS3 != null) {
            deleteTree(temporaryS3);
            temporaryS3 = null;
        }
    }

    private static void deleteTree(Path top) {
        try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(top)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(path);
            }
        } catch (java.io.IOException e) {
            log.warn("Could not remove the temporary S3 folder {}", top, e);
        }
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
