package io.sluice.chaos;

import io.sluice.chaos.FaultSchedule.Kind;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run's figures and verdict. Immutable once built (the lists it is given are not changed afterwards).
 */
final class ChaosReport {

    /** One fault: when the schedule had it, when it was injected (a slow fault before it may delay it), what. */
    record FaultEvent(long scheduledMillis, long atMillis, Kind kind, String detail) {
    }

    private final ChaosSettings settings;
    private final long sent;
    private final long acknowledged;
    private final long failed;
    private final long pending;
    private final Map<String, Long> failures;
    private final boolean flushed;
    private final DeliveryCheck.Result delivery;
    private final long drainMillis;
    private final FirehoseArchive.Result archive;
    private final StreamAudit.Result stream;
    private final List<String> unexpectedDeaths;
    private final long maxWorkerHeapAfterGc;
    private final List<FaultEvent> events;
    private final Map<Kind, Integer> injected;
    private final List<Long> backendRecoveryMillis;
    private final List<Long> workerRecoveryMillis;
    private final long maxMillisBehindLatest;
    private final long maxLag;
    private final long maxWorkerHeap;
    private final long maxWorkerResident;
    private final List<String> workerCrashes = new ArrayList<>();
    private final long maxProducerBufferedBytes;
    private final long throttledRecords;
    private final int gracefulStopFailures;

    ChaosReport(ChaosSettings settings, Ledger ledger, boolean flushed, DeliveryCheck.Result delivery,
            long drainMillis, FirehoseArchive.Result archive, StreamAudit.Result stream, List<FaultEvent> events,
            Map<Kind, Integer> injected, List<Long> backendRecoveryMillis, List<Long> workerRecoveryMillis,
            List<WorkerNode> workers, List<String> unexpectedDeaths, long maxProducerBufferedBytes,
            long throttledRecords, int gracefulStopFailures) {
        this.settings = settings;
        this.sent = ledger.sentCount();
        this.acknowledged = ledger.acknowledgedCount();
        this.failed = ledger.failedCount();
        this.pending = ledger.pendingCount();
        this.failures = ledger.failuresByType();
        this.flushed = flushed;
        this.delivery = delivery;
        this.drainMillis = drainMillis;
        this.archive = archive;
        this.stream = stream;
        this.unexpectedDeaths = List.copyOf(unexpectedDeaths);
        this.events = List.copyOf(events);
        this.injected = Map.copyOf(injected);
        this.backendRecoveryMillis = List.copyOf(backendRecoveryMillis);
        this.workerRecoveryMillis = List.copyOf(workerRecoveryMillis);
        long mbl = 0;
        long lag = 0;
        long heap = 0;
        long resident = 0;
        long afterGc = 0;
        for (WorkerNode worker : workers) {
            mbl = Math.max(mbl, worker.maxMillisBehindLatest());
            lag = Math.max(lag, worker.maxLag());
            heap = Math.max(heap, worker.maxHeapUsed());
            resident = Math.max(resident, worker.maxResident());
            afterGc = Math.max(afterGc, worker.maxHeapAfterGc());
            int exit = worker.exitValue();
            if (exit == 3) {
                workerCrashes.add(worker.id + " ran out of memory");
            }
        }
        this.maxMillisBehindLatest = mbl;
        this.maxLag = lag;
        this.maxWorkerHeap = heap;
        this.maxWorkerResident = resident;
        this.maxWorkerHeapAfterGc = afterGc;
        this.maxProducerBufferedBytes = maxProducerBufferedBytes;
        this.throttledRecords = throttledRecords;
        this.gracefulStopFailures = gracefulStopFailures;
    }

    /** Why the run failed; empty when it passed. */
    List<String> failures() {
        List<String> why = new ArrayList<>();
        if (delivery.lost() > 0) {
            why.add(delivery.lost() + " acknowledged records never delivered, e.g. " + delivery.lostExamples());
        }
        if (delivery.orderViolations() > 0) {
            why.add(delivery.orderViolations() + " order violations, e.g. " + delivery.orderExamples());
        }
        if (delivery.checkpointViolations() > 0) {
            why.add(delivery.checkpointViolations() + " deliveries at or before a checkpoint, e.g. "
                    + delivery.checkpointExamples());
        }
        if (!flushed || pending > 0) {
            why.add(pending + " producer futures never completed");
        }
        if (failed > 0) {
            why.add(failed + " producer futures failed " + failures + " (their TTL outlives every fault)");
        }
        if (delivery.skipped() > 0) {
            why.add(delivery.skipped() + " records the stream holds were never delivered, e.g. "
                    + delivery.skippedExamples());
        }
        if (stream.lost() > 0) {
            why.add(stream.lost() + " acknowledged records are not in the stream (the backend lost them), e.g. "
                    + stream.lostExamples());
        }
        if (delivery.malformedLines() > 0) {
            why.add(delivery.malformedLines() + " malformed lines in the delivery logs");
        }
        if (!unexpectedDeaths.isEmpty()) {
            why.add("workers died on their own: " + unexpectedDeaths);
        }
        if (gracefulStopFailures > 0) {
            why.add(gracefulStopFailures + " graceful worker stops did not finish every shard in time");
        }
        if (maxWorkerHeapAfterGc > WorkerNode.MAX_HEAP_BYTES * 3 / 4) {
            why.add("a worker's live heap reached " + (maxWorkerHeapAfterGc >> 20) + " MiB, over 3/4 of its "
                    + WorkerNode.MAX_HEAP);
        }
        if (archive != null && archive.lost() > 0) {
            why.add(archive.lost() + " acknowledged records missing from the Firehose archive, e.g. "
                    + archive.lostExamples());
        }
        if (maxProducerBufferedBytes > ProducerFleet.MAX_BUFFERED_BYTES) {
            why.add("a producer buffered " + maxProducerBufferedBytes + " bytes, over its bound of "
                    + ProducerFleet.MAX_BUFFERED_BYTES);
        }
        if (!workerCrashes.isEmpty()) {
            why.add("workers crashed: " + workerCrashes);
        }
        if (acknowledged == 0) {
            why.add("nothing was acknowledged: the run proves nothing");
        }
        return why;
    }

