package io.sluice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * One consumer worker process (Sluice's or the KCL's) as the harness sees it: the shards it holds, the batches it
 * reported, and ways to stop it gracefully or kill it. Reads the process's stdout on a thread of its own.
 */
final class WorkerProcess implements AutoCloseable {

    /** One reported batch. */
    record Batch(String shardId, int records, long receivedMicros) {
    }

    final String id;
    private final Process process;
    private final Thread reader;
    private final ConcurrentLinkedQueue<Batch> batches = new ConcurrentLinkedQueue<>();
    private volatile Set<String> held = Set.of();
    private volatile long firstHeldNanos;
    private volatile long[] dynamoDbCalls = new long[3];
    private volatile boolean ready;
    private volatile boolean stopped;
    private final LongConsumer latencies;

    private WorkerProcess(String id, Process process, LongConsumer latencies) {
        this.id = id;
        this.process = process;
        this.latencies = latencies;
        this.reader = new Thread(this::read, "worker-reader-" + id);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a worker; {@code latencies} receives each record's put-to-process latency in microseconds when the
     * worker runs in latency mode.
     */
    static WorkerProcess start(String id, List<String> command, LongConsumer latencies) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        return new WorkerProcess(id, builder.start(), latencies);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("B ")) {
                    String[] parts = line.split(" ");
                    long received = Long.parseLong(parts[3]);
                    batches.add(new Batch(parts[1], Integer.parseInt(parts[2]), received));
                    if (parts.length > 4 && latencies != null) {
                        for (String sent : parts[4].split(",")) {
                            latencies.accept(received - Long.parseLong(sent));
                        }
                    }
                } else if (line.startsWith("HELD")) {
                    String list = line.length() > 5 ? line.substring(5).trim() : "";
                    held = list.isEmpty() ? Set.of() : Set.of(list.split(","));
                    if (!held.isEmpty() && firstHeldNanos == 0) {
                        firstHeldNanos = System.nanoTime();
                    }
                } else if (line.startsWith("DDB ")) {
                    String[] parts = line.split(" ");
                    dynamoDbCalls = new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2]),
                            Long.parseLong(parts[3])};
                } else if (line.equals("READY")) {
                    ready = true;
                } else if (line.equals("STOPPED")) {
                    stopped = true;
                }
            }
        } catch (IOException | RuntimeException e) {
            // The process went away.
        }
    }

    Set<String> held() {
        return held;
    }

    /** When it first reported holding a lease (System.nanoTime), or 0. */
    long firstHeldNanos() {
        return firstHeldNanos;
    }

    /** DynamoDB requests the worker has reported so far: reads, writes, and the application's checkpoints. */
    long[] dynamoDbCalls() {
        return dynamoDbCalls.clone();
    }

    boolean isReady() {
        return ready;
    }

    boolean isStopped() {
        return stopped;
    }

    /** Batches reported so far. */
    List<Batch> batches() {
        return new ArrayList<>(batches);
    }

    long recordsProcessed() {
        long total = 0;
        for (Batch batch : batches) {
            total += batch.records();
        }
        return total;
    }

    /** Asks for a graceful shutdown. */
    void requestStop() throws IOException {
        OutputStream in = process.getOutputStream();
        in.write("STOP\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** SIGKILL, as a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
