package io.sluice.chaos;

import io.sluice.consumer.ConsumerConfig;
import io.sluice.consumer.RetrievalMode;
import io.sluice.consumer.InitialPosition;
import io.sluice.consumer.Scheduler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * One consumer worker of the chaos fleet, in a process of its own: a Sluice {@link Scheduler} whose processors
 * append every delivered user record to this incarnation's {@link DeliveryLog}.
 *
 * <p>Arguments: {@code <endpoint> <stream> <application> <workerId> <log file> <failoverMillis>}. Standard output:
 * {@code READY}; {@code STATS <heapUsedBytes> <maxMillisBehindLatest> <records> <maxLagMillis>
 * <heapAfterGcBytes>} every 250 ms; {@code SLOWED <millis>} when a slow batch ran; {@code STOPPED} after a graceful
 * shutdown in which every shard finished ({@code STOP-INCOMPLETE} otherwise). Standard input: {@code SLOW <millis>}
 * makes the next batch of any shard take that long; {@code STOP} shuts down gracefully. A crash is the harness's
 * SIGKILL.
 */
public final class ChaosWorkerMain {

    private ChaosWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String stream = args[1];
        String application = args[2];
        String workerId = args[3];
        Path logFile = Path.of(args[4]);
        Duration failover = Duration.ofMillis(Long.parseLong(args[5]));
        RetrievalMode retrieval = RetrievalMode.valueOf(args[6]);
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("chaos", "chaos"));
        WorkerStats stats = new WorkerStats();
        try (DeliveryLog log = DeliveryLog.create(logFile);
                KinesisAsyncClient kinesis = KinesisAsyncClient.builder().endpointOverride(endpoint)
                        .region(Region.US_EAST_1).credentialsProvider(credentials)
                        .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP2)
                                .connectionTimeout(Duration.ofSeconds(2)))
                        .build();
                DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(endpoint)
                        .region(Region.US_EAST_1).credentialsProvider(credentials)
                        .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)))
                        .build()) {
            ConsumerConfig config = ConsumerConfig.builder(application, stream).workerId(workerId)
                    .initialPosition(InitialPosition.TRIM_HORIZON).failoverTime(failover).retrievalMode(retrieval)
                    .maxPrefetchBytes(4L * 1024 * 1024).build();
            Scheduler scheduler = Scheduler.create(config, () -> new LoggingProcessor(log, stats), kinesis, dynamo);
            scheduler.start();
            ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "chaos-stats");
                t.setDaemon(true);
                return t;
            });
            reporter.scheduleWithFixedDelay(() -> say("STATS "
                    + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() + " "
                    + stats.maxMillisBehindLatest() + " " + stats.records() + " " + stats.maxLagMillis() + " "
                    + heapAfterGc()), 250, 250, TimeUnit.MILLISECONDS);
            say("READY");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                line = line.trim();
                if (line.startsWith("SLOW ")) {
                    stats.slowNextBatch(Long.parseLong(line.substring(5)));
                } else if (line.equals("STOP")) {
                    break;
                }
            }
            boolean clean = scheduler.shutdownGracefully(Duration.ofSeconds(30));
            reporter.shutdownNow();
            say(clean ? "STOPPED" : "STOP-INCOMPLETE");
        }
        System.exit(0);
    }

    /** Heap in use after the last collection of each heap pool: the live data, not garbage. */
    private static long heapAfterGc() {
        long used = 0;
        for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used;
    }

    static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
