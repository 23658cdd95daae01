package io.sluice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import io.sluice.producer.ProducerConfig;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the side-by-side benchmarks of the foundation issue in one go and prints a Markdown report: ingest and read
 * against backend-local, kinesalite and a do-nothing endpoint, and backend-local's start-up time. Each server runs
 * as its own process, started fresh for each measurement; the SDK client runs in this JVM.
 */
@Command(name = "sluice-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Side-by-side benchmarks: backend-local vs kinesalite vs a do-nothing endpoint.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--seconds", description = "Measured seconds per ingest run. Default: ${DEFAULT-VALUE}.")
    int seconds = 30;

    @Option(names = "--warmup-seconds", description = "Unmeasured seconds before each ingest run. Default: ${DEFAULT-VALUE}.")
    int warmupSeconds = 10;

    @Option(names = "--threads", description = "Client threads for ingest. Default: ${DEFAULT-VALUE}.")
    int threads = 4;

    @Option(names = "--read-records", description = "Records drained by the read benchmark. Default: ${DEFAULT-VALUE}.")
    long readRecords = 1_000_000;

    @Option(names = "--startup-runs", description = "Fresh JVMs for the start-up probe. Default: ${DEFAULT-VALUE}.")
    int startupRuns = 7;

    @Option(names = "--only", split = ",", description = "Any of ingest, read, startup, fanout, producer (kpl is the "
            + "same), consumer, firehose, analytics. Default: all.")
    List<String> only = List.of("ingest", "read", "startup", "fanout", "producer", "consumer", "firehose",
            "analytics");

    @Option(names = "--analytics-rows", description = "Rows per Analytics runtime pass. Default: ${DEFAULT-VALUE}.")
    int analyticsRows = 10_000_000;

    @Option(names = "--analytics-records", description = "Records of the Analytics end-to-end runs. Default: "
            + "${DEFAULT-VALUE}.")
    int analyticsRecords = 1_000_000;

    @Option(names = "--firehose-runs", split = ",", description = "Firehose runs, storage/compression: data-dir or "
            + "in-memory, GZIP or UNCOMPRESSED. Default: ${DEFAULT-VALUE}.")
    List<String> firehoseRuns = List.of("data-dir/GZIP", "in-memory/GZIP", "in-memory/UNCOMPRESSED");

    @Option(names = "--server-heap", description = "-Xmx of the backend-local process in the Firehose runs. Default: "
            + "${DEFAULT-VALUE}.")
    String serverHeap = "1g";

    @Option(names = "--consumers", split = ",", description = "Consumer workers compared: sluice, kcl. Default: "
            + "${DEFAULT-VALUE}.")
    List<String> consumerKinds = List.of("sluice", "kcl");

    @Option(names = "--latency-records", description = "Records timed per consumer latency run, at 1,000/s. "
            + "Default: ${DEFAULT-VALUE}.")
    int latencyRecords = 10_000;

    @Option(names = "--consumer-drain-records", description = "Backlog one Sluice worker drains. Default: "
            + "${DEFAULT-VALUE}.")
    long consumerDrainRecords = 1_000_000;

    @Option(names = "--consumer-parts", split = ",", description = "Which consumer runs: fleet, latency, drain. "
            + "Default: ${DEFAULT-VALUE}.")
    List<String> consumerParts = List.of("fleet", "latency", "drain");

    @Option(names = "--kcl-jar", description = "The official KCL's worker jar (module bench-kcl). Default: "
            + "${DEFAULT-VALUE}.")
    Path kclJar = Path.of("bench-kcl/target/sluice-bench-kcl.jar");

    @Option(names = "--fanout-records", description = "Records timed by the fan-out latency run. Default: ${DEFAULT-VALUE}.")
    int fanOutRecords = 10_000;

    @Option(names = "--fanout-rate", description = "Records per second of the fan-out latency run. Default: ${DEFAULT-VALUE}.")
    int fanOutRate = 1_000;

    @Option(names = "--drain-records", description = "Records drained by one fan-out subscriber. Default: ${DEFAULT-VALUE}.")
    long drainRecords = 1_000_000;

    @Option(names = {"--producer-records", "--kpl-records"},
            description = "User records each producer puts. Default: ${DEFAULT-VALUE}.")
    long producerRecords = 1_000_000;

    @Option(names = "--producer-heap", description = "-Xmx of Sluice's producer JVM: its buffer bound (32 MiB by "
            + "default) plus 64 MiB. Default: ${DEFAULT-VALUE}.")
    String producerHeap = "96m";

    @Option(names = "--kpl-heap", description = "-Xmx of the KPL's JVM (its Java side holds the futures). "
            + "Default: ${DEFAULT-VALUE}.")
    String kplHeap = "512m";

    @Option(names = "--skip-kinesalite", description = "Leave kinesalite out (no Node.js at hand).")
    boolean skipKinesalite;

    @Option(names = "--local-jar", description = "The backend-local runnable jar. Default: ${DEFAULT-VALUE}.")
    Path localJar = Path.of("backend-local/target/sluice-local.jar");

    @Option(names = "--kinesalite-dir", description = "Where kinesalite is installed (npm ci). Default: ${DEFAULT-VALUE}.")
    Path kinesaliteDir = Path.of("bench/kinesalite");

    @Option(names = "--profile-endpoint", description = "Instead of the comparison, drive ingest (CBOR) against a "
            + "backend already running at this URL, e.g. one started with a profiler.")
    java.net.URI profileEndpoint;

    @Option(names = "--profile-s3-dir", description = "With --profile-endpoint and --only firehose: the --s3-dir "
            + "the backend was started with.")
    Path profileS3Dir;

    @Option(names = "--profile-no-stream", description = "With --profile-endpoint: create no stream (the do-nothing "
            + "endpoint needs none).")
    boolean profileNoStream;

    @Option(names = "--report", description = "Where to write the Markdown report. Default: bench/results/<time>.md.")
    Path report;

    private final StringBuilder out = new StringBuilder();

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        line("# Sluice bench, " + LocalDateTime.now().withNano(0));
        line("");
        line("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ". Client: AWS SDK for Java v2 sync (Apache HTTP client), in the "
                + "harness JVM; every server is its own process on 127.0.0.1, started fresh for each row.");
        line("");
        if (profileEndpoint != null && only.contains("firehose")) {
            FirehoseBenchmark.Result r = FirehoseBenchmark.run(profileEndpoint, profileS3Dir, threads,
                    Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(seconds));
            line(String.format(Locale.ROOT, "%,.0f accepted/s, %,.0f delivered/s", r.acceptedPerSecond(),
                    r.deliveredPerSecond()));
            return 0;
        }
        if (profileEndpoint != null && only.contains("read")) {
            ReadBenchmark.Result r = ReadBenchmark.run("given", profileEndpoint, !only.contains("json"),
                    !profileNoStream, readRecords);
            line(String.format(Locale.ROOT, "%,.0f records/s, %.2f s drain, %.1f s load", r.recordsPerSecond(),
                    r.seconds(), r.loadSeconds()));
            return 0;
        }
        if (profileEndpoint != null) {
            IngestBenchmark.Result r = IngestBenchmark.run("given", profileEndpoint, !only.contains("json"),
                    !profileNoStream,
                    threads, Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(seconds));
            line(String.format(Locale.ROOT, "%,.0f records/s, p50 %.1f ms, p99 %.1f ms", r.recordsPerSecond(),
                    r.p50Millis(), r.p99Millis()));
            return 0;
        }
        boolean ok = true;
        if (only.contains("ingest")) {
            ok &= ingest();
        }
        if (only.contains("read")) {
            ok &= read();
        }
        if (only.contains("startup")) {
            ok &= startup();
        }
        if (only.contains("fanout")) {
            ok &= fanOut();
        }
        if (only.contains("kpl") || only.contains("producer")) {
            producers();
        }
        if (only.contains("consumer")) {
            consumers();
        }
        if (only.contains("firehose")) {
            ok &= firehose();
        }
        if (only.contains("analytics")) {
            analytics();
        }
        Path file = report != null ? report : Path.of("bench/results/bench-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, out, StandardCharsets.UTF_8);
        System.out.println("Report written to " + file);
        return ok ? 0 : 1;
    }

    private boolean ingest() throws Exception {
        line("## Ingest: " + threads + " threads, PutRecords of 500 x 100-byte records, 4-shard stream, "
                + seconds + " s measured after " + warmupSeconds + " s warm-up");
        line("");
        line("| target | encoding | records/s | p50 ms | p99 ms | failed records | failed calls | server memory |");
        line("|---|---|---:|---:|---:|---:|---:|---|");
        return compare(this::ingestOne, 8.0);
    }

    private double ingestOne(String target, boolean cbor) throws Exception {
        try (ServerProcess server = startServer(target)) {
            IngestBenchmark.Result r = IngestBenchmark.run(target, server.endpoint(), cbor,
                    !target.equals("do-nothing"), threads, Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(seconds));
            String memory = memory(server, target);
            line(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.1f | %.1f | %d | %d | %s |", target,
                    cbor ? "CBOR" : "JSON", r.recordsPerSecond(), r.p50Millis(), r.p99Millis(), r.failedRecords(),
                    r.failedCalls(), memory));
            return r.recordsPerSecond();
        }
    }

    private boolean read() throws Exception {
        line("## Read: one consumer drains " + String.format(Locale.ROOT, "%,d", readRecords)
                + " records of 100 bytes from one shard with GetRecords (limit 10,000); median of "
                + ReadBenchmark.MEASURED_DRAINS + " drains after " + ReadBenchmark.WARMUP_DRAINS + " unmeasured");
        line("");
        line("| target | encoding | records/s | calls | drain s | (load s) |");
        line("|---|---|---:|---:|---:|---:|");
        return compare(this::readOne, 10.0);
    }

    private double readOne(String target, boolean cbor) throws Exception {
        try (ServerProcess server = startServer(target)) {
            double cpuBefore = server.cpuSeconds();
            ReadBenchmark.Result r = ReadBenchmark.run(target, server.endpoint(), cbor, !target.equals("do-nothing"),
                    readRecords);
            System.err.printf("%s server CPU during the read benchmark: %.1f s%n", target, server.cpuSeconds() - cpuBefore);
            line(String.format(Locale.ROOT, "| %s | %s | %,.0f | %d | %.2f | %.1f |", target, cbor ? "CBOR" : "JSON",
                    r.recordsPerSecond(), r.calls(), r.seconds(), r.loadSeconds()));
            return r.recordsPerSecond();
        }
    }

    private boolean fanOut() throws Exception {
        line("## Enhanced fan-out: SDK async client (HTTP/2), backend-local in its own process");
        line("");
        FanOutBenchmark.Latency latency;
        try (ServerProcess server = startServer("backend-local")) {
            latency = FanOutBenchmark.latency(server.endpoint(), fanOutRecords, fanOutRate, 1_000);
        }
        line(String.format(Locale.ROOT, "- PutRecord to SubscribeToShard event, %,d records at %,.0f records/s "
                + "(after 1,000 unmeasured): p50 **%.2f ms**, p99 **%.2f ms**, max %.1f ms (target p99 < 50 ms: %s)",
                latency.records(), latency.ratePerSecond(), latency.p50Millis(), latency.p99Millis(),
                latency.maxMillis(), latency.p99Millis() < 50 ? "met" : "NOT met"));
        FanOutBenchmark.Drain drain;
        try (ServerProcess server = startServer("backend-local")) {
            drain = FanOutBenchmark.drain(server.endpoint(), drainRecords);
        }
        line(String.format(Locale.ROOT, "- One subscriber drains %,d records of 100 bytes from TRIM_HORIZON: "
                + "**%,.0f records/s** (%.2f s)", drain.records(), drain.recordsPerSecond(), drain.seconds()));
        line("");
        return latency.p99Millis() < 50;
    }

    private boolean producers() throws Exception {
        line("## Producers side by side: Sluice's producer and the official KPL 1.1.1 (native daemon)");
        line("");
        line(String.format(Locale.ROOT, "%,d user records of 100 bytes with random partition keys into a fresh 4-shard "
                + "stream of backend-local over TLS (shard limits off), aggregation on, the KPL's defaults for both, "
                + "rate limit %,d %% for both (nothing to pace against). Each producer runs in a JVM of its own: Sluice's "
                + "with -Xmx%s (its buffer bound, 32 MiB by default, plus 64 MiB), the KPL's with -Xmx%s. The KPL "
                + "application keeps at most 100,000 records outstanding itself; Sluice's producer blocks when its "
                + "buffer is full. The backend shares the machine's 2 cores with the producer.",
                producerRecords, ProducerRun.RATE_LIMIT, producerHeap, kplHeap));
        line("");
        line("| producer | user records/s | seconds | failed | p50 add-to-completion ms | p99 ms | peak heap used MiB "
                + "| max live heap after GC MiB | CPU s | native daemon peak RSS MiB |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        List<ProducerRun.Result> results = new ArrayList<>();
        for (String kind : List.of("kpl", "sluice")) {
            try (ServerProcess server = ServerProcess.start("backend-local", List.of(javaBinary(), "-jar",
                    localJar.toString(), "--port", "0", "--tls", "--create-delay", "0", "--no-throughput-limits",
                    "--log-level", "WARN"), null)) {
                ProducerRun.Result r = ProducerRun.inChildJvm(javaBinary(), ownJar(), kind, server.endpoint(),
                        producerRecords, 100, 4, kind.equals("kpl") ? kplHeap : producerHeap);
                results.add(r);
                line(String.format(Locale.ROOT, "| %s | **%,.0f** | %.1f | %d | %.1f | %.1f | %.0f | %.0f | %.1f | %s |",
                        kind.equals("kpl") ? "KPL 1.1.1" : "Sluice", r.recordsPerSecond(), r.seconds(), r.failed(),
                        r.p50Millis(), r.p99Millis(), r.peakHeapBytes() / 1048576.0,
                        r.maxLiveHeapBytes() / 1048576.0, r.cpuSeconds(),
                        kind.equals("kpl") ? String.format(Locale.ROOT, "%.0f", r.nativePeakRssBytes() / 1048576.0)
                                : "none"));
            }
        }
        double ratio = results.get(1).recordsPerSecond() / results.get(0).recordsPerSecond();
        line("");
        line(String.format(Locale.ROOT, "- Sluice / KPL records/s: **%.2fx** (target at least 3x: %s)", ratio,
                ratio >= 3 ? "met" : "NOT met"));
        double peakMiB = results.get(1).peakHeapBytes() / 1048576.0;
        double boundMiB = ProducerConfig.DEFAULT_MAX_BUFFERED_BYTES / 1048576.0 + 64;
        line(String.format(Locale.ROOT, "- Sluice's peak heap %.0f MiB against its buffer bound plus 64 MiB, %.0f MiB "
                + "(target: under it: %s)", peakMiB, boundMiB, peakMiB <= boundMiB ? "met" : "NOT met"));
        line("");
        return ratio >= 3 && peakMiB <= boundMiB;
    }

    private boolean startup() throws Exception {
        line("## Start-up: LocalBackend.start() to the first successful PutRecord (CreateStream first), in-process, "
                + "a fresh JVM each run");
        line("");
        line("| JVM state | runs | median total ms | min | max | median start() ms | median client build ms "
                + "| median CreateStream + PutRecord ms |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|");
        startupRow("cold: first SDK use in the JVM too", List.of(), List.of());
        double sdkLoaded = startupRow("SDK loaded, backend classes cold", List.of(), List.of("--warm-sdk"));
        Path archive = Files.createTempFile("sluice-startup", ".jsa");
        Files.delete(archive);
        runProbe(List.of("-XX:ArchiveClassesAtExit=" + archive), List.of("--warm-sdk"));
        double withCds = startupRow("SDK loaded, classes from an AppCDS archive",
                List.of("-XX:SharedArchiveFile=" + archive), List.of("--warm-sdk"));
        Files.deleteIfExists(archive);
        double secondStart = startupRow("a backend ran before in this JVM", List.of(), List.of("--second-start"));
        line("");
        line(String.format(Locale.ROOT, "- target < 300 ms: met once the backend's classes are loaded (%.0f ms for a "
                + "later backend in the same JVM) or come from an AppCDS archive (%.0f ms); NOT met for the first "
                + "backend in a JVM that must load and verify them (%.0f ms)", secondStart, withCds, sdkLoaded));
        line("");
        return secondStart < 300 && withCds < 300;
    }

    private double startupRow(String label, List<String> jvmOptions, List<String> probeOptions) throws Exception {
        List<double[]> runs = new ArrayList<>();
        for (int i = 0; i < startupRuns; i++) {
            runs.add(runProbe(jvmOptions, probeOptions));
        }
        double[] totals = runs.stream().mapToDouble(r -> r[0]).sorted().toArray();
        line(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |", label, runs.size(),
                median(runs, 0), totals[0], totals[totals.length - 1], median(runs, 1), median(runs, 2),
                median(runs, 3)));
        return median(runs, 0);
    }

    private double[] runProbe(List<String> jvmOptions, List<String> probeOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", ownJar().toString(), StartupProbe.class.getName()));
        command.addAll(probeOptions);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        String result = output.lines().filter(l -> l.startsWith("startup-ms")).findFirst()
                .orElseThrow(() -> new IllegalStateException("Start-up probe failed: " + output));
        String[] parts = result.split(" ");
        return new double[] {Double.parseDouble(parts[1]), Double.parseDouble(parts[2]), Double.parseDouble(parts[3]),
            Double.parseDouble(parts[4])};
    }

    /** One measurement of one server in one encoding. */
    interface Run {
        double recordsPerSecond(String target, boolean cbor) throws Exception;
    }

    /**
     * Runs a measurement against each server and prints the ratios the issue sets targets for: backend-local
     * against kinesalite (JSON, which kinesalite reads correctly) and against the do-nothing endpoint.
     */
    private boolean compare(Run run, double kinesaliteTarget) throws Exception {
        double localCbor = run.recordsPerSecond("backend-local", true);
        double localJson = run.recordsPerSecond("backend-local", false);
        double nullCbor = run.recordsPerSecond("do-nothing", true);
        double nullJson = run.recordsPerSecond("do-nothing", false);
        double kinesalite = skipKinesalite ? -1 : run.recordsPerSecond("kinesalite", false);
        line("");
        boolean ok = true;
        if (kinesalite > 0) {
            ok &= ratio("backend-local / kinesalite (JSON)", localJson, kinesalite, kinesaliteTarget);
        }
        ok &= ratio("backend-local / do-nothing (CBOR)", localCbor, nullCbor, 0.6);
        ok &= ratio("backend-local / do-nothing (JSON)", localJson, nullJson, 0.6);
        line("");
        return ok;
    }

    private static double median(List<double[]> runs, int column) {
        double[] values = runs.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return values[values.length / 2];
    }

    private void consumers() throws Exception {
        line("## Consumer workers: Sluice vs the official KCL " + "3.5.1, each worker a process of its own");
        line("");
        line("backend-local in its own process (throughput limits off), leases in its DynamoDB. Workers read from "
                + "TRIM_HORIZON and checkpoint at most once a second per shard; failover time 10 s (the KCL's "
                + "default) for both, every other setting each library's default (Sluice: heartbeat every 3.3 s, "
                + "each lease renewed every 9 s, take every 1 s; the KCL: each lease renewed every 3.3 s). The KCL runs with CloudWatch metrics "
                + "and worker metrics off, static credentials and explicit endpoints.");
        line("");
        List<ConsumerBenchmark.Fleet> fleets = new ArrayList<>();
        List<ConsumerBenchmark.Latency> latencies = new ArrayList<>();
        ConsumerBenchmark.Drain drain = null;
        try (ServerProcess server = startServer("backend-local")) {
            ConsumerBenchmark bench = new ConsumerBenchmark(server.endpoint(), javaBinary(), ownJar(), kclJar);
            for (String kind : consumerParts.contains("fleet") ? consumerKinds : List.<String>of()) {
                fleets.add(bench.fleet(kind));
            }
            // Checkpoints every 60 s (as the KCL's sample application does), then every second, which shows
            // what a DynamoDB write costs the shard it is made on.
            for (long every : consumerParts.contains("latency") ? List.of(60_000L, 1_000L) : List.<Long>of()) {
                for (String kind : consumerKinds) {
                    for (String mode : every == 1_000L ? List.of("fanout") : List.of("polling", "fanout")) {
                        latencies.add(bench.latency(kind, mode, every, 1_000, 2_000, latencyRecords));
                        System.err.println(latencies.get(latencies.size() - 1));
                    }
                }
            }
            if (consumerKinds.contains("sluice") && consumerParts.contains("drain")) {
                drain = bench.drain(consumerDrainRecords);
            }
        }
        line("### Fleet: 3 workers, 12 shards, 240 records/s written throughout");
        line("");
        line("| worker | balance: first lease to 4 leases each (s) | (from launching the JVMs, s) | crash (SIGKILL) "
                + "to its shards processed elsewhere (s) | graceful shutdown to its shards processed elsewhere (s) "
                + "| DynamoDB per worker per minute, steady: reads / own writes / app checkpoints |");
        line("|---|---:|---:|---:|---:|---:|");
        for (ConsumerBenchmark.Fleet f : fleets) {
            line(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.2f (%d shards) | %.2f (%d shards) | %.0f / %.0f "
                    + "/ %.0f |", f.kind(), f.balanceSeconds(), f.launchToBalanceSeconds(), f.crashFailoverSeconds(),
                    f.crashedShards(), f.gracefulSeconds(), f.handedOverShards(), f.readsPerWorkerMinute(),
                    f.ownWritesPerWorkerMinute(), f.checkpointsPerWorkerMinute()));
        }
        line("");
        line("Targets for Sluice: crash under 12 s, graceful under 2 s (NaN: not reached within 180 s).");
        line("");
        line("### Latency: put to processRecords, 1 worker, 4 shards, 1,000 records/s, after 2,000 unmeasured");
        line("");
        line("| worker | retrieval | checkpoint every | records | p50 ms | p99 ms | max ms |");
        line("|---|---|---:|---:|---:|---:|---:|");
        for (ConsumerBenchmark.Latency l : latencies) {
            line(String.format(Locale.ROOT, "| %s | %s | %d s | %,d | %.1f | %.1f | %.1f |", l.kind(), l.mode(),
                    l.checkpointEveryMillis() / 1000, l.records(), l.p50Millis(), l.p99Millis(), l.maxMillis()));
        }
        line("");
        line("Target for Sluice: fan-out p99 under 100 ms. A checkpoint is a DynamoDB write the processor waits "
                + "for; on this 2-core machine, under this load, backend-local's DynamoDB Local takes tens of ms per "
                + "write, and the records behind it wait that long.");
        line("");
        if (fleets.size() == 2 && latencies.size() == 6) {
            ConsumerBenchmark.Fleet sluice = fleets.get(0);
            ConsumerBenchmark.Fleet kcl = fleets.get(1);
            line(String.format(Locale.ROOT, "Ratios, KCL / Sluice (higher is better for Sluice): balance %.1fx, "
                    + "crash failover %.1fx, graceful handover %.1fx.", kcl.balanceSeconds() / sluice.balanceSeconds(),
                    kcl.crashFailoverSeconds() / sluice.crashFailoverSeconds(),
                    kcl.gracefulSeconds() / sluice.gracefulSeconds()));
            line(String.format(Locale.ROOT, "DynamoDB in a steady fleet, KCL / Sluice, the library's own requests "
                    + "(the application's checkpoints left out): reads %.1fx, writes %.1fx.",
                    kcl.readsPerWorkerMinute() / sluice.readsPerWorkerMinute(),
                    kcl.ownWritesPerWorkerMinute() / sluice.ownWritesPerWorkerMinute()));
            ConsumerBenchmark.Latency ours = latencies.stream().filter(l -> l.kind().equals("sluice")
                    && l.mode().equals("fanout") && l.checkpointEveryMillis() == 60_000).findFirst().orElseThrow();
            ConsumerBenchmark.Latency theirs = latencies.stream().filter(l -> l.kind().equals("kcl")
                    && l.mode().equals("fanout") && l.checkpointEveryMillis() == 60_000).findFirst().orElseThrow();
            line(String.format(Locale.ROOT, "Fan-out latency, KCL / Sluice: p50 %.1fx, p99 %.1fx.",
                    theirs.p50Millis() / ours.p50Millis(), theirs.p99Millis() / ours.p99Millis()));
            line("");
        }
        if (drain != null) {
            line(String.format(Locale.ROOT, "### Drain: one Sluice worker, polling, %,d backlogged records of 100 bytes "
                    + "on 4 shards", drain.records()));
            line("");
            line(String.format(Locale.ROOT, "- **%,.0f records/s** (%.1f s from the first batch to the last; %.1f s "
                    + "from launching the JVM to the first batch)", drain.recordsPerSecond(), drain.seconds(),
                    drain.startSeconds()));
            line("");
        }
    }

    private boolean ratio(String label, double ours, double theirs, double target) throws IOException {
        double ratio = ours / theirs;
        boolean met = ratio >= target;
        line(String.format(Locale.ROOT, "- %s: **%.2fx** (target >= %.1fx: %s)", label, ratio, target,
                met ? "met" : "NOT met"));
        return met;
    }

    private String memory(ServerProcess server, String target) {
        long rss = server.residentMiB();
        if (target.equals("backend-local")) {
            return "heap after GC " + server.javaHeapAfterGcMiB() + " MiB, RSS " + rss + " MiB";
        }
        return "RSS " + rss + " MiB";
    }

    private boolean firehose() throws Exception {
        line("## Firehose: " + threads + " threads, PutRecordBatch of " + FirehoseBenchmark.BATCH + " x "
                + FirehoseBenchmark.RECORD_BYTES + "-byte JSON records, to the S3 folder, 5 MB / 60 s hints, "
                + seconds + " s measured after " + warmupSeconds + " s warm-up; backend -Xmx" + serverHeap);
        line("");
        line("No peer runs here: LocalStack's Firehose needs Docker or PyPI, neither of which this machine reaches. "
                + "Target: 50,000 records/s delivered.");
        line("");
        line("| storage | compression | accepted/s | delivered/s | refused | failed calls | objects | freshness p50 s | "
                + "freshness max s | all delivered (tail s) | server CPU s | server RSS |");
        line("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---|");
        boolean ok = true;
        for (String run : firehoseRuns) {
            String storage = run.substring(0, run.indexOf('/'));
            String compression = run.substring(run.indexOf('/') + 1);
            Path dir = Files.createTempDirectory("sluice-firehose-bench-");
            List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx" + serverHeap, "-jar",
                    localJar.toString(), "--port",
                    "0", "--create-delay", "0", "--log-level", "WARN", "--s3-dir", dir.resolve("s3").toString()));
            if (storage.equals("data-dir")) {
                command.addAll(List.of("--data-dir", dir.resolve("data").toString()));
            }
            try (ServerProcess server = ServerProcess.start("backend-local", command, null)) {
                double cpuBefore = server.cpuSeconds();
                FirehoseBenchmark.Result r = FirehoseBenchmark.run(server.endpoint(), dir.resolve("s3"), threads,
                        Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(seconds),
                        software.amazon.awssdk.services.firehose.model.CompressionFormat.fromValue(compression));
                line(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %,d | %d | %d | %.1f | %.1f | %s (%.1f) | "
                        + "%.1f | %d MiB |", storage, compression, r.acceptedPerSecond(), r.deliveredPerSecond(), r.refused(),
                        r.failedCalls(), r.objects(), r.freshnessP50Seconds(), r.freshnessMaxSeconds(),
                        r.deliveredAtEnd() >= 0 ? "yes" : "NO, " + (-r.deliveredAtEnd()) + " missing",
                        r.tailSeconds(), server.cpuSeconds() - cpuBefore, server.residentMiB()));
                ok &= r.deliveredAtEnd() >= 0;
            } finally {
                deleteTree(dir);
            }
        }
        line("");
        return ok;
    }

    private void analytics() throws Exception {
        line("## Analytics (SQL): the runtime alone, " + String.format(Locale.ROOT, "%,d", analyticsRows)
                + " rows of 1,000 tickers per pass (one warm-up pass, then three)");
        line("");
        line("No peer runs here: Kinesis Data Analytics for SQL exists only as AWS's service. Target: 500,000 "
                + "rows/s through the runtime.");
        line("");
        line("| query | pass | rows/s | seconds | output rows |");
        line("|---|---:|---:|---:|---:|");
        for (String[] query : new String[][] {{"tumbling GROUP BY (10 s, per ticker)", AnalyticsBenchmark.TUMBLING},
            {"continuous filter (SIMILAR TO)", AnalyticsBenchmark.FILTER}}) {
            AnalyticsBenchmark.runtime(query[0], query[1], analyticsRows);
            for (int pass = 1; pass <= 3; pass++) {
                AnalyticsBenchmark.RuntimeResult r = AnalyticsBenchmark.runtime(query[0], query[1], analyticsRows);
                line(String.format(Locale.ROOT, "| %s | %d | %,.0f | %.2f | %,d |", r.query(), pass,
                        r.rowsPerSecond(), r.seconds(), r.outputRows()));
            }
        }
        line("");
        line("## Analytics (SQL): end to end, " + String.format(Locale.ROOT, "%,d", analyticsRecords)
                + " JSON records preloaded into a 4-shard stream of an embedded backend, read from TRIM_HORIZON");
        line("");
        line("| query | records/s | seconds | output records |");
        line("|---|---:|---:|---:|");
        for (String[] query : new String[][] {{"tumbling GROUP BY (10 s, per ticker)", AnalyticsBenchmark.TUMBLING},
            {"continuous filter (SIMILAR TO)", AnalyticsBenchmark.FILTER}}) {
            AnalyticsBenchmark.EndToEndResult r = AnalyticsBenchmark.endToEnd(query[0], query[1], analyticsRecords);
            line(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %,d |", r.query(), r.recordsPerSecond(),
                    r.seconds(), r.outputRecords()));
        }
        line("");
    }

    private static void deleteTree(Path top) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(top)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private ServerProcess startServer(String target) throws Exception {
        switch (target) {
            case "backend-local":
                return ServerProcess.start(target, List.of(javaBinary(), "-jar", localJar.toString(), "--port", "0",
                        "--create-delay", "0", "--no-throughput-limits", "--log-level", "WARN"), null);
            case "do-nothing":
                return ServerProcess.start(target, List.of(javaBinary(), "-cp", ownJar().toString(),
                        NullEndpoint.class.getName(), "0"), null);
            case "kinesalite":
                return ServerProcess.start(target, List.of("node", "start.js", "0"), kinesaliteDir);
            default:
                throw new IllegalArgumentException(target);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path ownJar() throws Exception {
        return Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private void line(String text) throws IOException {
        System.out.println(text);
        out.append(text).append('\n');
    }
}
