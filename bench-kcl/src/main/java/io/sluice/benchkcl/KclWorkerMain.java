package io.sluice.benchkcl;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.common.KinesisClientUtil;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * The official KCL 3 as a consumer worker process, speaking the harness's worker protocol (see
 * {@code io.sluice.bench.WorkerProtocol} in the bench module: READY, HELD, B, STOPPED on stdout; STOP on stdin).
 * It runs with the KCL's defaults except what keeps it on loopback: static credentials, an explicit region and
 * endpoint for every client, CloudWatch metrics off (MetricsLevel.NONE) and worker metrics off. It reads from
 * TRIM_HORIZON and checkpoints a shard at most every {@code bench.checkpointEveryMillis} (1 s unless set), as the
 * Sluice worker does.
 */
public final class KclWorkerMain {

    private static final long CHECKPOINT_EVERY_NANOS =
            Long.getLong("bench.checkpointEveryMillis", 1_000) * 1_000_000L;

    private KclWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String stream = args[1];
        String application = args[2];
        String workerId = args[3];
        boolean fanOut = args[4].equals("fanout");
        long failoverMillis = Long.parseLong(args[5]);
        boolean latency = Boolean.parseBoolean(args[6]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        Set<String> held = ConcurrentHashMap.newKeySet();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("bench", "bench"));
        KinesisAsyncClient kinesis = KinesisClientUtil.adjustKinesisClientBuilder(KinesisAsyncClient.builder()
                .endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)).build();
        java.util.concurrent.atomic.AtomicLong dynamoDbReads = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong dynamoDbWrites = new java.util.concurrent.atomic.AtomicLong();
        DynamoDbAsyncClient dynamo = DynamoDbAsyncClient.builder().endpointOverride(endpoint)
                .region(Region.US_EAST_1).credentialsProvider(credentials)
                .overrideConfiguration(o -> o.addExecutionInterceptor(
                        new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                            @Override
                            public void beforeTransmission(
                                    software.amazon.awssdk.core.interceptor.Context.BeforeTransmission context,
                                    software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                                String operation = attributes.getAttribute(software.amazon.awssdk.core
                                        .interceptor.SdkExecutionAttribute.OPERATION_NAME);
                                (isWrite(operation) ? dynamoDbWrites : dynamoDbReads).incrementAndGet();
                            }
                        }))
                .build();
        CloudWatchAsyncClient cloudWatch = CloudWatchAsyncClient.builder().endpointOverride(endpoint)
                .region(Region.US_EAST_1).credentialsProvider(credentials).build();
        ConfigsBuilder configs = new ConfigsBuilder(new SingleStreamTracker(stream,
                InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON)),
                application, kinesis, dynamo, cloudWatch, workerId,
                () -> new Processor(out, held, latency));
        var retrieval = configs.retrievalConfig();
        if (!fanOut) {
            retrieval.retrievalSpecificConfig(new PollingConfig(stream, kinesis));
        }
        var leases = configs.leaseManagementConfig().failoverTimeMillis(failoverMillis);
        leases.workerUtilizationAwareAssignmentConfig().disableWorkerMetrics(true);
        Scheduler scheduler = new Scheduler(configs.checkpointConfig(), configs.coordinatorConfig(), leases,
                configs.lifecycleConfig(), configs.metricsConfig().metricsLevel(MetricsLevel.NONE),
                configs.processorConfig(), retrieval);
        Thread worker = new Thread(scheduler, "kcl-scheduler");
        worker.setDaemon(true);
        worker.start();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "held-watcher");
            t.setDaemon(true);
            return t;
        });
        String[] last = {""};
        watcher.scheduleWithFixedDelay(() -> {
            String now = String.join(",", new TreeSet<>(held));
            if (!now.equals(last[0])) {
                last[0] = now;
                synchronized (out) {
                    out.println("HELD " + now);
                    out.flush();
                }
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        watcher.scheduleWithFixedDelay(() -> {
            synchronized (out) {
                out.println("DDB " + dynamoDbReads.get() + " " + dynamoDbWrites.get() + " " + CHECKPOINTS.get());
                out.flush();
            }
        }, 1, 1, TimeUnit.SECONDS);
        synchronized (out) {
            out.println("READY");
            out.flush();
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.trim().equals("STOP")) {
            // Wait for STOP.
        }
        scheduler.startGracefulShutdown().get(60, TimeUnit.SECONDS);
        synchronized (out) {
            out.println("STOPPED");
            out.flush();
        }
        System.exit(0);
    }

    /** Checkpoints the application wrote. */
    static final java.util.concurrent.atomic.AtomicLong CHECKPOINTS = new java.util.concurrent.atomic.AtomicLong();

    /** Whether a DynamoDB operation writes (as io.sluice.bench.WorkerProtocol#isWrite decides). */
    static boolean isWrite(String operation) {
        return operation != null && (operation.startsWith("Put") || operation.startsWith("Update")
                || operation.startsWith("Delete") || operation.startsWith("BatchWrite")
                || operation.startsWith("TransactWrite") || operation.startsWith("Create"));
    }

    static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    /** Reports each batch and checkpoints at most once a second. */
    static final class Processor implements ShardRecordProcessor {
        private final PrintStream out;
        private final Set<String> held;
        private final boolean latency;
        private String shardId;
        private long lastCheckpoint = System.nanoTime();

        Processor(PrintStream out, Set<String> held, boolean latency) {
            this.out = out;
            this.held = held;
            this.latency = latency;
        }

        @Override
        public void initialize(InitializationInput input) {
            shardId = input.shardId();
            held.add(shardId);
        }

        @Override
        public void processRecords(ProcessRecordsInput input) {
            if (input.records().isEmpty()) {
                return;
            }
            StringBuilder line = new StringBuilder(64).append("B ").append(shardId).append(' ')
                    .append(input.records().size()).append(' ').append(micros(Instant.now()));
            if (latency) {
                line.append(' ');
                boolean first = true;
                for (KinesisClientRecord record : input.records()) {
                    String payload = StandardCharsets.ISO_8859_1.decode(record.data()).toString();
                    if (!first) {
                        line.append(',');
                    }
                    first = false;
                    line.append(payload, 0, payload.indexOf(':'));
                }
            }
            synchronized (out) {
                out.println(line);
                out.flush();
            }
            long now = System.nanoTime();
            if (now - lastCheckpoint >= CHECKPOINT_EVERY_NANOS) {
                checkpoint(input.checkpointer());
                CHECKPOINTS.incrementAndGet();
                lastCheckpoint = now;
            }
        }

        @Override
        public void leaseLost(LeaseLostInput input) {
            held.remove(shardId);
        }

        @Override
        public void shardEnded(ShardEndedInput input) {
            held.remove(shardId);
            checkpoint(input.checkpointer());
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
            held.remove(shardId);
            checkpoint(input.checkpointer());
        }

        private static void checkpoint(software.amazon.kinesis.processor.RecordProcessorCheckpointer checkpointer) {
            try {
                checkpointer.checkpoint();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
