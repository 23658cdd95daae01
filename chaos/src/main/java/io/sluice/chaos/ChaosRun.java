package io.sluice.chaos;

import io.sluice.chaos.FaultSchedule.Fault;
import io.sluice.chaos.FaultSchedule.Kind;
import io.sluice.checkpoint.Lease;
import io.sluice.checkpoint.LeaseStore;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * One chaos run: backend-local as a process on a data directory, a producer fleet in this process, a consumer
 * fleet of worker processes, a Firehose archive of the stream, and the seeded faults; then the drain and the
 * checks. Not thread-safe: one run per instance, driven from one thread.
 */
final class ChaosRun {

    static final String STREAM = "chaos";
    static final String APPLICATION = "chaos-app";
    static final String DELIVERY_STREAM = "chaos-archive";
    static final String BUCKET = "chaos-archive";
    /** UpdateShardCount calls allowed per stream in a rolling day (AWS's limit, which backend-local keeps). */
    static final int SHARD_COUNT_UPDATES = 10;

    private final ChaosSettings settings;
    private final PrintStream out;
    private final List<WorkerNode> liveWorkers = new ArrayList<>();
    private final List<WorkerNode> allWorkers = new CopyOnWriteArrayList<>();
    private final List<ChaosReport.FaultEvent> events = new ArrayList<>();
    private final Map<Kind, Integer> injected = new EnumMap<>(Kind.class);
    private final List<Long> backendRecoveryMillis = new ArrayList<>();
    private final List<long[]> workerFaults = new ArrayList<>(); // {index in allWorkers, epoch millis}
    private BackendNode backend;
    private KinesisClient admin;
    private ProducerFleet fleet;
    private Ledger ledger;
    private int nextWorker = 1;
    private int shardCountUpdates;
    private Kind applied;
    private final List<String> unexpectedDeaths = new ArrayList<>();
    private long startNanos;

