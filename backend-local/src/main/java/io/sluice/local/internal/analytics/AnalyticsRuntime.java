package io.sluice.local.internal.analytics;

import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.local.internal.analytics.ApplicationState.InputEntry;
import io.sluice.local.internal.analytics.ApplicationState.ReferenceEntry;
import io.sluice.local.internal.analytics.records.RecordParser;
import io.sluice.local.internal.analytics.sql.Program;
import io.sluice.local.internal.api.ServiceDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Kinesis Data Analytics (SQL) inside the backend: the API, the stored applications, and a thread per running
 * application. Applications that were running when the backend stopped start again where they were (their
 * committed positions). Reference data is read from the S3 folder ({@code <s3-dir>/<bucket>/<key>}). Thread-safe.
 */
public final class AnalyticsRuntime implements Runners, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsRuntime.class);

    /** How long applications stay STARTING, STOPPING, UPDATING and DELETING. */
    public record Delays(java.time.Duration start, java.time.Duration stop, java.time.Duration update,
            java.time.Duration delete) {
    }

    /** SDK clients of this backend's own APIs, per region. */
    public interface Clients {
        KinesisClient kinesis(String region);

        FirehoseClient firehose(String region);

        /** Readers of what this backend's delivery streams take in. */
        io.sluice.local.internal.firehose.DeliveryTaps taps();
    }

    /**
     * @param dataDirectory where applications are kept, or {@code null} in memory
     * @param s3Directory the S3 folder reference data is read from
     * @param clock the backend's clock (ROWTIME, windows)
     * @param delays how long transitional statuses last
     * @param meters where metrics go
     */
    public record Settings(Path dataDirectory, Path s3Directory, Clock clock, Delays delays,
            MeterRegistry meters) {
    }

    private final Settings settings;
    private final Clients clients;
    private final ApplicationRegistry registry;
    private final AnalyticsService service;
    private final AnalyticsMeters meters;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    /** Deleted applications: their runs' last commits are not saved. */
    private final java.util.Set<String> deleted = ConcurrentHashMap.newKeySet();
    /** The run each application should have (the latest start), absent once stopped. */
    private final Map<String, Object> wanted = new ConcurrentHashMap<>();
    /** Starts applications one at a time, after their previous runs flushed. */
    private final ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sluice-analytics-control");
        t.setDaemon(true);
        return t;
    });
    /** Schema discovery's sampling (it calls the backend's own API, so it cannot run on a request's thread). */
    private final java.util.concurrent.ExecutorService discovery = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "sluice-analytics-discovery");
        t.setDaemon(true);
        return t;
    });
    /** Committed positions of stopped applications kept in memory (also in the data directory, if any). */
    private final Map<String, Map<String, String>> positions = new ConcurrentHashMap<>();

    private record Running(ApplicationRunner runner, ScheduledExecutorService thread) {
    }

    /**
     * A runtime whose applications reach this backend's own APIs through SDK clients made per region (closed with
     * the runtime).
     *
     * @param streamExists whether a data stream ARN exists in this backend
     * @param deliveryStreamExists whether a delivery stream ARN exists in this backend
     */
    public static AnalyticsRuntime create(Settings settings,
            java.util.function.Function<String, KinesisClient> kinesis,
            java.util.function.Function<String, FirehoseClient> firehose,
            io.sluice.local.internal.firehose.DeliveryTaps taps,
            java.util.function.BiPredicate<io.sluice.local.internal.api.RequestContext, String> streamExists,
            java.util.function.Predicate<String> deliveryStreamExists) {
        SelfClients clients = new SelfClients(kinesis, firehose, taps);
        AnalyticsRuntime runtime = new AnalyticsRuntime(settings, clients, new Resources() {
            @Override
            public boolean streamExists(io.sluice.local.internal.api.RequestContext ctx, String arn) {
                return streamExists.test(ctx, arn);
            }

            @Override
            public boolean deliveryStreamExists(io.sluice.local.internal.api.RequestContext ctx, String arn) {
                return deliveryStreamExists.test(arn);
            }
        });
        runtime.ownedClients = clients;
        return runtime;
    }

    private SelfClients ownedClients;

    public AnalyticsRuntime(Settings settings, Clients clients, Resources resources) {
        this.settings = settings;
        this.clients = clients;
        this.meters = new AnalyticsMeters(settings.meters());
        this.registry = new ApplicationRegistry(new AnalyticsStore(settings.dataDirectory() == null ? null
                : settings.dataDirectory().resolve("analytics")));
        this.service = new AnalyticsService(registry, this, resources, settings.delays(),
                new DiscoveryActions(clients, settings.s3Directory(), resources, discovery));
    }

    public ServiceDefinition definition() {
        return service.definition();
    }

    /** Starts again the applications that were running; the backend serves by now. */
    public void start() {
        for (ApplicationState state : registry.all()) {
            String settled = state.settled();
            if (ApplicationState.RUNNING.equals(settled) && !state.inputs().isEmpty()) {
                launch(state, true);
            }
        }
    }

    private static String key(ApplicationState state) {
        return state.region() + "/" + state.name();
    }

    @Override
    public void start(ApplicationState state) {
        launch(state, false);
    }

    /**
     * Starts an application once its previous run (if any) has flushed, on the control thread: callers (request
     * threads) never wait.
     *
     * @param resume go on from the committed positions whatever the starting position says
     */
    private void launch(ApplicationState state, boolean resume) {
        Object token = new Object();
        long requested = settings.clock().millis();
        var firehoseInput = state.inputs().get(0).input().kinesisFirehoseInput();
        DeliveryStreamFeed feed = firehoseInput == null ? null
                : new DeliveryStreamFeed(clients.taps(), firehoseInput.resourceArn(), state.name());
        java.util.concurrent.CompletableFuture<Void> previous;
        synchronized (this) {
            wanted.put(key(state), token);
            previous = halt(state);
        }
        previous.whenCompleteAsync((done, failure) -> run(state, resume, token, feed, requested), control);
    }

    /** Starts the run {@code token} stands for, unless a later start or a stop came since. */
    private void run(ApplicationState state, boolean resume, Object token, DeliveryStreamFeed feed,
            long requested) {
        if (wanted.get(key(state)) != token) {
            if (feed != null) {
                feed.close();
            }
            return;
        }
        InputEntry input = state.inputs().get(0);
        String position = resume ? "LAST_STOPPED_POINT" : input.startingPosition();
        Map<String, String> committed;
        if ("LAST_STOPPED_POINT".equals(position)) {
            committed = positions.computeIfAbsent(key(state), k -> registry.store().loadPositions(state));
        } else {
            committed = new HashMap<>();
            // Where this run began, saved before it reads: a crash before its first commit resumes there (a
            // TRIM_HORIZON start as reading from time 0).
            committed.put(ShardReader.FIRST_START, "NOW".equals(position) ? Long.toString(requested) : "0");
            positions.put(key(state), committed);
            registry.store().savePositions(state, committed);
        }
        deleted.remove(key(state));
        ApplicationState launched = state.withInputs(List.of(new InputEntry(input.id(), input.input(), position)));
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-analytics-" + state.name());
            t.setDaemon(true);
            return t;
        });
        try {
            Program program = ApplicationPrograms.compile(launched, settings.clock()::millis);
            ApplicationRunner runner = new ApplicationRunner(launched, program, thread, settings.clock(), clients,
                    new HashMap<>(committed), saved -> {
                        if (deleted.contains(key(state))) {
                            return;
                        }
                        Map<String, String> copy = new HashMap<>(saved);
                        positions.put(key(state), copy);
                        registry.store().savePositions(state, copy);
                    }, meters, this::loadReference, feed);
            synchronized (this) {
                if (wanted.get(key(state)) != token) {
                    thread.shutdownNow();
                    if (feed != null) {
                        feed.close();
                    }
                    return;
                }
                running.put(key(state), new Running(runner, thread));
                runner.start();
            }
        } catch (RuntimeException e) {
            thread.shutdownNow();
            if (feed != null) {
                feed.close();
            }
            log.warn("Application {} could not start", state.name(), e);
        }
    }

    /** Stops a running application, if it runs; done once its last flush is. */
    private synchronized java.util.concurrent.CompletableFuture<Void> halt(ApplicationState state) {
        Running r = running.remove(key(state));
        if (r == null) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        return r.runner().stop().whenComplete((done, failure) -> r.thread().shutdown());
    }

    @Override
    public synchronized void stop(ApplicationState state) {
        wanted.remove(key(state));
        halt(state);
    }

    @Override
    public void restart(ApplicationState state) {
        launch(state, true);
    }

    @Override
    public synchronized void delete(ApplicationState state) {
        wanted.remove(key(state));
        deleted.add(key(state));
        positions.remove(key(state));
        halt(state);
    }

    /** The rows of a reference table, read from the S3 folder (missing or unreadable: none, with a warning). */
    private List<Object[]> loadReference(ReferenceEntry entry) {
        var s3 = entry.source().s3ReferenceDataSource();
        String bucket = s3.bucketArn().substring("arn:aws:s3:::".length());
        Path root = settings.s3Directory().toAbsolutePath().normalize();
        Path file = root.resolve(bucket).resolve(s3.fileKey()).normalize();
        if (!file.startsWith(root)) {
            log.warn("Reference table {}: s3://{}/{} is outside the S3 folder", entry.source().tableName(), bucket,
                    s3.fileKey());
            return List.of();
        }
        try {
            byte[] data = Files.readAllBytes(file);
            RecordParser parser = RecordParser.of(entry.source().referenceSchema());
            if (!"JSON".equals(entry.source().referenceSchema().recordFormat().recordFormatType())) {
                return parser.parse(data);
            }
            List<Object[]> rows = new ArrayList<>();
            for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    rows.addAll(parser.parse(line.getBytes(StandardCharsets.UTF_8)));
                }
            }
            return rows;
        } catch (IOException | RuntimeException e) {
            log.warn("Reference table {} could not be loaded from {}: {}", entry.source().tableName(), file,
                    e.toString());
            return List.of();
        }
    }

    /** Stops every application; their positions are committed for the next start. */
    @Override
    public void close() {
        control.shutdown();
        try {
            control.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Running r : new ArrayList<>(running.values())) {
            try {
                r.runner().stop().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                log.warn("Application {} did not stop cleanly", r.runner().state().name(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            r.thread().shutdownNow();
        }
        running.clear();
        discovery.shutdownNow();
        if (ownedClients != null) {
            ownedClients.close();
        }
    }
}
