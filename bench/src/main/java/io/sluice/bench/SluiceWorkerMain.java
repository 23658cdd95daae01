package io.sluice.bench;

import io.sluice.consumer.ConsumerConfig;
import io.sluice.consumer.InitialPosition;
import io.sluice.consumer.InitializationInput;
import io.sluice.consumer.LeaseLostInput;
import io.sluice.consumer.ProcessRecordsInput;
import io.sluice.consumer.RetrievalMode;
import io.sluice.consumer.Scheduler;
import io.sluice.consumer.ShardEndedInput;
import io.sluice.consumer.ShardRecordProcessor;
import io.sluice.consumer.ShutdownRequestedInput;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
 * A Sluice consumer worker in a process of its own, speaking {@link WorkerProtocol}. It reads from TRIM_HORIZON,
 * checkpoints at most once a second per shard (as applications usually do), and on STOP shuts down gracefully. Every client has static credentials, an
 * explicit region and the backend's endpoint.
 */
public final class SluiceWorkerMain {

    private SluiceWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String stream = args[1];
        String application = args[2];
        String workerId = args[3];
        boolean fanOut = args[4].equals("fanout");
        Duration failover = Duration.ofMillis(Long.parseLong(args[5]));
        WorkerProtocol protocol = new WorkerProtocol(Boolean.parseBoolean(args[6]));
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("bench", "bench"));
        try (KinesisAsyncClient kinesis = KinesisAsyncClient.builder().endpointOverride(endpoint)
                .region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP2)
                        .maxConcurrency(100)).build();
                DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                        .credentialsProvider(credentials).httpClientBuilder(ApacheHttpClient.builder())
                        .overrideConfiguration(o -> o.addExecutionInterceptor(protocol.dynamoDbCounter()))
                        .build()) {
            ConsumerConfig config = ConsumerConfig.builder(application, stream).workerId(workerId)
                    .initialPosition(InitialPosition.TRIM_HORIZON).failoverTime(failover)
                    .retrievalMode(fanOut ? RetrievalMode.FAN_OUT : RetrievalMode.POLLING).build();
            Scheduler scheduler = Scheduler.create(config, () -> new Processor(protocol), kinesis, dynamo);
            scheduler.start();
            ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "held-watcher");
                t.setDaemon(true);
                return t;
            });
            watcher.scheduleWithFixedDelay(() -> protocol.held(scheduler.heldShards()), 0, 20,
                    TimeUnit.MILLISECONDS);
            watcher.scheduleWithFixedDelay(protocol::dynamoDbCalls, 1, 1, TimeUnit.SECONDS);
            protocol.ready();
            WorkerProtocol.awaitStop();
            scheduler.shutdownGracefully(Duration.ofSeconds(30));
            watcher.shutdownNow();
            protocol.stopped();
        }
        System.exit(0);
    }

    /** Reports each batch and checkpoints it. */
    private static final class Processor implements ShardRecordProcessor {
        private final WorkerProtocol protocol;
        private String shardId;
        private long lastCheckpoint = System.nanoTime();

        Processor(WorkerProtocol protocol) {
            this.protocol = protocol;
        }

        @Override
        public void initialize(InitializationInput input) {
            shardId = input.shardId();
        }

        @Override
        public void processRecords(ProcessRecordsInput input) {
            protocol.batch(shardId, input.records().size(), () -> input.records().stream()
                    .map(r -> new String(r.dataBytes(), StandardCharsets.ISO_8859_1)).toList());
            long now = System.nanoTime();
            if (now - lastCheckpoint >= WorkerProtocol.CHECKPOINT_EVERY_NANOS) {
                input.checkpointer().checkpoint();
                protocol.checkpointed();
                lastCheckpoint = now;
            }
        }

        @Override
        public void leaseLost(LeaseLostInput input) {
        }

        @Override
        public void shardEnded(ShardEndedInput input) {
            input.checkpointer().checkpoint();
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
            input.checkpointer().checkpoint();
        }
    }
}
