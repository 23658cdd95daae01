package io.sluice.samples.quickstart;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.consumer.ConsumerConfig;
import io.sluice.consumer.InitialPosition;
import io.sluice.consumer.Scheduler;
import io.sluice.local.LocalBackend;
import io.sluice.local.LocalClients;
import io.sluice.producer.KinesisProducer;
import io.sluice.producer.ProducerConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesisanalytics.KinesisAnalyticsClient;
import software.amazon.awssdk.services.kinesisanalytics.model.InputStartingPosition;
import software.amazon.awssdk.services.kinesisanalytics.model.RecordFormatType;

/**
 * The quickstart: starts backend-local embedded, creates a clickstream data stream, writes realistic click events
 * into it with Sluice's producer at a steady rate, reads them with a fleet of two Sluice consumer workers (leases
 * in the backend's DynamoDB) counting events per page, archives them with a Firehose delivery stream (GZIP files
 * in the S3 folder) and counts them per page per 10-second window with an Analytics application. It prints a live
 * summary, then checks that every event the producer had acknowledged reached the consumers, and exits 0 when it
 * did. Not thread-safe; run once.
 */
@Command(name = "sluice-quickstart", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs Sluice's whole pipeline on an embedded backend-local: producer, a consumer fleet, "
                + "Firehose and an Analytics application, with a live summary and a final check.")
public final class Quickstart implements Callable<Integer> {

    static final String STREAM = "clickstream";
    static final String COUNTS = "page-counts";
    static final String ARCHIVE = "clickstream-archive";
    static final String ROLE = "arn:aws:iam::000000000000:role/quickstart";
    static final String APPLICATION = "page-counts-per-10s";
    static final String CODE = """
            CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (page VARCHAR(32), clicks BIGINT,
              window_start TIMESTAMP);
            CREATE OR REPLACE PUMP "PAGE_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
              SELECT STREAM "page", COUNT(*), STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND)
              FROM "SOURCE_SQL_STREAM_001"
              GROUP BY "page", STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND);
            """;

    @Option(names = "--duration", description = "Seconds of producing. Default: ${DEFAULT-VALUE}.")
    int durationSeconds = 20;

    @Option(names = "--rate", description = "Click events per second. Default: ${DEFAULT-VALUE}.")
    int rate = 2_000;

    @Option(names = "--shards", description = "Shards of the clickstream. Default: ${DEFAULT-VALUE}.")
    int shards = 2;

    @Option(names = "--port", description = "Port of the backend; 0 picks a free one. Default: 0, or "
            + LocalBackend.DEFAULT_PORT + " with --keep-running.")
    Integer port;

    @Option(names = "--keep-running", description = "Leave the backend up at the end and print how to point the "
            + "AWS CLI at it (stop with Ctrl-C).")
    boolean keepRunning;

    @Option(names = "--no-progress", description = "No progress bar (for logs and CI).", negatable = false)
    boolean noProgress;

    private static final java.util.logging.Logger SQLITE_LOG =
            java.util.logging.Logger.getLogger("com.almworks.sqlite4java");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out;
    private long total;
    private long producerFailures;
    private boolean flushed;

    /** A quickstart printing to standard output. */
    public Quickstart() {
        this(System.out);
    }

