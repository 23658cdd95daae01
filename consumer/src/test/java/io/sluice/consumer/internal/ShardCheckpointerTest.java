package io.sluice.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.checkpoint.Checkpoint;
import io.sluice.checkpoint.Lease;
import io.sluice.checkpoint.LeaseLostException;
import io.sluice.checkpoint.LeaseStore;
import io.sluice.consumer.KinesisClientRecord;
import io.sluice.consumer.PreparedCheckpointer;
import io.sluice.local.junit.LocalBackendExtension;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Checkpoint validation as the KCL validates, against a lease table on DynamoDB Local. */
class ShardCheckpointerTest {

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.createDelay(Duration.ZERO));

    static DynamoDbClient dynamo;
    static LeaseStore store;
    static int shards;

    @BeforeAll
    static void connect() {
        dynamo = BACKEND.clients().dynamoDb().build();
        store = new LeaseStore(dynamo, "checkpointer-test");
        store.createTableIfAbsent(Duration.ofSeconds(30));
    }

    @AfterAll
    static void disconnect() {
        dynamo.close();
    }

    private static HeldLease held() {
        Lease lease = Lease.forShard("shard-" + (++shards), Checkpoint.TRIM_HORIZON, Set.of(), null, null);
        store.createIfAbsent(lease);
        return new HeldLease(store, "me", store.take(lease, "me").orElseThrow(), Instant.EPOCH);
    }

    private static ShardCheckpointer checkpointer(HeldLease held) {
        return new ShardCheckpointer(held, new ConsumerMetrics(new SimpleMeterRegistry(), "app", "me", () -> 0,
                () -> 0));
    }

    private static KinesisClientRecord record(String sequence, long sub) {
        return new KinesisClientRecord(sequence, sub, "k", null, ByteBuffer.allocate(0), Instant.EPOCH, sub > 0);
    }

    @Test
    void aCheckpointNeverGoesBackNorPastWhatWasDelivered() {
        HeldLease held = held();
        ShardCheckpointer checkpointer = checkpointer(held);
        checkpointer.delivered(record("200", 0), false);
        assertThatThrownBy(() -> checkpointer.checkpoint("300")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after the last record delivered");
        checkpointer.checkpoint("150");
        assertThat(store.get(held.shardId()).orElseThrow().checkpoint()).isEqualTo(Checkpoint.at("150"));
        assertThatThrownBy(() -> checkpointer.checkpoint("100")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before the last checkpoint");
        assertThatThrownBy(() -> checkpointer.checkpoint("LATEST")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> checkpointer.checkpoint("12x")).isInstanceOf(IllegalArgumentException.class);
        checkpointer.checkpoint();
        assertThat(checkpointer.lastCheckpoint()).isEqualTo(Checkpoint.at("200"));
    }

    @Test
    void subsequenceNumbersOrderUserRecordsOfOneAggregate() {
        HeldLease held = held();
        ShardCheckpointer checkpointer = checkpointer(held);
        checkpointer.delivered(record("500", 4), false);
        checkpointer.checkpoint("500", 2);
        assertThatThrownBy(() -> checkpointer.checkpoint("500", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> checkpointer.checkpoint("500", 5)).isInstanceOf(IllegalArgumentException.class);
        checkpointer.checkpoint(record("500", 4));
        assertThat(store.get(held.shardId()).orElseThrow().checkpoint()).isEqualTo(new Checkpoint("500", 4));
    }

    @Test
    void theEndOfAClosedShardCheckpointsShardEnd() {
        HeldLease atLastRecord = held();
        ShardCheckpointer first = checkpointer(atLastRecord);
        first.delivered(record("900", 0), true);
        first.checkpoint("900");
        assertThat(store.get(atLastRecord.shardId()).orElseThrow().checkpoint().isShardEnd())
                .as("a checkpoint at the last record of an ended shard").isTrue();

        HeldLease afterShardEnded = held();
        ShardCheckpointer second = checkpointer(afterShardEnded);
        second.delivered(record("900", 0), true);
        second.shardEnded();
        second.checkpoint();
        assertThat(second.lastCheckpoint()).isEqualTo(Checkpoint.SHARD_END);
    }

    @Test
    void aPreparedCheckpointIsVisibleThenCommitted() {
        HeldLease held = held();
        ShardCheckpointer checkpointer = checkpointer(held);
        checkpointer.delivered(record("700", 0), false);
        PreparedCheckpointer prepared = checkpointer.prepareCheckpoint("650", 0, new byte[] {1, 2});
        Lease pending = store.get(held.shardId()).orElseThrow();
        assertThat(pending.pendingCheckpoint()).isEqualTo(Checkpoint.at("650"));
        assertThat(pending.pendingCheckpointState()).containsExactly(1, 2);
        assertThat(pending.checkpoint()).isEqualTo(Checkpoint.TRIM_HORIZON);
        prepared.checkpoint();
        Lease committed = store.get(held.shardId()).orElseThrow();
        assertThat(committed.checkpoint()).isEqualTo(Checkpoint.at("650"));
        assertThat(committed.pendingCheckpoint()).isNull();
    }

    @Test
    void aCheckpointAfterTheLeaseWasTakenFailsAndMarksItLost() {
        HeldLease held = held();
        ShardCheckpointer checkpointer = checkpointer(held);
        checkpointer.delivered(record("800", 0), false);
        store.take(store.get(held.shardId()).orElseThrow(), "thief").orElseThrow();
        assertThatThrownBy(checkpointer::checkpoint).isInstanceOf(LeaseLostException.class);
        assertThat(held.isLost()).isTrue();
        assertThat(store.get(held.shardId()).orElseThrow().checkpoint()).isEqualTo(Checkpoint.TRIM_HORIZON);
    }

    @Test
    void aClosedCheckpointerRefusesWork() {
        ShardCheckpointer checkpointer = checkpointer(held());
        checkpointer.close();
        assertThatThrownBy(checkpointer::checkpoint).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void renewalsAndCheckpointsFromTwoThreadsNeverFailEachOther() throws Exception {
        HeldLease held = held();
        ShardCheckpointer checkpointer = checkpointer(held);
        java.util.concurrent.atomic.AtomicInteger renewed = new java.util.concurrent.atomic.AtomicInteger();
        Thread renewer = new Thread(() -> {
            for (int i = 0; i < 50; i++) {
                if (held.renew(Instant.EPOCH)) {
                    renewed.incrementAndGet();
                }
            }
        });
        renewer.start();
        for (int i = 1; i <= 50; i++) {
            checkpointer.delivered(record(Integer.toString(i), 0), false);
            checkpointer.checkpoint();
        }
        renewer.join();
        assertThat(renewed.get()).isEqualTo(50);
        assertThat(held.isLost()).isFalse();
        assertThat(store.get(held.shardId()).orElseThrow().checkpoint()).isEqualTo(Checkpoint.at("50"));
    }
}
