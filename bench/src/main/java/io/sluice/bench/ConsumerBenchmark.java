package io.sluice.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.ConcurrentHistogram;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The consumer benchmarks of the consumer issue, each worker a process of its own against one backend-local
 * process: a 3-worker fleet on 12 shards (time to balance, failover after a SIGKILL, handover after a graceful
 * shutdown, with a 10 s failover time as the KCL's default), put-to-processRecords latency at a steady rate, and
 * a one-worker drain of a backlog. The same measurements run for Sluice's worker and the official KCL's.
 */
final class ConsumerBenchmark {

    /** Fleet figures, in seconds; NaN when not reached within the limit. */
    record Fleet(String kind, double balanceSeconds, double launchToBalanceSeconds, double crashFailoverSeconds,
            double gracefulSeconds, int crashedShards, int handedOverShards, double readsPerWorkerMinute,
            double ownWritesPerWorkerMinute, double checkpointsPerWorkerMinute) {
    }

    /** Latency figures in milliseconds. */
    record Latency(String kind, String mode, long checkpointEveryMillis, long records, double p50Millis,
            double p99Millis, double maxMillis) {
    }

    /** Drain figures. */
    record Drain(long records, double seconds, double recordsPerSecond, double startSeconds) {
    }

    static final int FLEET_SHARDS = 12;
    static final long FAILOVER_MILLIS = 10_000;
    static final Duration LIMIT = Duration.ofSeconds(180);
    static final Duration STEADY = Duration.ofSeconds(30);

    private final URI endpoint;
    private final String java;
    private final Path benchJar;
    private final Path kclJar;

    ConsumerBenchmark(URI endpoint, String java, Path benchJar, Path kclJar) {
        this.endpoint = endpoint;
        this.java = java;
        this.benchJar = benchJar;
        this.kclJar = kclJar;
    }

    private List<String> command(String kind, String stream, String app, String worker, String mode,
            boolean latency) {
        return command(kind, stream, app, worker, mode, latency, 1_000);
    }

    private List<String> command(String kind, String stream, String app, String worker, String mode,
            boolean latency, long checkpointEveryMillis) {
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseG1GC",
                "-Dbench.checkpointEveryMillis=" + checkpointEveryMillis));
        String logging = System.getProperty("logback.configurationFile");
        if (logging != null) {
            command.add("-Dlogback.configurationFile=" + logging);
        }
        if (kind.equals("sluice")) {
            command.addAll(List.of("-cp", benchJar.toString(), SluiceWorkerMain.class.getName()));
        } else {
            command.addAll(List.of("-jar", kclJar.toString()));
        }
        command.addAll(List.of(endpoint.toString(), stream, app, worker, mode, Long.toString(FAILOVER_MILLIS),
                Boolean.toString(latency)));
        return command;
    }

    Fleet fleet(String kind) throws Exception {
        String stream = "fleet-" + kind;
        String app = "fleet-app-" + kind;
        try (KinesisClient kinesis = Clients.sync(endpoint, true, 4)) {
            createStream(kinesis, stream, FLEET_SHARDS);
            Writer writer = new Writer(kinesis, stream, 240);
            Thread writing = new Thread(writer, "fleet-writer");
            writing.start();
            List<WorkerProcess> workers = new ArrayList<>();
            try {
                // One worker sets the application up (tables, leases, the KCL's migration state), so that the
                // three below start together on an existing application: three KCL 3.5 workers creating one
                // from scratch at the same moment fail to initialize against DynamoDB Local.
                try (WorkerProcess setup = WorkerProcess.start("setup", command(kind, stream, app, "setup", "polling",
                        false), null)) {
                    await(LIMIT, () -> setup.held().size() == FLEET_SHARDS);
                    setup.requestStop();
                    await(Duration.ofSeconds(60), setup::isStopped);
                }
                long started = System.nanoTime();
                for (String id : List.of("w1", "w2", "w3")) {
                    workers.add(WorkerProcess.start(id, command(kind, stream, app, id, "polling", false), null));
                }
                boolean balanced = await(LIMIT, () -> workers.stream().allMatch(w -> w.held().size() == 4));
                long balancedAt = System.nanoTime();
                long firstLease = workers.stream().mapToLong(WorkerProcess::firstHeldNanos).filter(t -> t > 0).min()
                        .orElse(balancedAt);
                double launchToBalance = balanced ? (balancedAt - started) / 1e9 : Double.NaN;
                double balance = balanced ? (balancedAt - firstLease) / 1e9 : Double.NaN;
                System.err.printf("%s fleet: balanced %s %.1f s after the first lease, %.1f s after launch (%s)%n",
                        kind, balanced, balance, launchToBalance,
                        workers.stream().map(w -> w.id + "=" + w.held().size()).toList());
                await(Duration.ofSeconds(60), () -> allShardsFlowing(workers, Instant.now()));
                // The steady state's DynamoDB traffic: every request each worker's client sent in 30 s.
                long[] before = sum(workers);
                Thread.sleep(STEADY.toMillis());
                long[] after = sum(workers);
                double perWorkerMinute = 60.0 / STEADY.toSeconds() / workers.size();
                double reads = (after[0] - before[0]) * perWorkerMinute;
                double checkpoints = (after[2] - before[2]) * perWorkerMinute;
                double ownWrites = (after[1] - before[1]) * perWorkerMinute - checkpoints;
                System.err.printf("%s fleet: per worker per minute, steady: %.0f reads, %.0f writes of its own, "
                        + "%.0f checkpoints%n", kind, reads, ownWrites, checkpoints);

                WorkerProcess crashed = workers.get(0);
                Set<String> lost = crashed.held();
                long crashAt = WorkerProtocol.micros(Instant.now());
                crashed.kill();
                List<WorkerProcess> rest = workers.subList(1, 3);
                double crash = secondsUntilProcessedElsewhere(lost, rest, crashAt);
                System.err.printf("%s fleet: crash failover %.2f s for %d shards%n", kind, crash, lost.size());

                await(Duration.ofSeconds(60), () -> rest.stream().mapToInt(w -> w.held().size()).sum() == 12);
                WorkerProcess leaving = workers.get(1);
                Set<String> handed = leaving.held();
                long leaveAt = WorkerProtocol.micros(Instant.now());
                leaving.requestStop();
                double graceful = secondsUntilProcessedElsewhere(handed, workers.subList(2, 3), leaveAt);
                System.err.printf("%s fleet: graceful handover %.2f s for %d shards%n", kind, graceful,
                        handed.size());
                return new Fleet(kind, balance, launchToBalance, crash, graceful, lost.size(), handed.size(),
                        reads, ownWrites, checkpoints);
            } finally {
                writer.stop();
                writing.join();
                for (WorkerProcess worker : workers) {
                    worker.close();
                }
            }
        }
    }

    private static long[] sum(List<WorkerProcess> workers) {
        long[] total = new long[3];
        for (WorkerProcess worker : workers) {
            long[] calls = worker.dynamoDbCalls();
            for (int i = 0; i < 3; i++) {
                total[i] += calls[i];
            }
        }
        return total;
    }

    /** Whether every shard of the fleet stream had a batch in the last 2 s. */
    private static boolean allShardsFlowing(List<WorkerProcess> workers, Instant now) {
        long since = WorkerProtocol.micros(now) - 2_000_000;
        Set<String> flowing = new HashSet<>();
        for (WorkerProcess worker : workers) {
            for (WorkerProcess.Batch batch : worker.batches()) {
                if (batch.receivedMicros() > since) {
                    flowing.add(batch.shardId());
                }
            }
        }
        return flowing.size() == FLEET_SHARDS;
    }

    /** Seconds from {@code sinceMicros} until every one of {@code shards} had a batch processed by one of others. */
    private static double secondsUntilProcessedElsewhere(Set<String> shards, List<WorkerProcess> others,
            long sinceMicros) {
        long[] latest = {0};
        boolean done = await(LIMIT, () -> {
            long worst = 0;
            for (String shard : shards) {
                long first = Long.MAX_VALUE;
                for (WorkerProcess worker : others) {
                    for (WorkerProcess.Batch batch : worker.batches()) {
                        if (batch.shardId().equals(shard) && batch.receivedMicros() > sinceMicros) {
                            first = Math.min(first, batch.receivedMicros());
                        }
                    }
                }
                if (first == Long.MAX_VALUE) {
                    return false;
                }
                worst = Math.max(worst, first);
            }
            latest[0] = worst;
            return true;
        });
        return done ? (latest[0] - sinceMicros) / 1e6 : Double.NaN;
    }

    Latency latency(String kind, String mode, long checkpointEveryMillis, int rate, int warmup, int measured)
            throws Exception {
        String stream = "latency-" + kind + "-" + mode + "-" + checkpointEveryMillis;
        ConcurrentHistogram histogram = new ConcurrentHistogram(3);
        AtomicBoolean measuring = new AtomicBoolean();
        try (KinesisClient kinesis = Clients.sync(endpoint, true, 4)) {
            createStream(kinesis, stream, 4);
            try (WorkerProcess worker = WorkerProcess.start("w", command(kind, stream, stream + "-app", "w", mode,
                    true, checkpointEveryMillis), micros -> {
                        if (measuring.get()) {
                            histogram.recordValue(Math.max(0, micros));
                        }
                    })) {
                await(LIMIT, () -> worker.held().size() == 4);
                Writer writer = new Writer(kinesis, stream, rate);
                Thread writing = new Thread(writer, "latency-writer");
                writing.start();
                try {
                    await(LIMIT, () -> worker.recordsProcessed() >= warmup);
                    measuring.set(true);
                    await(LIMIT, () -> histogram.getTotalCount() >= measured);
                    measuring.set(false);
                } finally {
                    writer.stop();
                    writing.join();
                }
            }
        }
        return new Latency(kind, mode, checkpointEveryMillis, histogram.getTotalCount(), histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0, histogram.getMaxValue() / 1000.0);
    }

    Drain drain(long records) throws Exception {
        String stream = "drain";
        try (KinesisClient kinesis = Clients.sync(endpoint, true, 4)) {
            createStream(kinesis, stream, 4);
        }
        ReadBenchmark.fill(endpoint, true, stream, records);
        long started = System.nanoTime();
        try (WorkerProcess worker = WorkerProcess.start("w", command("sluice", stream, "drain-app", "w", "polling",
                false), null)) {
            await(Duration.ofMinutes(10), () -> worker.recordsProcessed() >= records);
            List<WorkerProcess.Batch> batches = worker.batches();
            long first = batches.stream().mapToLong(WorkerProcess.Batch::receivedMicros).min().orElseThrow();
            long last = batches.stream().mapToLong(WorkerProcess.Batch::receivedMicros).max().orElseThrow();
            double seconds = (last - first) / 1e6;
            double startSeconds = (System.nanoTime() - started) / 1e9 - seconds;
            return new Drain(worker.recordsProcessed(), seconds, worker.recordsProcessed() / seconds, startSeconds);
        }
    }

    private static void createStream(KinesisClient kinesis, String stream, int shards) {
        kinesis.createStream(b -> b.streamName(stream).shardCount(shards));
        await(Duration.ofSeconds(60), () -> kinesis.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE);
    }

    static boolean await(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Puts records at a steady rate (in batches every 10 ms), each 100 bytes starting with its put time. */
    static final class Writer implements Runnable {
        private final KinesisClient kinesis;
        private final String stream;
        private final int rate;
        private final AtomicBoolean running = new AtomicBoolean(true);

        Writer(KinesisClient kinesis, String stream, int rate) {
            this.kinesis = kinesis;
            this.stream = stream;
            this.rate = rate;
        }

        void stop() {
            running.set(false);
        }

        @Override
        public void run() {
            SplittableRandom random = new SplittableRandom(42);
            long start = System.nanoTime();
            long sent = 0;
            while (running.get()) {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                int count = (int) Math.min(500, due - sent);
                if (count <= 0) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
                String stamp = Long.toString(WorkerProtocol.micros(Instant.now()));
                String payload = stamp + ":" + "x".repeat(Math.max(0, 99 - stamp.length()));
                List<PutRecordsRequestEntry> entries = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    entries.add(PutRecordsRequestEntry.builder().partitionKey("k" + random.nextInt(100_000))
                            .data(SdkBytes.fromString(payload, StandardCharsets.ISO_8859_1)).build());
                }
                try {
                    kinesis.putRecords(b -> b.streamName(stream).records(entries));
                } catch (RuntimeException e) {
                    System.err.println("writer: " + e);
                }
                sent += count;
            }
        }
    }

}