    Quickstart(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the quickstart and exits with its result: 0 when every acknowledged event was consumed.
     *
     * @param args the command line (see {@code --help})
     */
    public static void main(String[] args) {
        // DynamoDB Local's SQLite binding logs a harmless warning through java.util.logging at start; the logger
        // is held so its level is not lost to garbage collection.
        SQLITE_LOG.setLevel(java.util.logging.Level.OFF);
        System.exit(new CommandLine(new Quickstart()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (durationSeconds < 1 || rate < 1 || shards < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--duration, --rate and --shards must "
                    + "be positive");
        }
        long started = System.nanoTime();
        LocalBackend backend = LocalBackend.builder().port(port != null ? port : keepRunning
                ? LocalBackend.DEFAULT_PORT : 0).createDelay(Duration.ZERO).updateDelay(Duration.ZERO)
                .build().start();
        boolean ok;
        List<Scheduler> workers = new ArrayList<>();
        LocalClients clients = LocalClients.of(backend);
        try (KinesisClient kinesis = clients.kinesis().build();
                KinesisAsyncClient kinesisAsync = clients.kinesisAsync().build();
                DynamoDbClient dynamo = clients.dynamoDb().build();
                FirehoseClient firehose = clients.firehose().build();
                KinesisAnalyticsClient analytics = clients.kinesisAnalytics().build()) {
            out.println("backend-local on " + backend.endpoint() + "; S3 folder " + backend.s3Directory());
            String streamArn = createStreams(kinesis);
            createArchive(firehose, streamArn);
            startAnalytics(analytics, streamArn);
            PageCounter counter = new PageCounter(Duration.ofSeconds(5), Clock.systemUTC());
            List<SimpleMeterRegistry> meters = new ArrayList<>();
            for (String worker : List.of("worker-1", "worker-2")) {
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                meters.add(registry);
                Scheduler scheduler = Scheduler.create(ConsumerConfig.builder("clickstream-counter", STREAM)
                        .workerId(worker).initialPosition(InitialPosition.TRIM_HORIZON)
                        .pollingInterval(Duration.ofMillis(200)).takeInterval(Duration.ofMillis(500))
                        .meterRegistry(registry).build(), counter, kinesisAsync, dynamo);
                scheduler.start();
                workers.add(scheduler);
            }
            out.println("Two consumer workers lease the " + shards + " shards in backend-local's DynamoDB.");
            Set<Long> acknowledged = produce(clients, backend, counter, meters);
            out.println();
            awaitFor(Duration.ofSeconds(30), () -> counter.seen().containsAll(acknowledged));
            awaitFor(Duration.ofSeconds(20), () -> windows(backend) > 0 && files(backend.s3Directory()) > 0);
            ok = report(backend, counter, meters, acknowledged, started);
            for (Scheduler worker : workers) {
                worker.shutdownGracefully(Duration.ofSeconds(10));
            }
            workers.clear();
            if (keepRunning) {
                printCliHints(backend);
                Runtime.getRuntime().addShutdownHook(new Thread(backend::close));
                Thread.currentThread().join();
            }
        } finally {
            workers.forEach(Scheduler::close);
            if (!keepRunning) {
                backend.close();
            }
        }
        return ok ? 0 : 1;
    }

    private String createStreams(KinesisClient kinesis) {
        kinesis.createStream(b -> b.streamName(STREAM).shardCount(shards));
        kinesis.createStream(b -> b.streamName(COUNTS).shardCount(1));
        kinesis.waiter().waitUntilStreamExists(b -> b.streamName(STREAM));
        kinesis.waiter().waitUntilStreamExists(b -> b.streamName(COUNTS));
        out.println("Created data streams " + STREAM + " (" + shards + " shards) and " + COUNTS + ".");
        return kinesis.describeStreamSummary(b -> b.streamName(STREAM)).streamDescriptionSummary().streamARN();
    }

    private void createArchive(FirehoseClient firehose, String streamArn) {
        firehose.createDeliveryStream(b -> b.deliveryStreamName(ARCHIVE).deliveryStreamType("KinesisStreamAsSource")
                .kinesisStreamSourceConfiguration(k -> k.kinesisStreamARN(streamArn).roleARN(ROLE))
                .extendedS3DestinationConfiguration(s -> s.roleARN(ROLE).bucketARN("arn:aws:s3:::" + ARCHIVE)
                        .prefix("clicks/").compressionFormat("GZIP")
                        .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(10))));
        out.println("Firehose " + ARCHIVE + " archives the clickstream as GZIP files in the S3 folder.");
    }

    private void startAnalytics(KinesisAnalyticsClient analytics, String streamArn) {
        String countsArn = streamArn.replace("/" + STREAM, "/" + COUNTS);
        analytics.createApplication(b -> b.applicationName(APPLICATION).applicationCode(CODE)
                .inputs(i -> i.namePrefix("SOURCE_SQL_STREAM")
                        .kinesisStreamsInput(k -> k.resourceARN(streamArn).roleARN(ROLE))
                        .inputSchema(s -> s.recordFormat(f -> f.recordFormatType(RecordFormatType.JSON)
                                .mappingParameters(m -> m.jsonMappingParameters(j -> j.recordRowPath("$"))))
                                .recordColumns(c -> c.name("page").mapping("$.page").sqlType("VARCHAR(32)"),
                                        c -> c.name("user").mapping("$.user").sqlType("VARCHAR(16)"))))
                .outputs(o -> o.name("DESTINATION_SQL_STREAM")
                        .kinesisStreamsOutput(k -> k.resourceARN(countsArn).roleARN(ROLE))
                        .destinationSchema(d -> d.recordFormatType(RecordFormatType.JSON))));
        analytics.startApplication(b -> b.applicationName(APPLICATION).inputConfigurations(c -> c.id("1.1")
                .inputStartingPositionConfiguration(p -> p.inputStartingPosition(InputStartingPosition.NOW))));
        out.println("Analytics application " + APPLICATION + " counts clicks per page per 10 s into " + COUNTS + ".");
    }

    /** Writes click events at the rate for the duration; returns the ids the producer acknowledged. */
    private Set<Long> produce(LocalClients clients, LocalBackend backend, PageCounter counter,
            List<SimpleMeterRegistry> meters) throws InterruptedException {
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicLong failed = new AtomicLong();
        total = (long) rate * durationSeconds;
        ProducerConfig config = ProducerConfig.builder().endpoint(clients.endpoint()).region(clients.region().id())
                .credentialsProvider(clients.credentialsProvider()).build();
        ClickEvents events = new ClickEvents(42);
        ProgressBarBuilder bar = new ProgressBarBuilder().setTaskName("Producing").setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().setMaxRenderedLength(150)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(noProgress
                        ? new PrintStream(java.io.OutputStream.nullOutputStream()) : out));
        try (KinesisProducer producer = KinesisProducer.create(config); ProgressBar progress = bar.build()) {
            long start = System.nanoTime();
            for (long i = 0; i < total; i++) {
                long due = start + i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                ClickEvents.Click click = events.next(System.currentTimeMillis());
                producer.addUserRecord(STREAM, click.user(), click.json()).whenComplete((result, error) -> {
                    if (error == null) {
                        acknowledged.add(click.id());
                    } else {
                        failed.incrementAndGet();
                    }
                });
                progress.step();
                if (i % 500 == 0) {
                    progress.setExtraMessage(live(backend, counter, meters, acknowledged.size()));
                }
            }
            flushed = producer.flushSync(Duration.ofSeconds(30));
            progress.setExtraMessage(live(backend, counter, meters, acknowledged.size()));
        }
        producerFailures = failed.get();
        if (producerFailures > 0 || !flushed) {
            out.println(producerFailures + " events failed in the producer" + (flushed ? "" : "; its flush did not "
                    + "finish in 30 s"));
        }
        return acknowledged;
    }

