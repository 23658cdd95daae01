package io.sluice.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.checkpoint.LeaseStore;
import io.sluice.local.junit.LocalBackendExtension;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * A fleet of three workers in one JVM on short lease times, while a writer keeps putting keyed, counted records:
 * balance, a split and a merge mid-run, a crashed worker, a graceful one; then every record must have been
 * processed, each key's records first seen in order, and only records delivered-but-not-checkpointed by a worker
 * that lost them seen twice.
 */
class FleetTest {

    private static final Logger LOG = LoggerFactory.getLogger(FleetTest.class);
    private static final int KEYS = 20;

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.createDelay(Duration.ZERO));

    @RegisterExtension
    static final TestClients CLIENTS = new TestClients(BACKEND);

    @Test
    void aFleetBalancesSurvivesACrashHandsOverGracefullyAndFollowsResharding() throws Exception {
        runFleet("fleet", RetrievalMode.POLLING);
    }

    @Test
    void theSameWithEnhancedFanOut() throws Exception {
        runFleet("fanout", RetrievalMode.FAN_OUT);
    }

    static void runFleet(String name, RetrievalMode mode) throws Exception {
        String stream = name + "-stream";
        Streams.create(CLIENTS.kinesis(), stream, 6);
        Writer writer = new Writer(stream);
        Thread writing = new Thread(writer, "writer");
        writing.start();

        Recorder recorder = new Recorder("a");
        Map<String, Scheduler> fleet = new HashMap<>();
        for (String worker : List.of("a", "b", "c")) {
            ConsumerConfig config = SchedulerTest.config(name + "-app", stream, worker).retrievalMode(mode)
                    .failoverTime(Duration.ofSeconds(3)).build();
            fleet.put(worker, Scheduler.create(config, recorder.forWorker(worker), CLIENTS.kinesisAsync(),
                    CLIENTS.dynamo()));
        }
        try {
            exercise(stream, writer, writing, recorder, fleet);
        } finally {
            writer.stop();
            fleet.values().forEach(Scheduler::shutdownNow);
        }
    }

    private static void exercise(String stream, Writer writer, Thread writing, Recorder recorder,
            Map<String, Scheduler> fleet) throws Exception {
        fleet.values().forEach(Scheduler::start);
        Streams.await(Duration.ofSeconds(20), () -> fleet.values().stream().allMatch(s -> s.heldShards().size() == 2));

        split(stream, "shardId-000000000000");
        merge(stream, "shardId-000000000002", "shardId-000000000003");
        Streams.await(Duration.ofSeconds(30), () -> recorder.shardEnds().keySet().containsAll(
                Set.of("shardId-000000000000", "shardId-000000000002", "shardId-000000000003")));
        // Six open shards again (1, 4, 5, the split's two children, the merge's child): 2 each when balanced.
        Streams.await(Duration.ofSeconds(20), () -> fleet.values().stream().allMatch(s -> s.heldShards().size() == 2));

        Set<String> crashed = fleet.get("a").heldShards();
        fleet.get("a").shutdownNow();
        long crashAt = System.nanoTime();
        LeaseStore leases = new LeaseStore(CLIENTS.dynamo(), fleet.get("a").config().leaseTableName());
        // A parent the crashed worker was just finishing needs no new owner once it reached SHARD_END.
        Streams.await(Duration.ofSeconds(15), () -> crashed.stream().allMatch(shard -> heldBy(fleet, "b", "c")
                .contains(shard) || leases.get(shard).orElseThrow().checkpoint().isShardEnd()));
        long failoverMillis = (System.nanoTime() - crashAt) / 1_000_000;
        recorder.forWorker("a").crashed();
        LOG.info("Crash failover took {} ms (failover time 3 s)", failoverMillis);
        assertThat(failoverMillis).as("crash failover").isGreaterThanOrEqualTo(2_000);

        Set<String> handedOver = fleet.get("b").heldShards();
        long leaveAt = System.nanoTime();
        assertThat(fleet.get("b").shutdownGracefully(Duration.ofSeconds(10))).isTrue();
        Streams.await(Duration.ofSeconds(10), () -> fleet.get("c").heldShards().containsAll(handedOver));
        long handoverMillis = (System.nanoTime() - leaveAt) / 1_000_000;
        LOG.info("Graceful handover took {} ms", handoverMillis);
        assertThat(handoverMillis).as("graceful handover, well under the failover time").isLessThan(2_000);

        writer.stop();
        writing.join();
        int written = writer.counter.get();
        Streams.await(Duration.ofSeconds(30), () -> firstSeen(recorder.deliveries()).values().stream()
                .allMatch(list -> list.size() == written));
        assertThat(fleet.get("c").shutdownGracefully(Duration.ofSeconds(10))).isTrue();

        List<Recorder.Delivery> deliveries = recorder.deliveries();
        Map<String, List<Integer>> firstSeen = firstSeen(deliveries);
        assertThat(firstSeen).hasSize(KEYS);
        List<Integer> all = java.util.stream.IntStream.range(0, written).boxed().toList();
        firstSeen.forEach((key, counters) -> assertThat(counters).as("first deliveries of %s, in order", key)
                .isEqualTo(all));
        Set<String> seen = new HashSet<>();
        Set<String> mayRepeat = recorder.mayRepeat();
        int duplicates = 0;
        for (Recorder.Delivery d : deliveries) {
            String position = d.sequenceNumber() + "/" + d.subSequenceNumber();
            if (!seen.add(position)) {
                duplicates++;
                assertThat(mayRepeat).as("a duplicate must be one a lost lease had not checkpointed")
                        .contains(position);
            }
        }
        LOG.info("{} records written, {} deliveries, {} duplicates", written * KEYS, deliveries.size(), duplicates);
    }

    private static Set<String> heldBy(Map<String, Scheduler> fleet, String... workers) {
        Set<String> held = new HashSet<>();
        for (String worker : workers) {
            held.addAll(fleet.get(worker).heldShards());
        }
        return held;
    }

    /** Per key, the counters in the order they were first delivered. */
    static Map<String, List<Integer>> firstSeen(List<Recorder.Delivery> deliveries) {
        Map<String, List<Integer>> byKey = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (Recorder.Delivery d : deliveries) {
            if (seen.add(d.data())) {
                byKey.computeIfAbsent(d.partitionKey(), k -> new ArrayList<>())
                        .add(Integer.parseInt(d.data().split(":")[1]));
            }
        }
        return byKey;
    }

    private static void split(String stream, String shardId) {
        BigInteger sixth = BigInteger.TWO.pow(128).divide(BigInteger.valueOf(6));
        CLIENTS.kinesis().splitShard(b -> b.streamName(stream).shardToSplit(shardId)
                .newStartingHashKey(sixth.shiftRight(1).toString()));
        Streams.awaitActive(CLIENTS.kinesis(), stream);
    }

    private static void merge(String stream, String shard, String adjacent) {
        CLIENTS.kinesis().mergeShards(b -> b.streamName(stream).shardToMerge(shard).adjacentShardToMerge(adjacent));
        Streams.awaitActive(CLIENTS.kinesis(), stream);
    }

    /** Puts one record per key per round, counters going up, until stopped; every round fully accepted. */
    static final class Writer implements Runnable {
        private final String stream;
        private final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger counter = new AtomicInteger();

        Writer(String stream) {
            this.stream = stream;
        }

        void stop() {
            running.set(false);
        }

        @Override
        public void run() {
            while (running.get()) {
                int n = counter.get();
                List<PutRecordsRequestEntry> entries = new ArrayList<>();
                for (int k = 0; k < KEYS; k++) {
                    entries.add(PutRecordsRequestEntry.builder().partitionKey("key-" + k)
                            .data(SdkBytes.fromString("key-" + k + ":" + n, StandardCharsets.UTF_8)).build());
                }
                PutRecordsResponse response = CLIENTS.kinesis().putRecords(b -> b.streamName(stream).records(entries));
                if (response.failedRecordCount() != 0) {
                    throw new AssertionError("Rejected: " + response);
                }
                counter.incrementAndGet();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
