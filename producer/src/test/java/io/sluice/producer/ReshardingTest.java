package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.local.junit.LocalBackendExtension;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;

/**
 * A SplitShard and then a MergeShards while the producer writes aggregated records: aggregates that land on a
 * child shard holding only some of their keys are handled, so a consumer that drops records outside a shard's
 * range (as the KCL does) reads every record exactly once, each key in order.
 */
class ReshardingTest {

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b
            .createDelay(Duration.ZERO).updateDelay(Duration.ZERO).shardThroughputLimits(false));

    static KinesisClient kinesis;

    @BeforeAll
    static void connect() {
        kinesis = BACKEND.clients().kinesis().build();
    }

    @AfterAll
    static void disconnect() {
        kinesis.close();
    }

    @Test
    void splitAndMergeDuringARunLoseAndDoubleNothing() throws Exception {
        String stream = "reshard-run";
        LocalStreams.create(kinesis, stream, 2);
        KeyedLoad load = new KeyedLoad(500);
        try (KinesisProducer producer = KinesisProducer.create(LocalStreams.config(BACKEND.clients())
                .recordMaxBufferedTime(Duration.ofMillis(20)).build())) {
            int index = 0;
            for (; index < 20_000; index++) {
                load.addNext(producer, stream, index);
            }
            producer.flushSync();
            Shard first = openShards(stream).get(0);
            BigInteger middle = new BigInteger(first.hashKeyRange().startingHashKey())
                    .add(new BigInteger(first.hashKeyRange().endingHashKey())).shiftRight(1);
            kinesis.splitShard(b -> b.streamName(stream).shardToSplit(first.shardId())
                    .newStartingHashKey(middle.toString()));
            waitActive(stream);
            for (; index < 40_000; index++) {
                load.addNext(producer, stream, index);
            }
            producer.flushSync();
            List<Shard> open = openShards(stream);
            open.sort((a, b) -> new BigInteger(a.hashKeyRange().startingHashKey())
                    .compareTo(new BigInteger(b.hashKeyRange().startingHashKey())));
            Shard left = open.get(open.size() - 2);
            Shard right = open.get(open.size() - 1);
            kinesis.mergeShards(b -> b.streamName(stream).shardToMerge(left.shardId())
                    .adjacentShardToMerge(right.shardId()));
            waitActive(stream);
            for (; index < 60_000; index++) {
                load.addNext(producer, stream, index);
            }
            producer.flushSync();
        }
        List<UserRecordResult> results = load.results();
        assertThat(results.stream().flatMap(r -> r.attempts().stream())
                .anyMatch(a -> "MisroutedAfterReshard".equals(a.errorCode())))
                .as("some aggregate landed on a child holding only part of its keys").isTrue();
        load.check(StreamContents.read(kinesis, stream), false);
    }

    private static List<Shard> openShards(String stream) {
        return new java.util.ArrayList<>(kinesis.listShards(b -> b.streamName(stream)
                .shardFilter(f -> f.type(ShardFilterType.AT_LATEST))).shards());
    }

    /** The SDK's waiter polls every 10 s; the backend is ready within milliseconds. */
    private static void waitActive(String stream) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary()
                    .streamStatusAsString().equals("ACTIVE")) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("The stream did not become ACTIVE");
    }
}