    /** The live summary next to the progress bar. */
    private static String live(LocalBackend backend, PageCounter counter, List<SimpleMeterRegistry> meters,
            long acknowledged) {
        StringBuilder lag = new StringBuilder();
        for (SimpleMeterRegistry registry : meters) {
            lag.append(lag.length() == 0 ? "" : "/").append(lagMillis(registry));
        }
        return String.format(Locale.ROOT, "ack %d cons %d lag %sms files %d win %d", acknowledged,
                counter.seen().size(), lag, files(backend.s3Directory()), windows(backend));
    }

    private static long lagMillis(SimpleMeterRegistry registry) {
        var gauge = registry.find("MaxMillisBehindLatest").gauge();
        return gauge == null || Double.isNaN(gauge.value()) ? 0 : (long) gauge.value();
    }

    static long windows(LocalBackend backend) {
        var gauge = backend.meterRegistry().find("KinesisAnalytics.OutputRecords").tag("Application", APPLICATION)
                .gauge();
        return gauge == null ? 0 : (long) gauge.value();
    }

    static long files(Path s3) {
        Path bucket = s3.resolve(ARCHIVE);
        if (!Files.isDirectory(bucket)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(bucket)) {
            return walk.filter(Files::isRegularFile).count();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static void awaitFor(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** Prints the final summary and the check; whether every acknowledged event was consumed. */
    private boolean report(LocalBackend backend, PageCounter counter, List<SimpleMeterRegistry> meters,
            Set<Long> acknowledged, long started) {
        out.printf(Locale.ROOT, "%nProduced and acknowledged: %,d click events%n", acknowledged.size());
        out.printf(Locale.ROOT, "Consumed: %,d distinct events (%,d deliveries)%n", counter.seen().size(),
                counter.deliveries());
        for (int i = 0; i < meters.size(); i++) {
            out.printf(Locale.ROOT, "  worker-%d MillisBehindLatest: %d ms%n", i + 1, lagMillis(meters.get(i)));
        }
        out.println("Clicks per page (consumer fleet):");
        counter.perPage().entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
                .forEach(e -> out.printf(Locale.ROOT, "  %-18s %,8d%n", e.getKey(), e.getValue().sum()));
        out.printf(Locale.ROOT, "Firehose files in %s: %d%n", backend.s3Directory().resolve(ARCHIVE),
                files(backend.s3Directory()));
        out.printf(Locale.ROOT, "Analytics windows emitted to %s: %d rows%n", COUNTS, windows(backend));
        Set<Long> missing = new java.util.HashSet<>(acknowledged);
        missing.removeAll(counter.seen());
        boolean produced = producerFailures == 0 && flushed && acknowledged.size() == total;
        boolean ok = produced && missing.isEmpty() && windows(backend) > 0 && files(backend.s3Directory()) > 0;
        String verdict = !produced ? (total - acknowledged.size()) + " of " + total + " events were not acknowledged"
                : !missing.isEmpty() ? missing.size() + " acknowledged events were not consumed"
                : windows(backend) == 0 || files(backend.s3Directory()) == 0 ? "no Analytics window or Firehose file"
                : "every event was acknowledged and consumed";
        out.printf(Locale.ROOT, "%s: %s (%.1f s)%n", ok ? "PASS" : "FAIL", verdict,
                (System.nanoTime() - started) / 1e9);
        return ok;
    }

    private void printCliHints(LocalBackend backend) {
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_REGION", backend.region(), "AWS_EC2_METADATA_DISABLED", "true");
        out.println();
        out.println("backend-local keeps running on " + backend.endpoint() + " (Ctrl-C stops it). Try:");
        env.forEach((k, v) -> out.println("  export " + k + "=" + v));
        out.println("  aws --endpoint-url " + backend.endpoint() + " kinesis list-streams");
        out.println("  aws --endpoint-url " + backend.endpoint() + " kinesisanalytics describe-application "
                + "--application-name " + APPLICATION);
        out.println("  aws --endpoint-url " + backend.endpoint() + " firehose describe-delivery-stream "
                + "--delivery-stream-name " + ARCHIVE);
    }
}
