package io.sluice.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.aggregation.Aggregator;
import io.sluice.aggregation.HashKey;
import io.sluice.local.junit.LocalBackendExtension;
import io.sluice.producer.KinesisProducer;
import io.sluice.producer.ProducerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;

/** What a processor sees: deaggregated KPL input, the hash-range filter, failures, positions, metrics. */
class ProcessingTest {

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.createDelay(Duration.ZERO));

    @RegisterExtension
    static final TestClients CLIENTS = new TestClients(BACKEND);

    private static Scheduler start(ConsumerConfig config, ShardRecordProcessorFactory factory) {
        Scheduler scheduler = Scheduler.create(config, factory, CLIENTS.kinesisAsync(), CLIENTS.dynamo());
        scheduler.start();
        return scheduler;
    }

    @Test
    void recordsOurProducerAggregatedComeOutOneByOneAndACheckpointInsideAnAggregateResumesAfterIt()
            throws Exception {
        Streams.create(CLIENTS.kinesis(), "aggregated", 2);
        ProducerConfig producerConfig = ProducerConfig.builder().endpoint(BACKEND.clients().endpoint())
                .region(BACKEND.clients().region().id())
                .credentialsProvider(BACKEND.clients().credentialsProvider()).build();
        try (KinesisProducer producer = KinesisProducer.create(producerConfig)) {
            List<CompletableFuture<?>> puts = new ArrayList<>();
            for (int n = 0; n < 100; n++) {
                for (int k = 0; k < 10; k++) {
                    puts.add(producer.addUserRecord("aggregated", "key-" + k,
                            ("key-" + k + ":" + n).getBytes(StandardCharsets.UTF_8)));
                }
            }
            CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get();
        }
        Recorder recorder = new Recorder("w").checkpointEachBatch(false);
        Scheduler first = start(SchedulerTest.config("aggregated-app", "aggregated", "w").build(), recorder);
        Streams.await(Duration.ofSeconds(30), () -> recorder.deliveries().size() >= 1000);
        SchedulerTest.assertInKeyOrder(recorder.deliveries(), 10, 0, 100);
        List<Recorder.Delivery> all = recorder.deliveries();
        assertThat(all).anySatisfy(d -> assertThat(d.subSequenceNumber()).isGreaterThan(0));

        // Checkpoint in the middle of an aggregate by hand, then resume from there.
        Recorder.Delivery middle = all.stream().filter(d -> d.subSequenceNumber() == 2).findFirst().orElseThrow();
        assertThat(first.shutdownGracefully(Duration.ofSeconds(10))).isTrue();
        io.sluice.checkpoint.LeaseStore leases =
                new io.sluice.checkpoint.LeaseStore(CLIENTS.dynamo(), "aggregated-app");
        io.sluice.checkpoint.Lease lease = leases.get(middle.shardId()).orElseThrow();
        lease = leases.take(lease, "by-hand").orElseThrow();
        leases.checkpoint(lease, new io.sluice.checkpoint.Checkpoint(middle.sequenceNumber(), 2));
        leases.release(leases.get(middle.shardId()).orElseThrow());

        Recorder again = new Recorder("w").checkpointEachBatch(false);
        Scheduler second = start(SchedulerTest.config("aggregated-app", "aggregated", "w").build(), again);
        Streams.await(Duration.ofSeconds(30), () -> again.deliveries().stream()
                .anyMatch(d -> d.shardId().equals(middle.shardId())));
        second.shutdownGracefully(Duration.ofSeconds(10));
        Recorder.Delivery resumed = again.deliveries().stream().filter(d -> d.shardId().equals(middle.shardId()))
                .findFirst().orElseThrow();
        assertThat(resumed.sequenceNumber()).isEqualTo(middle.sequenceNumber());
        assertThat(resumed.subSequenceNumber()).isEqualTo(3);
    }

    @Test
    void userRecordsOfAnAggregateThatBelongToAnotherShardAreDropped() {
        Streams.create(CLIENTS.kinesis(), "misrouted", 2);
        // Shard 0 holds hash keys below 2^127, shard 1 the rest.
        String inShard0 = "1000";
        String inShard1 = HashKey.MAX.toString();
        Aggregator aggregator = new Aggregator(Aggregator.DEFAULT_MAX_BYTES, 100);
        aggregator.tryAdd("p", inShard0, HashKey.parseDecimal(inShard0), "kept-1".getBytes(StandardCharsets.UTF_8));
        aggregator.tryAdd("p", inShard1, HashKey.parseDecimal(inShard1), "dropped".getBytes(StandardCharsets.UTF_8));
        aggregator.tryAdd("p", inShard0, HashKey.parseDecimal(inShard0), "kept-2".getBytes(StandardCharsets.UTF_8));
        Aggregator.KinesisRecord aggregate = aggregator.build();
        CLIENTS.kinesis().putRecord(b -> b.streamName("misrouted").partitionKey(aggregate.partitionKey())
                .explicitHashKey(inShard0).data(SdkBytes.fromByteArray(aggregate.data())));
        CLIENTS.kinesis().putRecord(b -> b.streamName("misrouted").partitionKey("x").explicitHashKey(inShard0)
                .data(SdkBytes.fromUtf8String("last")));
        Recorder recorder = new Recorder("w");
        Scheduler scheduler = start(SchedulerTest.config("misrouted-app", "misrouted", "w").build(), recorder);
        Streams.await(Duration.ofSeconds(30), () -> recorder.deliveries().size() >= 3);
        scheduler.shutdownGracefully(Duration.ofSeconds(10));
        assertThat(recorder.deliveries()).extracting(Recorder.Delivery::data)
                .containsExactly("kept-1", "kept-2", "last");
        assertThat(recorder.deliveries().get(1).subSequenceNumber()).isEqualTo(2);
    }

    @Test
    void aBatchThatKeepsFailingIsRetriedThenDeadLetteredAndProcessingGoesOn() {
        Streams.create(CLIENTS.kinesis(), "poison", 1);
        Streams.put(CLIENTS.kinesis(), "poison", 1, 0, 3);
        List<List<String>> attempts = new CopyOnWriteArrayList<>();
        List<String> deadLettered = new CopyOnWriteArrayList<>();
        List<String> processed = new CopyOnWriteArrayList<>();
        ShardRecordProcessorFactory factory = () -> new Processor() {
            @Override
            public void processRecords(ProcessRecordsInput input) {
                List<String> data = input.records().stream().map(r -> new String(r.dataBytes(),
                        StandardCharsets.UTF_8)).toList();
                if (data.contains("0:1")) {
                    attempts.add(data);
                    throw new IllegalStateException("poison");
                }
                processed.addAll(data);
                input.checkpointer().checkpoint();
            }
        };
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ConsumerConfig config = SchedulerTest.config("poison-app", "poison", "w").meterRegistry(registry)
                .failurePolicy(FailurePolicy.retryThenDeadLetter(3, (shard, records, failure) -> records
                        .forEach(r -> deadLettered.add(new String(r.dataBytes(), StandardCharsets.UTF_8))))
                        .withBackoff(Duration.ofMillis(10), Duration.ofMillis(50)))
                .build();
        Scheduler scheduler = start(config, factory);
        Streams.await(Duration.ofSeconds(30), () -> !deadLettered.isEmpty());
        Streams.put(CLIENTS.kinesis(), "poison", 1, 3, 1);
        Streams.await(Duration.ofSeconds(30), () -> processed.contains("0:3"));
        scheduler.shutdownGracefully(Duration.ofSeconds(10));
        assertThat(attempts).hasSize(3).allSatisfy(batch -> assertThat(batch).isEqualTo(attempts.get(0)));
        assertThat(deadLettered).isEqualTo(attempts.get(0));
        assertThat(registry.get("ProcessingFailures").counter().count()).isEqualTo(3);
        assertThat(registry.get("DeadLetteredRecords").counter().count()).isEqualTo(deadLettered.size());
    }

    @Test
    void aBatchThatFailsPastTheRetriesStopsTheShardAndIsRetriedFromTheCheckpointLater() {
        Streams.create(CLIENTS.kinesis(), "flaky", 1);
        Streams.put(CLIENTS.kinesis(), "flaky", 1, 0, 5);
        AtomicInteger failuresLeft = new AtomicInteger(3);
        AtomicInteger processors = new AtomicInteger();
        List<String> processed = new CopyOnWriteArrayList<>();
        ShardRecordProcessorFactory factory = () -> {
            processors.incrementAndGet();
            return new Processor() {
                @Override
                public void processRecords(ProcessRecordsInput input) {
                    if (failuresLeft.getAndDecrement() > 0) {
                        throw new IllegalStateException("not yet");
                    }
                    input.records().forEach(r -> processed.add(new String(r.dataBytes(), StandardCharsets.UTF_8)));
                    input.checkpointer().checkpoint();
                }
            };
        };
        ConsumerConfig config = SchedulerTest.config("flaky-app", "flaky", "w")
                .failoverTime(Duration.ofSeconds(1)).renewInterval(Duration.ofMillis(300))
                .failurePolicy(FailurePolicy.retryThenStop(2).withBackoff(Duration.ofMillis(10),
                        Duration.ofMillis(20)))
                .build();
        Scheduler scheduler = start(config, factory);
        Streams.await(Duration.ofSeconds(30), () -> processed.size() >= 5);
        scheduler.shutdownGracefully(Duration.ofSeconds(10));
        assertThat(processed).containsExactly("0:0", "0:1", "0:2", "0:3", "0:4");
        assertThat(processors.get()).as("the shard was stopped and taken again").isGreaterThanOrEqualTo(2);
    }

    @Test
    void latestSkipsTheBacklogAndAtTimestampStartsAtItsTime() throws Exception {
        Streams.create(CLIENTS.kinesis(), "positions", 1);
        Streams.put(CLIENTS.kinesis(), "positions", 1, 0, 3);
        Thread.sleep(1_100);
        Instant between = Instant.now();
        Thread.sleep(1_100);
        Streams.put(CLIENTS.kinesis(), "positions", 1, 3, 2);

        Recorder atTimestamp = new Recorder("w");
        Scheduler fromTimestamp = start(SchedulerTest.config("at-timestamp-app", "positions", "w")
                .initialPosition(InitialPosition.atTimestamp(between)).build(), atTimestamp);
        Streams.await(Duration.ofSeconds(30), () -> atTimestamp.deliveries().size() >= 2);
        fromTimestamp.shutdownGracefully(Duration.ofSeconds(10));
        assertThat(atTimestamp.deliveries()).extracting(Recorder.Delivery::data).containsExactly("0:3", "0:4");

        Recorder latest = new Recorder("w");
        Scheduler fromLatest = start(SchedulerTest.config("latest-app", "positions", "w")
                .initialPosition(InitialPosition.LATEST).build(), latest);
        Streams.await(Duration.ofSeconds(10), () -> !fromLatest.heldShards().isEmpty());
        Thread.sleep(1_000);
        Streams.put(CLIENTS.kinesis(), "positions", 1, 5, 1);
        Streams.await(Duration.ofSeconds(30), () -> latest.deliveries().size() >= 1);
        fromLatest.shutdownGracefully(Duration.ofSeconds(10));
        assertThat(latest.deliveries()).extracting(Recorder.Delivery::data).containsExactly("0:5");
    }

    @Test
    void everyMeterHasADescriptionAndLagIsReportedPerShardAndAsTheWorkersMaximum() {
        Streams.create(CLIENTS.kinesis(), "metered", 2);
        Streams.put(CLIENTS.kinesis(), "metered", 4, 0, 10);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Recorder recorder = new Recorder("w");
        Scheduler scheduler = start(SchedulerTest.config("metered-app", "metered", "w").meterRegistry(registry)
                .build(), recorder);
        // The counter moves when processRecords returns, a moment after the recorder saw the records.
        Streams.await(Duration.ofSeconds(30), () -> registry.get("RecordsProcessed").counter().count() >= 40);
        assertThat(registry.get("MillisBehindLatest").gauges()).hasSize(2);
        assertThat(registry.get("MaxMillisBehindLatest").gauge().value()).isGreaterThanOrEqualTo(0);
        assertThat(registry.get("RecordsProcessed").counter().count()).isEqualTo(40);
        assertThat(registry.get("DataBytesProcessed").counter().count()).isGreaterThan(0);
        assertThat(registry.get("CurrentLeases").gauge().value()).isEqualTo(2);
        assertThat(registry.get("LeasesTaken").counter().count()).isEqualTo(2);
        assertThat(registry.get("DynamoDBCalls").functionCounter().count()).isGreaterThan(0);
        assertThat(registry.get("Checkpoints").counter().count()).isGreaterThan(0);
        scheduler.shutdownGracefully(Duration.ofSeconds(10));
        for (Meter meter : registry.getMeters()) {
            assertThat(meter.getId().getDescription()).as(meter.getId().getName()).isNotBlank();
        }
        assertThat(registry.find("MillisBehindLatest").gauges()).as("removed with their shards").isEmpty();
    }

    /** A processor whose lifecycle calls do the usual thing; tests override processRecords. */
    abstract static class Processor implements ShardRecordProcessor {
        @Override
        public void initialize(InitializationInput input) {
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
