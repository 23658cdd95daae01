package io.sluice.consumer.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The worker's meters, named as the KCL names its metrics and tagged with {@code application} and
 * {@code worker} (and {@code shard} for the per-shard lag), each registered with a description and a base unit.
 * {@code MaxMillisBehindLatest} is the autoscaling signal: the worst lag over the shards this worker holds.
 *
 * <p>Thread-safe: shard threads and the lease coordinator update it at once; per-shard state is in a concurrent
 * map and counters are Micrometer's (thread-safe).
 */
final class ConsumerMetrics {

    private final MeterRegistry registry;
    private final Tags tags;
    private final Map<String, AtomicLong> behind = new ConcurrentHashMap<>();
    private final Map<String, Gauge> behindGauges = new ConcurrentHashMap<>();
    private final Counter recordsProcessed;
    private final Counter bytesProcessed;
    private final Timer processingTime;
    private final Counter leasesTaken;
    private final Counter leasesLost;
    private final Counter leasesStolen;
    private final Counter processingFailures;
    private final Counter deadLettered;
    private final Counter checkpoints;
    // Micrometer holds gauge and function-counter sources weakly: these fields keep the suppliers alive.
    private final IntSupplier heldLeases;
    private final LongSupplier dynamoCalls;

    ConsumerMetrics(MeterRegistry registry, String application, String worker, IntSupplier heldLeases,
            LongSupplier dynamoCalls) {
        this.registry = registry;
        this.tags = Tags.of("application", application, "worker", worker);
        this.heldLeases = heldLeases;
        this.dynamoCalls = dynamoCalls;
        Gauge.builder("MaxMillisBehindLatest", behind, ConsumerMetrics::max).tags(tags).baseUnit("milliseconds")
                .strongReference(true)
                .description("The largest MillisBehindLatest over the shards this worker processes: "
                        + "how far it is behind the tip of the stream (the autoscaling signal)")
                .register(registry);
        Gauge.builder("CurrentLeases", heldLeases, IntSupplier::getAsInt).tags(tags).baseUnit("leases")
                .strongReference(true)
                .description("Leases this worker holds").register(registry);
        FunctionCounter.builder("DynamoDBCalls", dynamoCalls, LongSupplier::getAsLong).tags(tags).baseUnit("calls")
                .description("Calls this worker made to the lease and worker tables").register(registry);
        recordsProcessed = Counter.builder("RecordsProcessed").tags(tags).baseUnit("records")
                .description("User records handed to processRecords and processed without an exception")
                .register(registry);
        bytesProcessed = Counter.builder("DataBytesProcessed").tags(tags).baseUnit("bytes")
                .description("Data bytes of the user records processed").register(registry);
        processingTime = Timer.builder("RecordProcessor.processRecords.Time").tags(tags)
                .description("Time processRecords took per batch").register(registry);
        leasesTaken = Counter.builder("LeasesTaken").tags(tags).baseUnit("leases")
                .description("Leases this worker took (unowned, expired or stolen)").register(registry);
        leasesLost = Counter.builder("LeasesLost").tags(tags).baseUnit("leases")
                .description("Leases this worker lost to another worker or could not renew in time")
                .register(registry);
        leasesStolen = Counter.builder("LeasesStolen").tags(tags).baseUnit("leases")
                .description("Leases this worker stole from a more loaded worker").register(registry);
        processingFailures = Counter.builder("ProcessingFailures").tags(tags).baseUnit("attempts")
                .description("Calls of processRecords that threw").register(registry);
        deadLettered = Counter.builder("DeadLetteredRecords").tags(tags).baseUnit("records")
                .description("User records handed to the dead-letter handler after their batch kept failing")
                .register(registry);
        checkpoints = Counter.builder("Checkpoints").tags(tags).baseUnit("writes")
                .description("Checkpoints and prepared checkpoints written").register(registry);
    }

    private static double max(Map<String, AtomicLong> behind) {
        long max = 0;
        for (AtomicLong value : behind.values()) {
            max = Math.max(max, value.get());
        }
        return max;
    }

    void shardStarted(String shardId) {
        AtomicLong value = behind.computeIfAbsent(shardId, k -> new AtomicLong());
        behindGauges.computeIfAbsent(shardId, k -> Gauge.builder("MillisBehindLatest", value, AtomicLong::get)
                .tags(tags.and("shard", shardId)).baseUnit("milliseconds")
                .description("How far the last batch read from the shard was behind its tip").register(registry));
    }

    void shardStopped(String shardId) {
        behind.remove(shardId);
        Gauge gauge = behindGauges.remove(shardId);
        if (gauge != null) {
            registry.remove(gauge);
        }
    }

    void millisBehindLatest(String shardId, long millis) {
        AtomicLong value = behind.get(shardId);
        if (value != null) {
            value.set(millis);
        }
    }

    void processed(int records, long bytes, Duration took) {
        recordsProcessed.increment(records);
        bytesProcessed.increment(bytes);
        processingTime.record(took);
    }

    long recordsProcessed() {
        return (long) recordsProcessed.count();
    }

    void processingFailed() {
        processingFailures.increment();
    }

    void deadLettered(int records) {
        deadLettered.increment(records);
    }

    void leaseTaken(boolean stolen) {
        leasesTaken.increment();
        if (stolen) {
            leasesStolen.increment();
        }
    }

    void leaseLost() {
        leasesLost.increment();
    }

    void checkpointWritten() {
        checkpoints.increment();
    }
}
