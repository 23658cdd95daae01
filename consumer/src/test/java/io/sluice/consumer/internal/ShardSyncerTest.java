package io.sluice.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.checkpoint.Checkpoint;
import io.sluice.checkpoint.Lease;
import io.sluice.checkpoint.LeaseStore;
import io.sluice.consumer.InitialPosition;
import io.sluice.local.junit.LocalBackendExtension;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Lease creation and clean-up against a resharded stream of backend-local. */
class ShardSyncerTest {

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.createDelay(Duration.ZERO)
            .updateDelay(Duration.ZERO));

    static KinesisClient kinesis;
    static KinesisAsyncClient kinesisAsync;
    static DynamoDbClient dynamo;
    static int tables;

    @BeforeAll
    static void connect() {
        kinesis = BACKEND.clients().kinesis().build();
        kinesisAsync = BACKEND.clients().kinesisAsync().build();
        dynamo = BACKEND.clients().dynamoDb().build();
        kinesis.createStream(b -> b.streamName("split").shardCount(1));
        awaitActive();
        BigInteger middle = BigInteger.TWO.pow(127);
        kinesis.splitShard(b -> b.streamName("split").shardToSplit("shardId-000000000000")
                .newStartingHashKey(middle.toString()));
        awaitActive();
    }

    private static void awaitActive() {
        awaitActive("split");
    }

    private static void awaitActive(String stream) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus()
                != StreamStatus.ACTIVE) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @AfterAll
    static void disconnect() {
        kinesis.close();
        kinesisAsync.close();
        dynamo.close();
    }

    private static LeaseStore newStore() {
        LeaseStore store = new LeaseStore(dynamo, "sync-" + (++tables));
        store.createTableIfAbsent(Duration.ofSeconds(30));
        return store;
    }

    private static Map<String, Lease> leases(LeaseStore store) {
        return store.list().stream().collect(Collectors.toMap(Lease::leaseKey, Function.identity()));
    }

    @Test
    void trimHorizonLeasesEveryShardWithItsParentsAndAFinishedParentIsDeletedOnceAndNotRecreated() {
        LeaseStore store = newStore();
        ShardSyncer syncer = new ShardSyncer(kinesisAsync, new StreamRef("split"), store,
                InitialPosition.TRIM_HORIZON);
        assertThat(syncer.sync()).isEqualTo(3);
        Map<String, Lease> leases = leases(store);
        assertThat(leases.get("shardId-000000000001").parentShardIds()).containsExactly("shardId-000000000000");
        assertThat(leases.values()).allSatisfy(l -> assertThat(l.checkpoint()).isEqualTo(Checkpoint.TRIM_HORIZON));

        Lease parent = store.take(leases.get("shardId-000000000000"), "w").orElseThrow();
        parent = store.checkpoint(parent, Checkpoint.SHARD_END);
        store.release(parent).orElseThrow();
        assertThat(syncer.sync()).isZero();
        assertThat(leases(store)).as("the finished parent is gone").doesNotContainKey("shardId-000000000000");
        assertThat(syncer.sync()).as("and not created again while its children hold the leases").isZero();
        assertThat(leases(store)).containsOnlyKeys("shardId-000000000001", "shardId-000000000002");
    }

    @Test
    void shardsWhoseChildrenFinishedAndWereDeletedTooAreNotLeasedAgain() {
        // 0 splits into 1 and 2, which split into 3, 4 and 5, 6: three generations.
        kinesis.createStream(b -> b.streamName("generations").shardCount(1));
        awaitActive("generations");
        BigInteger quarter = BigInteger.TWO.pow(126);
        kinesis.splitShard(b -> b.streamName("generations").shardToSplit("shardId-000000000000")
                .newStartingHashKey(quarter.multiply(BigInteger.TWO).toString()));
        awaitActive("generations");
        kinesis.splitShard(b -> b.streamName("generations").shardToSplit("shardId-000000000001")
                .newStartingHashKey(quarter.toString()));
        awaitActive("generations");
        kinesis.splitShard(b -> b.streamName("generations").shardToSplit("shardId-000000000002")
                .newStartingHashKey(quarter.multiply(BigInteger.valueOf(3)).toString()));
        awaitActive("generations");
        LeaseStore store = newStore();
        ShardSyncer syncer = new ShardSyncer(kinesisAsync, new StreamRef("generations"), store,
                InitialPosition.TRIM_HORIZON);
        assertThat(syncer.sync()).isEqualTo(7);
        finish(store, "shardId-000000000000");
        syncer.sync();
        finish(store, "shardId-000000000001");
        finish(store, "shardId-000000000002");
        syncer.sync();
        assertThat(leases(store)).containsOnlyKeys("shardId-000000000003", "shardId-000000000004",
                "shardId-000000000005", "shardId-000000000006");
        assertThat(syncer.sync()).as("the grandparent, whose children are gone too, is not leased again").isZero();
        assertThat(leases(store)).containsOnlyKeys("shardId-000000000003", "shardId-000000000004",
                "shardId-000000000005", "shardId-000000000006");
    }

    private static void finish(LeaseStore store, String shardId) {
        Lease lease = store.take(leases(store).get(shardId), "w").orElseThrow();
        store.release(store.checkpoint(lease, Checkpoint.SHARD_END)).orElseThrow();
    }

    @Test
    void latestLeasesOnlyOpenShardsAndAtTimestampLeasesEveryShardAtTheTimestamp() {
        LeaseStore latest = newStore();
        new ShardSyncer(kinesisAsync, new StreamRef("split"), latest, InitialPosition.LATEST).sync();
        assertThat(leases(latest)).containsOnlyKeys("shardId-000000000001", "shardId-000000000002");
        assertThat(leases(latest).values()).allSatisfy(l -> assertThat(l.checkpoint()).isEqualTo(Checkpoint.LATEST));

        LeaseStore atTimestamp = newStore();
        new ShardSyncer(kinesisAsync, new StreamRef("split"), atTimestamp,
                InitialPosition.atTimestamp(Instant.now())).sync();
        assertThat(leases(atTimestamp)).hasSize(3).allSatisfy((key, l) -> assertThat(l.checkpoint())
                .isEqualTo(Checkpoint.AT_TIMESTAMP));
    }

    @Test
    void twoWorkersSyncingANewApplicationAtOnceLeaveNoChildWithoutItsParent() throws Exception {
        for (int round = 0; round < 5; round++) {
            LeaseStore store = newStore();
            CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> new ShardSyncer(kinesisAsync,
                    new StreamRef("split"), store, InitialPosition.TRIM_HORIZON).sync());
            CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> new ShardSyncer(kinesisAsync,
                    new StreamRef("split"), store, InitialPosition.TRIM_HORIZON).sync());
            assertThat(a.get() + b.get()).as("each lease created once").isEqualTo(3);
            assertThat(leases(store)).containsOnlyKeys("shardId-000000000000", "shardId-000000000001",
                    "shardId-000000000002");
        }
    }
}