    ChaosRun(ChaosSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    ChaosReport run() throws Exception {
        Path dir = settings.directory();
        Files.createDirectories(dir.resolve("logs"));
        ledger = new Ledger();
        backend = new BackendNode(settings.classPath(), dir.resolve("data"), dir.resolve("backend.out"));
        out.printf("chaos: seed %d, %d s, a fault every ~%d s; output in %s%n", settings.seed(),
                settings.duration().toSeconds(), settings.faultEvery().toSeconds(), dir);
        Thread cleanup = new Thread(this::killChildren, "chaos-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            backend.start();
            admin = KinesisClient.builder().endpointOverride(backend.endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(credentials()).httpClientBuilder(ApacheHttpClient.builder()
                            .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(10)))
                    .build();
            admin.createStream(b -> b.streamName(STREAM).shardCount(settings.shards()));
            awaitActive();
            if (settings.firehose()) {
                FirehoseArchive.create(backend.endpoint(), credentials(), STREAM, DELIVERY_STREAM, BUCKET);
            }
            fleet = new ProducerFleet(backend.endpoint(), STREAM, ledger, settings.producers(),
                    settings.keysPerProducer(), settings.recordsPerSecond(), settings.recordBytes());
            for (int i = 0; i < settings.workers(); i++) {
                startWorker();
            }
            startNanos = System.nanoTime();
            fleet.start();
            long durationMillis = settings.duration().toMillis();
            FaultSchedule schedule = FaultSchedule.of(settings.seed(), Math.min(5_000, durationMillis / 6),
                    settings.faultEvery().toMillis(), durationMillis);
            for (Fault fault : schedule.faults()) {
                sleepUntil(fault.atMillis());
                inject(fault);
            }
            sleepUntil(durationMillis);
            replaceDeadWorkers();
            out.printf("chaos: %d s of faults done; flushing the producers%n", elapsedMillis() / 1000);
            boolean flushed = fleet.stopAndFlush(Duration.ofMinutes(2));
            Map<String, BitSet> acknowledged = ledger.acknowledgedByKey();
            long drainStart = System.nanoTime();
            DeliveryCheck.Result delivery = drain(acknowledged, null);
            long drainMillis = (System.nanoTime() - drainStart) / 1_000_000;
            // The producers have stopped, so the stream is final: read it back, and let the fleet deliver what it
            // holds beyond the acknowledged records (copies a retry stored twice) before stopping the workers, so
            // that the check of every stored record is fair.
            out.printf("chaos: reading the stream back%n");
            StreamAudit.Result stream = StreamAudit.read(admin, STREAM, acknowledged);
            drain(acknowledged, new DeliveryCheck.Truth(stream.records(), stream.parents(), Map.of()));
            replaceDeadWorkers();
            int gracefulFailures = 0;
            for (WorkerNode worker : List.copyOf(liveWorkers)) {
                if (!worker.stopGracefully(60_000)) {
                    gracefulFailures++;
                }
            }
            out.printf("chaos: reading the lease table back%n");
            Map<String, String[]> leases = new HashMap<>();
            try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(backend.endpoint())
                    .region(Region.US_EAST_1).credentialsProvider(credentials())
                    .httpClientBuilder(ApacheHttpClient.builder()).build()) {
                for (Lease lease : new LeaseStore(dynamo, APPLICATION).list()) {
                    leases.put(lease.leaseKey(), new String[] {lease.checkpoint().sequenceNumber(),
                            Long.toString(lease.checkpoint().subSequenceNumber())});
                }
            }
            delivery = DeliveryCheck.check(logs(), acknowledged,
                    new DeliveryCheck.Truth(stream.records(), stream.parents(), leases));
            for (WorkerNode worker : allWorkers) {
                injected.merge(Kind.SLOW_PROCESSOR, worker.slowed(), Integer::sum);
            }
            FirehoseArchive.Result archive = settings.firehose()
                    ? FirehoseArchive.check(backend.dataDir().resolve("s3").resolve(BUCKET), acknowledged,
                            settings.drainTimeout())
                    : null;
            List<Long> workerRecovery = WorkerRecovery.measure(allWorkers.stream().map(w -> w.log).toList(),
                    workerFaults, shard -> !leases.containsKey(shard) || "SHARD_END".equals(leases.get(shard)[0]));
            return new ChaosReport(settings, ledger, flushed, delivery, drainMillis, archive, stream, events,
                    injected, backendRecoveryMillis, workerRecovery, allWorkers, unexpectedDeaths,
                    fleet.maxOutstandingBytes(), fleet.throttledRecords(), gracefulFailures);
        } finally {
            if (fleet != null) {
                fleet.close();
            }
            for (WorkerNode worker : allWorkers) {
                worker.close();
            }
            if (admin != null) {
                admin.close();
            }
            backend.close();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    /** On Ctrl-C or a harness crash: no child process may outlive the harness. */
    private void killChildren() {
        try {
            for (WorkerNode worker : List.copyOf(allWorkers)) {
                worker.close();
            }
            backend.close();
        } catch (InterruptedException | RuntimeException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("chaos", "chaos"));
    }

    private long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private void sleepUntil(long offsetMillis) throws InterruptedException {
        long wait = offsetMillis - elapsedMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private List<Path> logs() {
        return allWorkers.stream().map(w -> w.log).filter(Files::exists).toList();
    }

    private WorkerNode startWorker() throws IOException, InterruptedException {
        int number = nextWorker++;
        WorkerNode worker = WorkerNode.start("w" + number, settings.directory().resolve("logs"),
                settings.classPath(), backend.endpoint(), STREAM, APPLICATION, settings.failover().toMillis(),
                settings.retrieval().forWorker(number));
        allWorkers.add(worker);
        if (!worker.awaitReady(60_000)) {
            throw new IllegalStateException("Worker " + worker.id + " did not start; see its .out file");
        }
        liveWorkers.add(worker);
        return worker;
    }

    private void inject(Fault fault) throws Exception {
        long at = elapsedMillis();
        replaceDeadWorkers();
        String detail;
        applied = fault.kind();
        try {
            detail = switch (fault.kind()) {
                case BACKEND_KILL -> backendKill();
                case WORKER_KILL -> workerFault(fault.pick(), true);
                case WORKER_STOP -> workerFault(fault.pick(), false);
                case SPLIT -> split(fault.pick());
                case MERGE -> merge(fault.pick());
                case UPDATE_SHARD_COUNT -> updateShardCount(fault.pick());
                case THROTTLE -> {
                    fleet.burst((int) (fault.pick() % settings.producers()), 3_000);
                    yield "3 s of 20 KiB records onto one key";
                }
                case SLOW_PROCESSOR -> {
                    WorkerNode worker = liveWorkers.get((int) (fault.pick() % liveWorkers.size()));
                    long millis = settings.failover().toMillis() * 3 / 2;
                    worker.slowDown(millis);
                    yield worker.id + "'s next batch takes " + millis + " ms (counted when the worker ran it)";
                }
            };
            if (applied != null && applied != Kind.SLOW_PROCESSOR) {
                injected.merge(applied, 1, Integer::sum);
            }
        } catch (SdkException | IllegalStateException e) {
            detail = "not applied: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        events.add(new ChaosReport.FaultEvent(fault.atMillis(), at, fault.kind(), detail));
        out.printf("chaos: %6.1f s %-18s %s%n", at / 1000.0, fault.kind(), detail);
    }

    /** A worker that died without the harness killing or stopping it is a failure; a new one takes its place. */
    private void replaceDeadWorkers() throws IOException, InterruptedException {
        for (WorkerNode worker : List.copyOf(liveWorkers)) {
            if (worker.diedUnexpectedly()) {
                unexpectedDeaths.add(worker.id + " exited with status " + worker.exitValue());
                liveWorkers.remove(worker);
                startWorker();
            }
        }
    }

    private String backendKill() throws Exception {
        backend.kill();
        long down = System.nanoTime();
        backend.start();
        long upMillis = (System.nanoTime() - down) / 1_000_000;
        // Recovered when producers are acknowledged and consumers are given records again, both counted from the
        // moment the backend listens again.
        long acked = ledger.acknowledgedCount();
        long delivered = totalWorkerRecords();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((ledger.acknowledgedCount() <= acked || totalWorkerRecords() <= delivered)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long recovered = (System.nanoTime() - down) / 1_000_000;
        backendRecoveryMillis.add(recovered);
        return "SIGKILL; listening again after " + upMillis + " ms; producers acknowledged and consumers "
                + "delivering again after " + recovered + " ms";
    }

    private long totalWorkerRecords() {
        return allWorkers.stream().mapToLong(WorkerNode::records).sum();
    }

    private String workerFault(long pick, boolean kill) throws Exception {
        WorkerNode victim = liveWorkers.get((int) (pick % liveWorkers.size()));
        liveWorkers.remove(victim);
        workerFaults.add(new long[] {allWorkers.indexOf(victim), System.currentTimeMillis()});
        String what;
        if (kill) {
            victim.kill();
            what = "SIGKILL " + victim.id;
        } else {
            boolean clean = victim.stopGracefully(60_000);
            what = "graceful stop of " + victim.id + (clean ? "" : " (did not stop cleanly)");
        }
        WorkerNode replacement = startWorker();
        long slow = victim.pendingSlowMillis();
        if (slow > 0) {
            replacement.slowDown(slow); // the slow fault the victim never ran
            what += " (its pending slow batch goes to " + replacement.id + ")";
        }
        return what + "; started " + replacement.id;
    }

    private List<Shard> openShards() {
        List<Shard> open = new ArrayList<>();
        for (Shard shard : StreamAudit.listShards(admin, STREAM)) {
            if (shard.sequenceNumberRange().endingSequenceNumber() == null) {
                open.add(shard);
            }
        }
        open.sort(Comparator.comparing(s -> new BigInteger(s.hashKeyRange().startingHashKey())));
        return open;
    }

    private String split(long pick) throws InterruptedException {
        List<Shard> open = openShards();
        if (open.size() >= settings.maxShards()) {
            return merge(pick) + " (instead of a split: " + open.size() + " shards open)";
        }
        applied = Kind.SPLIT;
        Shard shard = open.get((int) (pick % open.size()));
        BigInteger start = new BigInteger(shard.hashKeyRange().startingHashKey());
        BigInteger end = new BigInteger(shard.hashKeyRange().endingHashKey());
        String middle = start.add(end).add(BigInteger.ONE).shiftRight(1).toString();
        whenActive(() -> admin.splitShard(b -> b.streamName(STREAM).shardToSplit(shard.shardId())
                .newStartingHashKey(middle)));
        return "SplitShard " + shard.shardId() + " (" + open.size() + " -> " + (open.size() + 1) + " open)";
    }

    private String merge(long pick) throws InterruptedException {
        List<Shard> open = openShards();
        if (open.size() <= 2) {
            return split(pick) + " (instead of a merge: " + open.size() + " shards open)";
        }
        applied = Kind.MERGE;
        int first = (int) (pick % (open.size() - 1));
        Shard left = open.get(first);
        Shard right = open.get(first + 1);
        whenActive(() -> admin.mergeShards(b -> b.streamName(STREAM).shardToMerge(left.shardId())
                .adjacentShardToMerge(right.shardId())));
        return "MergeShards " + left.shardId() + " + " + right.shardId() + " (" + open.size() + " -> "
                + (open.size() - 1) + " open)";
    }

    private String updateShardCount(long pick) throws InterruptedException {
        int open = openShards().size();
        if (shardCountUpdates >= SHARD_COUNT_UPDATES) {
            return ((pick & 1) == 0 ? split(pick) : merge(pick)) + " (instead of UpdateShardCount: its "
                    + SHARD_COUNT_UPDATES + " calls a day are used)";
        }
        int target = open * 2 <= settings.maxShards() ? open * 2 : Math.max(2, (open + 1) / 2);
        if (target == open) {
            applied = null;
            return "UpdateShardCount skipped (already " + open + ")";
        }
        try {
            whenActive(() -> admin.updateShardCount(b -> b.streamName(STREAM).targetShardCount(target)
                    .scalingType(ScalingType.UNIFORM_SCALING)));
        } catch (LimitExceededException e) {
            shardCountUpdates = SHARD_COUNT_UPDATES;
            applied = null;
            return "UpdateShardCount refused by its limit: " + e.awsErrorDetails().errorMessage();
        }
        applied = Kind.UPDATE_SHARD_COUNT;
        shardCountUpdates++;
        return "UpdateShardCount " + open + " -> " + target;
    }

    /** Runs a resharding call once the stream is ACTIVE (a previous one may still be UPDATING it). */
    private void whenActive(Runnable call) throws InterruptedException {
        awaitActive();
        call.run();
        awaitActive();
    }

    private void awaitActive() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (admin.describeStreamSummary(b -> b.streamName(STREAM)).streamDescriptionSummary().streamStatus()
                    == StreamStatus.ACTIVE) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Stream " + STREAM + " did not become ACTIVE");
    }

    /** Waits until every acknowledged record was delivered, or the drain timeout; returns the last check. */
    /**
     * Waits until the fleet has delivered every acknowledged record and, given what the stream holds, every stored
     * one; or until the drain timeout.
     */
    private DeliveryCheck.Result drain(Map<String, BitSet> acknowledged, DeliveryCheck.Truth stream)
            throws Exception {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        long wanted = acknowledged.values().stream().mapToLong(BitSet::cardinality).sum();
        DeliveryCheck.Result last = null;
        while (System.nanoTime() < deadline) {
            if (totalWorkerRecords() >= wanted) {
                last = DeliveryCheck.check(logs(), acknowledged, stream);
                if (last.lost() == 0 && last.skipped() == 0) {
                    return last;
                }
            }
            Thread.sleep(stream == null ? 5_000 : 1_000);
        }
        return last != null ? last : DeliveryCheck.check(logs(), acknowledged, stream);
    }
}