    /** The command-line arguments that replay this run's settings and fault schedule. */
    static String replayArguments(ChaosSettings s) {
        return "--seed " + s.seed() + " --seconds " + s.duration().toSeconds() + " --fault-every "
                + s.faultEvery().toMillis() / 1000.0 + " --producers " + s.producers() + " --keys "
                + s.keysPerProducer() + " --rate " + s.recordsPerSecond() + " --record-bytes " + s.recordBytes()
                + " --workers " + s.workers() + " --shards " + s.shards() + " --max-shards " + s.maxShards()
                + " --failover-ms " + s.failover().toMillis() + " --retrieval " + s.retrieval()
                + " --drain-seconds " + s.drainTimeout().toSeconds()
                + (s.firehose() ? "" : " --no-firehose");
    }

    StreamAudit.Result stream() {
        return stream;
    }

    boolean passed() {
        return failures().isEmpty();
    }

    List<FaultEvent> events() {
        return events;
    }

    Map<Kind, Integer> injected() {
        return injected;
    }

    DeliveryCheck.Result delivery() {
        return delivery;
    }

    FirehoseArchive.Result archive() {
        return archive;
    }

    long acknowledged() {
        return acknowledged;
    }

    long throttledRecords() {
        return throttledRecords;
    }

    void print(PrintStream out) {
        out.println();
        out.println("Chaos run summary (seed " + settings.seed() + ", " + settings.duration().toSeconds() + " s)");
        out.println("  replay: chaos/run.sh " + replayArguments(settings));
        out.printf("  records sent %,d; acknowledged %,d; failed %,d %s; futures never completed %,d%n", sent,
                acknowledged, failed, failures, pending);
        out.printf("  delivered to the consumer fleet: %,d deliveries of %,d distinct records; lost %,d%n",
                delivery.deliveries(), delivery.distinctRecords(), delivery.lost());
        out.printf("  duplicates: %,d redeliveries after failovers/restarts (none at or before a checkpoint: %s), "
                + "%,d stored twice by producer retries; %,d delivered but not acknowledged%n",
                delivery.redeliveries(), delivery.checkpointViolations() == 0 ? "yes" : "NO",
                delivery.producerDuplicates(), delivery.unacknowledgedDelivered());
        out.printf("  stream read back: %,d user records, %,d acknowledged ones missing, %,d never delivered (and "
                + "%,d copies in misrouted aggregates, which consumers skip by design and the producer put again); "
                + "%,d parent-before-child checks%n", stream.userRecords(), stream.lost(), delivery.skipped(),
                stream.misroutedCopies(), delivery.lineageChecks());
        out.printf("  order: %,d violations over %,d shard sessions (%,d steps back onto records a producer retry "
                + "stored twice)%n", delivery.orderViolations(), delivery.sessions(), delivery.backwardByRetries());
        if (archive != null) {
            out.printf("  Firehose archive: %,d objects, %,d records, %,d lost, %,d duplicates (last objects "
                    + "waited for %,d ms)%n", archive.objects(), archive.records(), archive.lost(),
                    archive.duplicates(), archive.waitedMillis());
        }
        out.println("  faults injected: " + new java.util.TreeMap<>(injected) + " (" + events.size() + " in all)");
        out.printf("  producer throttled records: %,d; max buffered bytes %,d of %,d%n", throttledRecords,
                maxProducerBufferedBytes, ProducerFleet.MAX_BUFFERED_BYTES);
        out.printf("  max MillisBehindLatest: %,d ms; longest a record waited from arrival to delivery: %,d ms; "
                + "drain after the faults: %,d ms%n", maxMillisBehindLatest, maxLag, drainMillis);
        out.println("  backend kill -> records flowing again (ms): " + backendRecoveryMillis);
        out.println("  worker kill/stop -> its shards processed elsewhere (ms): " + workerRecoveryMillis);
        out.printf("  worker memory: max heap used %,d MiB of %s, max live heap after GC %,d MiB, max resident "
                + "%,d MiB; graceful stops that failed: %d; workers that died on their own: %d%n",
                maxWorkerHeap >> 20, WorkerNode.MAX_HEAP, maxWorkerHeapAfterGc >> 20, maxWorkerResident >> 20,
                gracefulStopFailures, unexpectedDeaths.size());
        List<String> why = failures();
        out.println(why.isEmpty() ? "PASS" : "FAIL: " + String.join("; ", why));
    }
}
