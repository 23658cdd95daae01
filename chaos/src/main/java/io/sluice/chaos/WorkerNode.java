package io.sluice.chaos;

import java.io.IOException;
import io.sluice.consumer.RetrievalMode;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * One consumer worker process of the chaos fleet ({@link ChaosWorkerMain}): its delivery log, and what it last
 * reported. Thread-safe.
 */
final class WorkerNode implements AutoCloseable {

    /** The heap bound of every worker process. */
    static final String MAX_HEAP = "256m";
    static final long MAX_HEAP_BYTES = 256L * 1024 * 1024;

    final String id;
    final Path log;
    private final ChildProcess process;
    private volatile long heapUsed;
    private volatile long maxHeapUsed;
    private volatile long maxMillisBehindLatest;
    private volatile long maxResident;
    private volatile long records;
    private volatile long maxLag;
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean stoppedCleanly;
    private volatile boolean harmed;
    private volatile long slowRequested;
    private volatile long maxHeapAfterGc;
    private final java.util.concurrent.atomic.AtomicInteger slowed = new java.util.concurrent.atomic.AtomicInteger();

    private WorkerNode(String id, Path log, String classPath, URI endpoint, String stream, String application,
            long failoverMillis, RetrievalMode retrieval, Path outputFile) throws IOException {
        this.id = id;
        this.log = log;
        this.process = ChildProcess.start(id, classPath, MAX_HEAP, ChaosWorkerMain.class.getName(),
                List.of(endpoint.toString(), stream, application, id, log.toString(), Long.toString(failoverMillis),
                        retrieval.name()),
                outputFile, this::onLine);
    }

    static WorkerNode start(String id, Path dir, String classPath, URI endpoint, String stream, String application,
            long failoverMillis, RetrievalMode retrieval) throws IOException {
        return new WorkerNode(id, dir.resolve(id + ".log"), classPath, endpoint, stream, application,
                failoverMillis, retrieval, dir.resolve(id + ".out"));
    }

    private void onLine(String line) {
        if (line.startsWith("STATS ")) {
            String[] parts = line.split(" ");
            heapUsed = Long.parseLong(parts[1]);
            maxHeapUsed = Math.max(maxHeapUsed, heapUsed);
            maxMillisBehindLatest = Math.max(maxMillisBehindLatest, Long.parseLong(parts[2]));
            records = Long.parseLong(parts[3]);
            maxLag = Math.max(maxLag, Long.parseLong(parts[4]));
            long resident = process == null ? -1 : process.residentBytes();
            maxResident = Math.max(maxResident, resident);
            maxHeapAfterGc = Math.max(maxHeapAfterGc, Long.parseLong(parts[5]));
        } else if (line.startsWith("SLOWED ")) {
            slowed.incrementAndGet();
        } else if (line.equals("STOPPED") || line.equals("STOP-INCOMPLETE")) {
            stoppedCleanly = line.equals("STOPPED");
            stopped.countDown();
        }
    }

    boolean awaitReady(long timeoutMillis) throws InterruptedException {
        return process.awaitLine("READY"::equals, timeoutMillis);
    }

    /** The next batch this worker processes sleeps this long (once). */
    void slowDown(long millis) {
        slowRequested = millis;
        process.send("SLOW " + millis);
    }

    /** A slow batch asked for and not run yet (the worker died or stopped first), in milliseconds, or 0. */
    long pendingSlowMillis() {
        return slowed.get() == 0 ? slowRequested : 0;
    }

    /**
     * Asks for a graceful shutdown and waits for it; true when every shard finished its shutdown in time and the
     * worker exited 0.
     */
    boolean stopGracefully(long timeoutMillis) throws InterruptedException {
        harmed = true;
        process.send("STOP");
        boolean said = stopped.await(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        boolean exited = process.waitFor(10_000);
        if (!exited) {
            process.kill();
        }
        return said && stoppedCleanly && exited && process.exitValue() == 0;
    }

    void kill() throws InterruptedException {
        harmed = true;
        process.kill();
    }

    /** Whether the process ended without the harness killing or stopping it. */
    boolean diedUnexpectedly() {
        return !harmed && !process.isAlive();
    }

    /** Slow batches the worker reported it ran (the SLOW_PROCESSOR faults that took effect). */
    int slowed() {
        return slowed.get();
    }

    /** The most heap still in use after a collection (the live data), in bytes. */
    long maxHeapAfterGc() {
        return maxHeapAfterGc;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Exit status once ended (an out-of-memory error ends a worker with status 3), else -1. */
    int exitValue() {
        return process.exitValue();
    }

    /** User records delivered to this worker's processors, as it last reported. */
    long records() {
        return records;
    }

    long maxHeapUsed() {
        return maxHeapUsed;
    }

    long maxResident() {
        return maxResident;
    }

    /** The longest a record waited between its arrival in the stream and its delivery to this worker. */
    long maxLag() {
        return maxLag;
    }

    long maxMillisBehindLatest() {
        return maxMillisBehindLatest;
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
