package io.sluice.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.local.LocalClients;
import io.sluice.local.junit.LocalBackendExtension;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
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
 * The official KCL 3 consumes a backend-local stream, with its lease, coordinator and worker tables in
 * backend-local's DynamoDB: once polling with GetRecords and once with enhanced fan-out (its default), across a
 * SplitShard made while it runs. Every record is processed exactly once (no worker fails), and a parent shard is
 * finished before its children start. CloudWatch metrics are off; every client points at the backend.
 */
class OfficialKclIT {

    static final int BEFORE_SPLIT = 300;
    static final int AFTER_SPLIT = 300;

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b
            .createDelay(Duration.ofMillis(200)).updateDelay(Duration.ofMillis(200)));

    /** What the processors saw, in the order they saw it. */
    static final class Journal {
        final AtomicLong clock = new AtomicLong();
        final Map<String, Long> events = new ConcurrentHashMap<>();
        final Map<String, List<String>> recordsByShard = new ConcurrentHashMap<>();
        final List<String> all = new CopyOnWriteArrayList<>();
        final Map<String, Long> firstRecordAt = new ConcurrentHashMap<>();
        final Map<String, Long> lastRecordAt = new ConcurrentHashMap<>();

        void event(String what) {
            events.putIfAbsent(what, clock.incrementAndGet());
        }
    }

    static final class Processor implements ShardRecordProcessor {
        private final Journal journal;
        private String shardId;

        Processor(Journal journal) {
            this.journal = journal;
        }

        @Override
        public void initialize(InitializationInput input) {
            shardId = input.shardId();
            journal.event("initialize " + shardId);
        }

        @Override
        public void processRecords(ProcessRecordsInput input) {
            if (input.records().isEmpty()) {
                return;
            }
            long at = journal.clock.incrementAndGet();
            journal.firstRecordAt.putIfAbsent(shardId, at);
            journal.lastRecordAt.put(shardId, at);
            for (KinesisClientRecord record : input.records()) {
                String data = StandardCharsets.UTF_8.decode(record.data()).toString();
                journal.all.add(data);
                journal.recordsByShard.computeIfAbsent(shardId, s -> new CopyOnWriteArrayList<>()).add(data);
            }
            try {
                input.checkpointer().checkpoint();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void leaseLost(LeaseLostInput input) {
            journal.event("leaseLost " + shardId);
        }

        @Override
        public void shardEnded(ShardEndedInput input) {
            journal.event("shardEnded " + shardId);
            try {
                input.checkpointer().checkpoint();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
            try {
                input.checkpointer().checkpoint();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"polling", "fan-out"})
    void theKclReadsEveryRecordOnceAcrossASplitParentsBeforeChildren(String mode) throws Exception {
        LocalClients clients = BACKEND.clients();
        String stream = "kcl-" + mode;
        String application = "kcl-app-" + mode;
        Journal journal = new Journal();
        try (KinesisClient kinesis = clients.kinesis().build();
                KinesisAsyncClient kinesisAsync = KinesisClientUtil.adjustKinesisClientBuilder(clients.kinesisAsync())
                        .build();
                DynamoDbAsyncClient dynamo = clients.dynamoDbAsync().build();
                CloudWatchAsyncClient cloudWatch = CloudWatchAsyncClient.builder()
                        .endpointOverride(clients.endpoint()).region(clients.region())
                        .credentialsProvider(clients.credentialsProvider()).build()) {
            kinesis.createStream(b -> b.streamName(stream).shardCount(2));
            kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));
            List<String> sent = new ArrayList<>(put(kinesis, stream, "before", BEFORE_SPLIT));

            ConfigsBuilder configs = new ConfigsBuilder(new SingleStreamTracker(stream,
                    InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON)),
                    application, kinesisAsync, dynamo, cloudWatch, "worker-1", () -> new Processor(journal));
            var retrieval = configs.retrievalConfig();
            if (mode.equals("polling")) {
                retrieval.retrievalSpecificConfig(new PollingConfig(stream, kinesisAsync)
                        .idleTimeBetweenReadsInMillis(250));
            }
            var leases = configs.leaseManagementConfig().failoverTimeMillis(5_000).shardSyncIntervalMillis(2_000);
            leases.workerUtilizationAwareAssignmentConfig().disableWorkerMetrics(true);
            Scheduler scheduler = new Scheduler(configs.checkpointConfig(),
                    configs.coordinatorConfig().parentShardPollIntervalMillis(500),
                    leases, configs.lifecycleConfig(), configs.metricsConfig().metricsLevel(MetricsLevel.NONE),
                    configs.processorConfig(), retrieval);
            Thread worker = new Thread(scheduler, "kcl-scheduler-" + mode);
            worker.setDaemon(true);
            worker.start();
            try {
                awaitProcessed(journal, sent.size(), Duration.ofSeconds(120), worker);

                String parent = "shardId-000000000000";
                BigInteger middle = new BigInteger(kinesis.listShards(b -> b.streamName(stream)).shards().get(0)
                        .hashKeyRange().endingHashKey()).shiftRight(1);
                kinesis.splitShard(b -> b.streamName(stream).shardToSplit(parent)
                        .newStartingHashKey(middle.toString()));
                kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));
                sent.addAll(put(kinesis, stream, "after", AFTER_SPLIT));
                awaitProcessed(journal, sent.size(), Duration.ofSeconds(120), worker);

                // Exactly once: nothing missing, nothing twice.
                assertThat(journal.all).hasSize(sent.size());
                assertThat(journal.all).containsExactlyInAnyOrderElementsOf(sent);
                // The parent ended (SHARD_END checkpointed) before either child was started or read.
                Long parentEnded = journal.events.get("shardEnded " + parent);
                assertThat(parentEnded).as("parent shard ended").isNotNull();
                for (String child : List.of("shardId-000000000002", "shardId-000000000003")) {
                    Long started = journal.events.get("initialize " + child);
                    assertThat(started).as("child %s started", child).isNotNull().isGreaterThan(parentEnded);
                    if (journal.firstRecordAt.containsKey(child)) {
                        assertThat(journal.firstRecordAt.get(child)).isGreaterThan(parentEnded);
                    }
                }
                assertThat(journal.lastRecordAt.get(parent)).isLessThan(parentEnded);
                assertThat(journal.recordsByShard.get(parent)).allMatch(r -> r.startsWith("before"));
                assertThat(journal.events.keySet()).noneMatch(e -> e.startsWith("leaseLost"));
            } finally {
                if (worker.isAlive()) {
                    scheduler.startGracefulShutdown().get(60, TimeUnit.SECONDS);
                } else {
                    scheduler.shutdown();
                }
                worker.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
    }

    /** Puts records with distinct keys, retrying entries the backend throttled; returns their payloads. */
    private static List<String> put(KinesisClient kinesis, String stream, String prefix, int count) {
        List<PutRecordsRequestEntry> pending = new ArrayList<>(IntStream.range(0, count).mapToObj(i ->
                PutRecordsRequestEntry.builder().partitionKey(prefix + "-key-" + i)
                        .data(SdkBytes.fromUtf8String(prefix + "-" + i)).build()).toList());
        List<String> sent = new ArrayList<>();
        pending.forEach(e -> sent.add(e.data().asUtf8String()));
        while (!pending.isEmpty()) {
            List<PutRecordsRequestEntry> batch = List.copyOf(pending);
            PutRecordsResponse response = kinesis.putRecords(b -> b.streamName(stream).records(batch));
            pending.clear();
            for (int i = 0; i < batch.size(); i++) {
                if (response.records().get(i).errorCode() != null) {
                    pending.add(batch.get(i));
                }
            }
        }
        return Collections.unmodifiableList(sent);
    }

    private static void awaitProcessed(Journal journal, int count, Duration timeout, Thread worker)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (journal.all.size() < count && System.nanoTime() < deadline && worker.isAlive()) {
            Thread.sleep(100);
        }
        assertThat(worker.isAlive()).as("the KCL scheduler is running").isTrue();
        assertThat(journal.all.size()).as("records processed within %s (events %s)", timeout, journal.events)
                .isGreaterThanOrEqualTo(count);
    }
}
