package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.local.junit.LocalBackendExtension;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesis.model.UpdateShardCountResponse;
import software.amazon.awssdk.services.kinesis.model.ValidationException;

/**
 * SplitShard, MergeShards and UpdateShardCount through the SDK: parents close with their last sequence number,
 * children name their parents and cover the parents' hash ranges exactly, reads follow a closed shard to its
 * children, and the stream is UPDATING for a while after each change.
 */
class ReshardingTest {

    static final Instant START = Instant.parse("2026-11-23T12:00:00Z");
    static final Duration DELAY = Duration.ofMillis(500);
    static final MutableClock CLOCK = new MutableClock(START);
    static final BigInteger TWO_TO_128 = BigInteger.ONE.shiftLeft(128);

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b
            .shardThroughputLimits(false).clock(CLOCK)
            .createDelay(DELAY).deleteDelay(DELAY).updateDelay(DELAY).shardLimit(60));

    static KinesisClient kinesis;
    private static int streams;

    @BeforeAll
    static void connect() {
        kinesis = ClientKind.SYNC_CBOR.create(BACKEND.clients());
    }

    @AfterAll
    static void disconnect() {
        kinesis.close();
    }

    private static String activeStream(int shards) {
        String name = "reshard-" + streams++;
        kinesis.createStream(b -> b.streamName(name).shardCount(shards));
        CLOCK.advance(DELAY);
        return name;
    }

    private static List<Shard> shards(String stream) {
        return kinesis.listShards(b -> b.streamName(stream)).shards();
    }

    private static List<Shard> open(String stream) {
        return kinesis.listShards(b -> b.streamName(stream)
                .shardFilter(f -> f.type(ShardFilterType.AT_LATEST))).shards();
    }

    private static BigInteger start(Shard shard) {
        return new BigInteger(shard.hashKeyRange().startingHashKey());
    }

    private static BigInteger end(Shard shard) {
        return new BigInteger(shard.hashKeyRange().endingHashKey());
    }

    /** The open shards cover the whole key space, in order, with no gap and no overlap. */
    private static void assertOpenShardsTile(List<Shard> open) {
        List<Shard> sorted = open.stream().sorted(Comparator.comparing(ReshardingTest::start)).toList();
        BigInteger next = BigInteger.ZERO;
        for (Shard shard : sorted) {
            assertThat(start(shard)).as("start of %s", shard.shardId()).isEqualTo(next);
            assertThat(end(shard)).isGreaterThanOrEqualTo(start(shard));
            next = end(shard).add(BigInteger.ONE);
        }
        assertThat(next).isEqualTo(TWO_TO_128);
    }

    private static String put(String stream, String key, BigInteger hashKey) {
        PutRecordResponse put = kinesis.putRecord(b -> b.streamName(stream).partitionKey(key)
                .explicitHashKey(hashKey.toString()).data(SdkBytes.fromUtf8String(key)));
        return put.shardId();
    }

    @Test
    void splitClosesTheParentAtItsLastRecordAndOpensTwoChildren() {
        String stream = activeStream(1);
        BigInteger middle = TWO_TO_128.shiftRight(1);
        String lastOnParent = kinesis.putRecord(b -> b.streamName(stream).partitionKey("a")
                .data(SdkBytes.fromUtf8String("before"))).sequenceNumber();

        kinesis.splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000000")
                .newStartingHashKey(middle.toString()));

        assertThat(kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary()
                .streamStatus()).isEqualTo(StreamStatus.UPDATING);
        assertThatThrownBy(() -> kinesis.splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000001")
                .newStartingHashKey("1000")))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("not ACTIVE, instead in state UPDATING");
        // Records are taken while UPDATING, and go to the children.
        assertThat(put(stream, "low", BigInteger.ONE)).isEqualTo("shardId-000000000001");
        assertThat(put(stream, "high", middle)).isEqualTo("shardId-000000000002");
        CLOCK.advance(DELAY);
        assertThat(kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary()
                .streamStatus()).isEqualTo(StreamStatus.ACTIVE);

        List<Shard> all = shards(stream);
        assertThat(all).extracting(Shard::shardId)
                .containsExactly("shardId-000000000000", "shardId-000000000001", "shardId-000000000002");
        Shard parent = all.get(0);
        assertThat(parent.sequenceNumberRange().endingSequenceNumber()).isEqualTo(lastOnParent);
        assertThat(all.get(1).parentShardId()).isEqualTo("shardId-000000000000");
        assertThat(all.get(1).adjacentParentShardId()).isNull();
        assertThat(all.get(1).hashKeyRange().endingHashKey()).isEqualTo(middle.subtract(BigInteger.ONE).toString());
        assertThat(all.get(2).hashKeyRange().startingHashKey()).isEqualTo(middle.toString());
        assertThat(all.get(2).parentShardId()).isEqualTo("shardId-000000000000");
        assertOpenShardsTile(open(stream));
        assertThat(kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary()
                .openShardCount()).isEqualTo(2);
        // DescribeStream shows the same topology.
        assertThat(kinesis.describeStream(b -> b.streamName(stream)).streamDescription().shards()).isEqualTo(all);
    }

    @Test
    void aDrainedClosedShardEndsWithChildShardsAndANullIterator() {
        String stream = activeStream(1);
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("a").data(SdkBytes.fromUtf8String("one")));
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("b").data(SdkBytes.fromUtf8String("two")));
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        kinesis.splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000000")
                .newStartingHashKey(TWO_TO_128.shiftRight(2).toString()));

        // An iterator taken before the split reads the parent's records, then learns of the children.
        GetRecordsResponse first = kinesis.getRecords(b -> b.shardIterator(iterator).limit(1));
        assertThat(first.records()).extracting(r -> r.data().asUtf8String()).containsExactly("one");
        assertThat(first.nextShardIterator()).isNotNull();
        assertThat(first.childShards()).isEmpty();
        GetRecordsResponse last = kinesis.getRecords(b -> b.shardIterator(first.nextShardIterator()));
        assertThat(last.records()).extracting(r -> r.data().asUtf8String()).containsExactly("two");
        assertThat(last.nextShardIterator()).isNull();
        assertThat(last.childShards()).extracting(ChildShard::shardId)
                .containsExactly("shardId-000000000001", "shardId-000000000002");
        assertThat(last.childShards()).allSatisfy(child -> {
            assertThat(child.parentShards()).containsExactly("shardId-000000000000");
            assertThat(child.hashKeyRange()).isNotNull();
        });
        assertThat(last.millisBehindLatest()).isZero();

        // A new iterator on the closed shard still reads its records, until retention drops them.
        assertThat(ShardReads.readAll(kinesis, stream, "shardId-000000000000")).hasSize(2);
        String latest = kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
        GetRecordsResponse atEnd = kinesis.getRecords(b -> b.shardIterator(latest));
        assertThat(atEnd.records()).isEmpty();
        assertThat(atEnd.nextShardIterator()).isNull();
        assertThat(atEnd.childShards()).hasSize(2);
    }

    @Test
    void splitRejectsClosedShardsUnknownShardsAndKeysOutsideTheShard() {
        String stream = activeStream(2);
        Shard first = shards(stream).get(0);
        assertThatThrownBy(() -> kinesis.splitShard(b -> b.streamName(stream).shardToSplit(first.shardId())
                .newStartingHashKey(first.hashKeyRange().startingHashKey())))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("is not both greater than one plus the shard's StartingHashKey");
        assertThatThrownBy(() -> kinesis.splitShard(b -> b.streamName(stream).shardToSplit(first.shardId())
                .newStartingHashKey(first.hashKeyRange().endingHashKey())))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> kinesis.splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000009")
                .newStartingHashKey("1000")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageStartingWith("Could not find shard shardId-000000000009 in stream " + stream + " under account "
                        + LocalBackend.ACCOUNT_ID + ".");
        assertThatThrownBy(() -> kinesis.splitShard(b -> b.streamName(stream).shardToSplit(first.shardId())
                .newStartingHashKey("12x")))
                .isInstanceOf(ValidationException.class);

        kinesis.splitShard(b -> b.streamName(stream).shardToSplit(first.shardId()).newStartingHashKey("1000"));
        CLOCK.advance(DELAY);
        assertThatThrownBy(() -> kinesis.splitShard(b -> b.streamName(stream).shardToSplit(first.shardId())
                .newStartingHashKey("2000")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("has already been merged or split");
    }

    @Test
    void mergeJoinsTwoAdjacentShardsIntoOneChildWithBothParents() {
        String stream = activeStream(3);
        String onFirst = put(stream, "x", BigInteger.ONE);
        assertThat(onFirst).isEqualTo("shardId-000000000000");
        assertThatThrownBy(() -> kinesis.mergeShards(b -> b.streamName(stream).shardToMerge("shardId-000000000000")
                .adjacentShardToMerge("shardId-000000000002")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("are not an adjacent pair of shards eligible for merging");

        kinesis.mergeShards(b -> b.streamName(stream).shardToMerge("shardId-000000000001")
                .adjacentShardToMerge("shardId-000000000000"));
        CLOCK.advance(DELAY);

        List<Shard> all = shards(stream);
        assertThat(all).hasSize(4);
        Shard child = all.get(3);
        assertThat(child.shardId()).isEqualTo("shardId-000000000003");
        assertThat(child.parentShardId()).isEqualTo("shardId-000000000001");
        assertThat(child.adjacentParentShardId()).isEqualTo("shardId-000000000000");
        assertThat(child.hashKeyRange().startingHashKey()).isEqualTo(all.get(0).hashKeyRange().startingHashKey());
        assertThat(child.hashKeyRange().endingHashKey()).isEqualTo(all.get(1).hashKeyRange().endingHashKey());
        assertThat(all.get(0).sequenceNumberRange().endingSequenceNumber()).isNotNull();
        assertThat(all.get(1).sequenceNumberRange().endingSequenceNumber()).isNotNull();
        assertOpenShardsTile(open(stream));
        assertThat(put(stream, "y", BigInteger.ONE)).isEqualTo("shardId-000000000003");

        // Both parents end with the same single child.
        for (String parent : List.of("shardId-000000000000", "shardId-000000000001")) {
            String latest = kinesis.getShardIterator(b -> b.streamName(stream).shardId(parent)
                    .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
            GetRecordsResponse end = kinesis.getRecords(b -> b.shardIterator(latest));
            assertThat(end.childShards()).singleElement().satisfies(c -> {
                assertThat(c.shardId()).isEqualTo("shardId-000000000003");
                assertThat(c.parentShards()).containsExactly("shardId-000000000001", "shardId-000000000000");
            });
        }
    }

    @ParameterizedTest(name = "{0} -> {1} shards")
    @CsvSource({"1,2", "2,4", "4,2", "4,3", "3,5", "5,3", "3,6", "6,4"})
    void updateShardCountReshapesIntoEvenShardsThroughSplitsAndMerges(int from, int to) {
        String stream = activeStream(from);
        UpdateShardCountResponse response = kinesis.updateShardCount(b -> b.streamName(stream)
                .targetShardCount(to).scalingType(ScalingType.UNIFORM_SCALING));
        assertThat(response.currentShardCount()).isEqualTo(from);
        assertThat(response.targetShardCount()).isEqualTo(to);
        assertThat(response.streamName()).isEqualTo(stream);
        CLOCK.advance(DELAY);

        List<Shard> all = shards(stream);
        List<Shard> open = open(stream);
        assertThat(open).hasSize(to);
        assertOpenShardsTile(open);
        // Every open shard is within one key in a thousand of an even share of the key space.
        BigInteger even = TWO_TO_128.divide(BigInteger.valueOf(to));
        for (Shard shard : open) {
            BigInteger width = end(shard).subtract(start(shard)).add(BigInteger.ONE);
            assertThat(width.subtract(even).abs()).isLessThan(even.shiftRight(10));
        }
        // Every original shard is closed, and every shard's parents exist and cover exactly what it covers.
        Map<String, Shard> byId = all.stream().collect(Collectors.toMap(Shard::shardId, s -> s));
        assertThat(all.subList(0, from)).allSatisfy(s -> assertThat(s.sequenceNumberRange().endingSequenceNumber())
                .isNotNull());
        for (Shard shard : all.subList(from, all.size())) {
            Shard parent = byId.get(shard.parentShardId());
            assertThat(parent).isNotNull();
            BigInteger parentsStart = start(parent);
            BigInteger parentsEnd = end(parent);
            if (shard.adjacentParentShardId() != null) {
                Shard adjacent = byId.get(shard.adjacentParentShardId());
                parentsStart = parentsStart.min(start(adjacent));
                parentsEnd = parentsEnd.max(end(adjacent));
                assertThat(start(shard)).isEqualTo(parentsStart);
                assertThat(end(shard)).isEqualTo(parentsEnd);
            } else {
                assertThat(start(shard)).isGreaterThanOrEqualTo(parentsStart);
                assertThat(end(shard)).isLessThanOrEqualTo(parentsEnd);
            }
        }
        // Records still route to exactly the shard whose range holds their key.
        for (Shard shard : open) {
            assertThat(put(stream, "k", start(shard))).isEqualTo(shard.shardId());
            assertThat(put(stream, "k", end(shard))).isEqualTo(shard.shardId());
        }
    }

    @Test
    void updateShardCountKeepsToAwsBounds() {
        String stream = activeStream(4);
        assertThatThrownBy(() -> kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(9)
                .scalingType(ScalingType.UNIFORM_SCALING)))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("cannot scale up over double your current open shard count");
        assertThatThrownBy(() -> kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(1)
                .scalingType(ScalingType.UNIFORM_SCALING)))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("cannot scale down below half your current open shard count");
        assertThatThrownBy(() -> kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(4)
                .scalingType(ScalingType.UNIFORM_SCALING)))
                .isInstanceOf(InvalidArgumentException.class);

        // Ten scalings in a rolling day, the eleventh is refused until the first is a day old.
        for (int i = 0; i < 10; i++) {
            int target = i % 2 == 0 ? 5 : 4;
            kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(target)
                    .scalingType(ScalingType.UNIFORM_SCALING));
            CLOCK.advance(Duration.ofMinutes(1));
        }
        assertThatThrownBy(() -> kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(5)
                .scalingType(ScalingType.UNIFORM_SCALING)))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("rolling 24-hour period");
        CLOCK.advance(Duration.ofHours(24).minusMinutes(9));
        kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(5)
                .scalingType(ScalingType.UNIFORM_SCALING));
    }

    @Test
    void onDemandStreamsCannotBeScaledByShardCount() {
        String stream = "reshard-on-demand-" + streams++;
        kinesis.createStream(b -> b.streamName(stream).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        CLOCK.advance(DELAY);
        assertThatThrownBy(() -> kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(8)
                .scalingType(ScalingType.UNIFORM_SCALING)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("is in On-Demand mode");
    }

    @Test
    void reshardingCountsAgainstTheShardLimit() {
        int open = kinesis.describeLimits(b -> { }).openShardCount();
        String stream = activeStream(60 - open);
        String shard = shards(stream).get(0).shardId();
        assertThatThrownBy(() -> kinesis.splitShard(b -> b.streamName(stream).shardToSplit(shard)
                .newStartingHashKey("1000")))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("would exceed the shard limit");
        // A merge lowers the count, so it is allowed at the limit.
        kinesis.mergeShards(b -> b.streamName(stream).shardToMerge("shardId-000000000000")
                .adjacentShardToMerge("shardId-000000000001"));
        CLOCK.advance(DELAY);
        kinesis.deleteStream(b -> b.streamName(stream));
        CLOCK.advance(DELAY);
    }

    @Test
    void listShardsFiltersSeeParentsAndChildrenAsAwsDoes() {
        String stream = activeStream(2);
        CLOCK.advance(Duration.ofMinutes(10));
        Instant beforeSplit = CLOCK.instant();
        CLOCK.advance(Duration.ofMinutes(1));
        kinesis.splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000001")
                .newStartingHashKey(TWO_TO_128.shiftRight(1).add(BigInteger.TEN).toString()));
        CLOCK.advance(Duration.ofMinutes(1));

        assertThat(ids(stream, ShardFilterType.AT_LATEST, null))
                .containsExactly("shardId-000000000000", "shardId-000000000002", "shardId-000000000003");
        assertThat(ids(stream, ShardFilterType.AT_TRIM_HORIZON, null))
                .containsExactly("shardId-000000000000", "shardId-000000000001");
        assertThat(ids(stream, ShardFilterType.FROM_TRIM_HORIZON, null)).hasSize(4);
        assertThat(ids(stream, ShardFilterType.AT_TIMESTAMP, beforeSplit))
                .containsExactly("shardId-000000000000", "shardId-000000000001");
        assertThat(ids(stream, ShardFilterType.AT_TIMESTAMP, CLOCK.instant()))
                .containsExactly("shardId-000000000000", "shardId-000000000002", "shardId-000000000003");
        assertThat(ids(stream, ShardFilterType.FROM_TIMESTAMP, beforeSplit)).hasSize(4);
        assertThat(ids(stream, ShardFilterType.FROM_TIMESTAMP, CLOCK.instant()))
                .containsExactly("shardId-000000000000", "shardId-000000000002", "shardId-000000000003");

        // Once the parent's records are past retention, it is no longer listed at all.
        CLOCK.advance(Duration.ofHours(25));
        assertThat(ids(stream, ShardFilterType.FROM_TRIM_HORIZON, null))
                .containsExactly("shardId-000000000000", "shardId-000000000002", "shardId-000000000003");
    }

    private static List<String> ids(String stream, ShardFilterType type, Instant at) {
        return kinesis.listShards(b -> b.streamName(stream).shardFilter(f -> f.type(type).timestamp(at))).shards()
                .stream().map(Shard::shardId).toList();
    }

    @Test
    void writersRacingASplitLoseNothingAndEachRecordStaysOnTheShardThatAcknowledgedIt() throws Exception {
        String stream = activeStream(1);
        Map<String, String> acknowledged = new java.util.concurrent.ConcurrentHashMap<>();
        List<Thread> writers = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                for (int batch = 0; !stop.get() || batch < 5; batch++) {
                    int b0 = batch;
                    var entries = IntStream.range(0, 50).mapToObj(i -> PutRecordsRequestEntry.builder()
                            .partitionKey("w" + writer + "-" + b0 + "-" + i)
                            .data(SdkBytes.fromUtf8String("w" + writer + "-" + b0 + "-" + i)).build()).toList();
                    var results = kinesis.putRecords(b -> b.streamName(stream).records(entries)).records();
                    for (int i = 0; i < results.size(); i++) {
                        assertThat(results.get(i).errorCode()).isNull();
                        acknowledged.put(entries.get(i).data().asUtf8String(), results.get(i).shardId());
                    }
                }
            });
            thread.start();
            writers.add(thread);
        }
        Thread.sleep(100);
        kinesis.splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000000")
                .newStartingHashKey(TWO_TO_128.shiftRight(1).toString()));
        Thread.sleep(100);
        stop.set(true);
        for (Thread thread : writers) {
            thread.join();
        }

        Map<String, String> read = new HashMap<>();
        for (String shard : List.of("shardId-000000000000", "shardId-000000000001", "shardId-000000000002")) {
            for (Record record : ShardReads.readAll(kinesis, stream, shard)) {
                assertThat(read.put(record.data().asUtf8String(), shard)).isNull();
            }
        }
        assertThat(read).isEqualTo(acknowledged);
        Set<String> children = Set.of("shardId-000000000001", "shardId-000000000002");
        assertThat(acknowledged.values()).contains("shardId-000000000000");
        assertThat(acknowledged.values().stream().filter(children::contains)).isNotEmpty();
    }
}
