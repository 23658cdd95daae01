package io.sluice.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.local.junit.LocalBackendExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The lease table on DynamoDB Local (through backend-local), with the real SDK client. */
class LeaseStoreTest {

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.createDelay(Duration.ZERO));

    static DynamoDbClient dynamo;
    static int tables;

    @BeforeAll
    static void connect() {
        dynamo = BACKEND.clients().dynamoDb().build();
    }

    @AfterAll
    static void disconnect() {
        dynamo.close();
    }

    private static LeaseStore newStore() {
        LeaseStore store = new LeaseStore(dynamo, "leases-" + (++tables));
        store.createTableIfAbsent(Duration.ofSeconds(30));
        return store;
    }

    @Test
    void aLeaseGoesThroughItsLifeWithEveryWriteConditional() {
        LeaseStore store = newStore();
        store.createTableIfAbsent(Duration.ofSeconds(30));
        Lease fresh = Lease.forShard("shardId-000000000001", Checkpoint.TRIM_HORIZON, Set.of("shardId-000000000000"),
                "0", "170141183460469231731687303715884105727");
        assertThat(store.createIfAbsent(fresh)).isTrue();
        assertThat(store.createIfAbsent(fresh)).as("a second create is refused").isFalse();

        Lease taken = store.take(fresh, "worker-a").orElseThrow();
        assertThat(taken.owner()).isEqualTo("worker-a");
        assertThat(taken.counter()).isEqualTo(1);
        assertThat(taken.ownerSwitchesSinceCheckpoint()).isEqualTo(1);
        assertThat(taken.parentShardIds()).containsExactly("shardId-000000000000");

        Lease renewed = store.renew(taken).orElseThrow();
        assertThat(renewed.counter()).isEqualTo(2);
        assertThat(store.renew(taken)).as("the holder's renewal from an older copy still works").isPresent();
        renewed = store.get(fresh.leaseKey()).orElseThrow();

        Lease checkpointed = store.checkpoint(renewed, new Checkpoint("49590338271490256608559692538361571095921575989136588898", 3));
        assertThat(checkpointed.checkpoint().subSequenceNumber()).isEqualTo(3);
        assertThat(checkpointed.ownerSwitchesSinceCheckpoint()).isZero();
        assertThat(checkpointed.counter()).isEqualTo(4);

        Lease released = store.release(checkpointed).orElseThrow();
        assertThat(released.owner()).isNull();
        assertThat(store.get(fresh.leaseKey())).contains(released);
        assertThat(store.list()).extracting(Lease::leaseKey).containsExactly(fresh.leaseKey());
        assertThat(store.delete(checkpointed)).as("a delete from a stale copy fails").isFalse();
        assertThat(store.delete(released)).isTrue();
        assertThat(store.get(fresh.leaseKey())).isEmpty();
    }

    @Test
    void twoWorkersTakingOneLeaseNeverBothGetIt() throws Exception {
        LeaseStore store = newStore();
        for (int round = 0; round < 20; round++) {
            Lease lease = Lease.forShard("shard-" + round, Checkpoint.LATEST, Set.of(), null, null);
            store.createIfAbsent(lease);
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Optional<Lease>>> attempts = new ArrayList<>();
                for (String worker : List.of("worker-a", "worker-b")) {
                    attempts.add(pool.submit(() -> {
                        start.await();
                        return store.take(lease, worker);
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Optional<Lease>> attempt : attempts) {
                    winners += attempt.get().isPresent() ? 1 : 0;
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void aCheckpointAfterTheLeaseWasStolenFailsWithATypedError() {
        LeaseStore store = newStore();
        Lease lease = Lease.forShard("shard-x", Checkpoint.TRIM_HORIZON, Set.of(), null, null);
        store.createIfAbsent(lease);
        Lease mine = store.take(lease, "worker-a").orElseThrow();
        Lease stolen = store.take(mine, "worker-b").orElseThrow();
        assertThat(stolen.ownerSwitchesSinceCheckpoint()).isEqualTo(2);
        assertThatThrownBy(() -> store.checkpoint(mine, Checkpoint.at("12345")))
                .isInstanceOfSatisfying(LeaseLostException.class, e -> assertThat(e.isRetriable()).isFalse())
                .hasMessageContaining("no longer held by worker-a");
        assertThat(store.get("shard-x").orElseThrow().checkpoint()).isEqualTo(Checkpoint.TRIM_HORIZON);
        assertThat(store.evict(mine)).as("evicting with a stale owner fails").isEmpty();
        assertThat(store.renew(mine)).as("renewing a lease another worker took fails").isEmpty();
        assertThat(store.evict(stolen).orElseThrow().owner()).isNull();
    }

    @Test
    void aTableTheKclWroteIsRead() {
        LeaseStore store = newStore();
        // An item as KCL 2.x writes it, with attributes of its own this layout does not know.
        dynamo.putItem(b -> b.tableName(store.table()).item(Map.of(
                "leaseKey", AttributeValue.fromS("shardId-000000000003"),
                "leaseOwner", AttributeValue.fromS("kcl-worker"),
                "leaseCounter", AttributeValue.fromN("42"),
                "checkpoint", AttributeValue.fromS("SHARD_END"),
                "checkpointSubSequenceNumber", AttributeValue.fromN("0"),
                "ownerSwitchesSinceCheckpoint", AttributeValue.fromN("1"),
                "parentShardId", AttributeValue.fromSs(List.of("shardId-000000000001", "shardId-000000000002")),
                "childShardIds", AttributeValue.fromSs(List.of("shardId-000000000004")),
                "throughputKBps", AttributeValue.fromN("12.5"))));
        Lease read = store.get("shardId-000000000003").orElseThrow();
        assertThat(read.owner()).isEqualTo("kcl-worker");
        assertThat(read.counter()).isEqualTo(42);
        assertThat(read.checkpoint().isShardEnd()).isTrue();
        assertThat(read.parentShardIds()).containsExactlyInAnyOrder("shardId-000000000001", "shardId-000000000002");
        assertThat(read.childShardIds()).containsExactly("shardId-000000000004");
        assertThat(store.take(read, "sluice-worker")).isPresent();
    }
}
