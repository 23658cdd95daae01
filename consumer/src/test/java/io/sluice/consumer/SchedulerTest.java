package io.sluice.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.checkpoint.Lease;
import io.sluice.checkpoint.LeaseStore;
import io.sluice.local.junit.LocalBackendExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One worker against backend-local and its DynamoDB, through the real SDK clients. */
class SchedulerTest {

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.createDelay(Duration.ZERO));

    @RegisterExtension
    static final TestClients CLIENTS = new TestClients(BACKEND);

    static ConsumerConfig.Builder config(String app, String stream, String worker) {
        return ConsumerConfig.builder(app, stream).workerId(worker)
                .initialPosition(InitialPosition.TRIM_HORIZON)
                .failoverTime(Duration.ofSeconds(3))
                .takeInterval(Duration.ofMillis(200))
                .pollingInterval(Duration.ofMillis(200));
    }

    @Test
    void aWorkerProcessesEveryRecordInKeyOrderAndResumesAfterItsCheckpoints() {
        Streams.create(CLIENTS.kinesis(), "orders", 2);
        Streams.put(CLIENTS.kinesis(), "orders", 10, 0, 30);
        Recorder recorder = new Recorder("w1");
        Scheduler first = Scheduler.create(config("orders-app", "orders", "w1").build(), recorder,
                CLIENTS.kinesisAsync(),
                CLIENTS.dynamo());
        first.start();
        Streams.await(Duration.ofSeconds(30), () -> recorder.deliveries().size() >= 300);
        assertThat(first.heldShards()).containsExactlyInAnyOrder("shardId-000000000000", "shardId-000000000001");
        assertThat(first.shutdownGracefully(Duration.ofSeconds(10))).isTrue();
        assertInKeyOrder(recorder.deliveries(), 10, 0, 30);

        List<Lease> leases = new LeaseStore(CLIENTS.dynamo(), "orders-app").list();
        assertThat(leases).hasSize(2).allSatisfy(lease -> {
            assertThat(lease.owner()).as("released on shutdown").isNull();
            assertThat(lease.checkpoint().isSentinel()).isFalse();
        });

        Streams.put(CLIENTS.kinesis(), "orders", 10, 30, 5);
        Recorder again = new Recorder("w1");
        Scheduler second = Scheduler.create(config("orders-app", "orders", "w1").build(), again, CLIENTS.kinesisAsync(),
                CLIENTS.dynamo());
        second.start();
        Streams.await(Duration.ofSeconds(30), () -> again.deliveries().size() >= 50);
        assertThat(second.shutdownGracefully(Duration.ofSeconds(10))).isTrue();
        assertThat(again.deliveries()).as("nothing at or below a checkpoint comes again").hasSize(50);
        assertInKeyOrder(again.deliveries(), 10, 30, 5);
    }

    /** Every key's counters from..from+count-1 arrived exactly once, in order. */
    static void assertInKeyOrder(List<Recorder.Delivery> deliveries, int keys, int from, int count) {
        Map<String, List<Integer>> byKey = deliveries.stream().collect(Collectors.groupingBy(
                Recorder.Delivery::partitionKey,
                Collectors.mapping(d -> Integer.parseInt(d.data().split(":")[1]), Collectors.toList())));
        assertThat(byKey).hasSize(keys);
        List<Integer> expected = java.util.stream.IntStream.range(from, from + count).boxed().toList();
        byKey.forEach((key, counters) -> assertThat(counters).as(key).isEqualTo(expected));
    }
}
