package io.sluice.chaos;

import java.io.IOException;
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
    private volatile boolean stopped;

    private WorkerNode(String id, Path log, String classPath, URI endpoint, String stream, String application,
            long failoverMillis, Path outputFile) throws IOException {
        this.id = id;
        this.log = log;
        this.process = ChildProcess.start(id, classPath, MAX_HEAP, ChaosWorkerMain.class.getName(),
                List.of(endpoint.toString(), stream, application, id, log.toString(), Long.toString(failoverMillis)),
                outputFile, this::onLine);
    }

    static WorkerNode start(String id, Path dir, String classPath, URI endpoint, String stream, String application,
            long failoverMillis) throws IOException {
        return new WorkerNode(id, dir.resolve(id + ".log"), classPath, endpoint, stream, application,
                failoverMillis, dir.resolve(id + ".out"));
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
        } else if (line.equals("STOPPED")) {
            stopped = true;
        }
    }

    boolean awaitReady(long timeoutMillis) throws InterruptedException {
        return process.awaitLine("READY"::equals, timeoutMillis);
    }

    /** The next batch this worker processes sleeps this long (once). */
    void slowDown(long millis) {
        process.send("SLOW " + millis);
    }

    /** Asks for a graceful shutdown and waits for it; true when the worker said it stopped and exited 0. */
    boolean stopGracefully(long timeoutMillis) throws InterruptedException {
        process.send("STOP");
        boolean exited = process.waitFor(timeoutMillis);
        if (!exited) {
            process.kill();
        }
        return exited && stopped && process.exitValue() == 0;
    }

    void kill() throws InterruptedException {
        process.kill();
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
