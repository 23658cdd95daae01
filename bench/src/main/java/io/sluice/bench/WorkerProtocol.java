package io.sluice.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * How a consumer worker process (Sluice's or the official KCL's) talks to the harness, so both are measured the
 * same way. Arguments: {@code <endpoint> <stream> <application> <workerId> <polling|fanout> <failoverMillis>
 * <latency:true|false>}. Lines on stdout: {@code READY}; {@code HELD <shard,...>} whenever the set of shards it
 * processes changes; {@code B <shard> <records> <receivedMicros> [<sentMicros>,...]} per batch (the sent times,
 * read from the records, only in latency mode); {@code DDB <reads> <writes> <checkpoints>} every second: the
 * DynamoDB read and write requests its client has sent so far, and how many of the writes were the application's
 * checkpoints; {@code STOPPED} after a graceful shutdown. A line {@code STOP} on
 * stdin asks for a graceful shutdown. A crash is the harness killing the process (SIGKILL).
 *
 * <p>The KCL side (module bench-kcl) speaks the same lines; it cannot share this class (another SDK version), so
 * the format is written down here and kept in step by hand.
 */
final class WorkerProtocol {

    /** Both workers checkpoint a shard at most this often, as applications usually do. */
    static final long CHECKPOINT_EVERY_NANOS = Long.getLong("bench.checkpointEveryMillis", 1_000) * 1_000_000L;

    private final PrintStream out;
    private final boolean latency;
    private String lastHeld = "";
    private final java.util.concurrent.atomic.AtomicLong dynamoDbReads = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong dynamoDbWrites =
            new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong checkpoints = new java.util.concurrent.atomic.AtomicLong();

    WorkerProtocol(boolean latency) {
        this.out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        this.latency = latency;
    }

    synchronized void ready() {
        out.println("READY");
        out.flush();
    }

    /** Reports the held shards if they changed. */
    synchronized void held(Set<String> shards) {
        String now = String.join(",", new TreeSet<>(shards));
        if (!now.equals(lastHeld)) {
            lastHeld = now;
            out.println("HELD " + now);
            out.flush();
        }
    }

    /** Reports one batch; {@code payloads} gives each record's data, which starts with its sent micros and ':'. */
    synchronized void batch(String shardId, int records, Supplier<List<String>> payloads) {
        StringBuilder line = new StringBuilder(64).append("B ").append(shardId).append(' ').append(records)
                .append(' ').append(micros(Instant.now()));
        if (latency) {
            line.append(' ');
            boolean first = true;
            for (String payload : payloads.get()) {
                if (!first) {
                    line.append(',');
                }
                first = false;
                line.append(payload, 0, payload.indexOf(':'));
            }
        }
        out.println(line);
        out.flush();
    }

    /** Counts the DynamoDB requests the worker's client sends (every attempt), for {@link #dynamoDbCalls()}. */
    software.amazon.awssdk.core.interceptor.ExecutionInterceptor dynamoDbCounter() {
        return new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
            @Override
            public void beforeTransmission(software.amazon.awssdk.core.interceptor.Context.BeforeTransmission context,
                    software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                String operation = attributes.getAttribute(
                        software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME);
                (isWrite(operation) ? dynamoDbWrites : dynamoDbReads).incrementAndGet();
            }
        };
    }

    /** Whether a DynamoDB operation writes (billed as write request units) rather than reads. */
    static boolean isWrite(String operation) {
        return operation != null && (operation.startsWith("Put") || operation.startsWith("Update")
                || operation.startsWith("Delete") || operation.startsWith("BatchWrite")
                || operation.startsWith("TransactWrite") || operation.startsWith("Create"));
    }

    /** Counts one checkpoint the application wrote (so the harness can tell the library's own requests). */
    void checkpointed() {
        checkpoints.incrementAndGet();
    }

    /** Reports the DynamoDB requests sent so far: {@code DDB <reads> <writes> <application checkpoints>}. */
    synchronized void dynamoDbCalls() {
        out.println("DDB " + dynamoDbReads.get() + " " + dynamoDbWrites.get() + " " + checkpoints.get());
        out.flush();
    }

    synchronized void stopped() {
        out.println("STOPPED");
        out.flush();
    }

    /** Blocks until the harness sends STOP (or closes stdin). */
    static void awaitStop() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.trim().equals("STOP")) {
                return;
            }
        }
    }

    static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
