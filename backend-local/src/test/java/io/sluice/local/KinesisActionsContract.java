package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.local.junit.LocalBackendExtension;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.ExpiredNextTokenException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ListStreamsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescription;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesis.model.StreamSummary;
import software.amazon.awssdk.services.kinesis.model.Tag;

/**
 * Every data-plane action through one kind of real SDK v2 client (sync or async, CBOR or JSON). The backend's
 * clock is a test clock, so timestamps are compared exactly: a server that put seconds where the SDK expects
 * milliseconds (or the reverse) fails here.
 */
abstract class KinesisActionsContract {

    static final Instant START = Instant.parse("2026-11-23T10:15:30.123Z");
    static final Duration CREATE_DELAY = Duration.ofMillis(500);
    static final MutableClock CLOCK = new MutableClock(START);
    static final BigInteger TWO_TO_128 = BigInteger.ONE.shiftLeft(128);

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b
            .shardThroughputLimits(false)
            .clock(CLOCK).createDelay(CREATE_DELAY).deleteDelay(CREATE_DELAY));

    /** One client per class: closing an async client takes seconds (its event loops shut down gracefully). */
    static KinesisClient kinesis;
    private static int streams;

    abstract ClientKind kind();

    @BeforeEach
    void connect() {
        CLOCK.set(START);
        if (kinesis == null) {
            kinesis = kind().create(BACKEND.clients());
        }
    }

    @AfterAll
    static void disconnect() {
        if (kinesis != null) {
            kinesis.close();
            kinesis = null;
        }
    }

    /** A stream name unique in this class. */
    String name(String what) {
        return what + "-" + kind().name().toLowerCase().replace('_', '-') + "-" + streams++;
    }

    /** Creates a provisioned stream and lets its creation delay pass. */
    String activeStream(String what, int shards) {
        String stream = name(what);
        kinesis.createStream(b -> b.streamName(stream).shardCount(shards));
        CLOCK.advance(CREATE_DELAY);
        return stream;
    }

    static SdkBytes bytes(String text) {
        return SdkBytes.fromUtf8String(text);
    }

    static BigInteger md5(String partitionKey) throws Exception {
        return new BigInteger(1, MessageDigest.getInstance("MD5").digest(partitionKey.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void createStreamIsCreatingThenActiveWithEvenHashRangesAndAwsShapedSequenceNumbers() {
        String stream = name("create");
        kinesis.createStream(b -> b.streamName(stream).shardCount(3));

        StreamDescription creating = kinesis.describeStream(b -> b.streamName(stream)).streamDescription();
        assertThat(creating.streamStatus()).isEqualTo(StreamStatus.CREATING);
        assertThat(creating.shards()).isEmpty();
        assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(bytes("x"))))
                .isInstanceOf(ResourceNotFoundException.class);

        CLOCK.advance(CREATE_DELAY);
        StreamDescription active = kinesis.describeStream(b -> b.streamName(stream)).streamDescription();
        assertThat(active.streamStatus()).isEqualTo(StreamStatus.ACTIVE);
        assertThat(active.streamName()).isEqualTo(stream);
        assertThat(active.streamARN()).isEqualTo("arn:aws:kinesis:us-east-1:000000000000:stream/" + stream);
        assertThat(active.streamCreationTimestamp()).isEqualTo(START);
        assertThat(active.retentionPeriodHours()).isEqualTo(24);
        assertThat(active.encryptionTypeAsString()).isEqualTo("NONE");
        assertThat(active.streamModeDetails().streamMode()).isEqualTo(StreamMode.PROVISIONED);
        assertThat(active.enhancedMonitoring()).hasSize(1);
        assertThat(active.enhancedMonitoring().get(0).shardLevelMetrics()).isEmpty();
        assertThat(active.hasMoreShards()).isFalse();
        assertThat(active.shards()).extracting(Shard::shardId)
                .containsExactly("shardId-000000000000", "shardId-000000000001", "shardId-000000000002");
        BigInteger width = TWO_TO_128.divide(BigInteger.valueOf(3));
        for (int i = 0; i < 3; i++) {
            Shard shard = active.shards().get(i);
            assertThat(new BigInteger(shard.hashKeyRange().startingHashKey())).isEqualTo(width.multiply(BigInteger.valueOf(i)));
            BigInteger end = i == 2 ? TWO_TO_128.subtract(BigInteger.ONE) : width.multiply(BigInteger.valueOf(i + 1)).subtract(BigInteger.ONE);
            assertThat(new BigInteger(shard.hashKeyRange().endingHashKey())).isEqualTo(end);
            assertThat(shard.sequenceNumberRange().startingSequenceNumber()).hasSize(56).containsOnlyDigits();
            assertThat(shard.sequenceNumberRange().endingSequenceNumber()).isNull();
            assertThat(shard.parentShardId()).isNull();
        }
        assertThat(active.shards().get(0).hashKeyRange().endingHashKey())
                .isEqualTo("113427455640312821154458202477256070484");
    }

    @Test
    void onDemandStreamsStartWithFourShards() {
        String stream = name("ondemand");
        kinesis.createStream(b -> b.streamName(stream).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        CLOCK.advance(CREATE_DELAY);
        StreamDescriptionSummary summary = kinesis.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary();
        assertThat(summary.streamModeDetails().streamMode()).isEqualTo(StreamMode.ON_DEMAND);
        assertThat(summary.openShardCount()).isEqualTo(4);
        assertThat(summary.consumerCount()).isZero();
        assertThat(summary.streamStatus()).isEqualTo(StreamStatus.ACTIVE);
        assertThat(summary.streamCreationTimestamp()).isEqualTo(START);
        assertThat(summary.streamARN()).endsWith(":stream/" + stream);
    }

    @Test
    void createStreamTwiceIsResourceInUse() {
        String stream = activeStream("twice", 1);
        assertThatThrownBy(() -> kinesis.createStream(b -> b.streamName(stream).shardCount(1)))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("Stream " + stream + " under account 000000000000 already exists.");
    }

    @Test
    void describeStreamPagesThroughShards() {
        String stream = activeStream("pages", 7);
        StreamDescription first = kinesis.describeStream(b -> b.streamName(stream).limit(3)).streamDescription();
        assertThat(first.shards()).extracting(Shard::shardId)
                .containsExactly("shardId-000000000000", "shardId-000000000001", "shardId-000000000002");
        assertThat(first.hasMoreShards()).isTrue();
        StreamDescription rest = kinesis.describeStream(b -> b.streamName(stream)
                .exclusiveStartShardId("shardId-000000000002")).streamDescription();
        assertThat(rest.shards()).hasSize(4);
        assertThat(rest.hasMoreShards()).isFalse();
    }

    @Test
    void listStreamsPagesWithLimitExclusiveStartAndExpiringNextTokens() {
        String prefix = name("list");
        List<String> names = IntStream.range(0, 5).mapToObj(i -> prefix + "-" + i).toList();
        names.forEach(n -> kinesis.createStream(b -> b.streamName(n).shardCount(1)));

        ListStreamsResponse first = kinesis.listStreams(b -> b.limit(2).exclusiveStartStreamName(prefix));
        assertThat(first.streamNames()).containsExactly(names.get(0), names.get(1));
        assertThat(first.hasMoreStreams()).isTrue();
        assertThat(first.nextToken()).isNotBlank();
        StreamSummary summary = first.streamSummaries().get(0);
        assertThat(summary.streamName()).isEqualTo(names.get(0));
        assertThat(summary.streamStatus()).isEqualTo(StreamStatus.CREATING);
        assertThat(summary.streamCreationTimestamp()).isEqualTo(START);
        assertThat(summary.streamARN()).endsWith(":stream/" + names.get(0));
        assertThat(summary.streamModeDetails().streamMode()).isEqualTo(StreamMode.PROVISIONED);

        ListStreamsResponse second = kinesis.listStreams(b -> b.nextToken(first.nextToken()).limit(2));
        assertThat(second.streamNames()).containsExactly(names.get(2), names.get(3));

        List<String> all = kinesis.listStreams(b -> b.limit(100)).streamNames();
        assertThat(all).containsAll(names).isSorted();

        CLOCK.advance(Duration.ofSeconds(301));
        assertThatThrownBy(() -> kinesis.listStreams(b -> b.nextToken(second.nextToken())))
                .isInstanceOf(ExpiredNextTokenException.class);
    }

    @Test
    void listShardsHonoursFiltersPagesAndTokens() {
        String stream = activeStream("shards", 5);
        ListShardsResponse all = kinesis.listShards(b -> b.streamName(stream));
        assertThat(all.shards()).hasSize(5);
        assertThat(all.nextToken()).isNull();
        assertThat(all.shards().get(4).hashKeyRange().endingHashKey())
                .isEqualTo(TWO_TO_128.subtract(BigInteger.ONE).toString());

        ListShardsResponse page = kinesis.listShards(b -> b.streamName(stream).maxResults(2));
        assertThat(page.shards()).extracting(Shard::shardId).containsExactly("shardId-000000000000", "shardId-000000000001");
        assertThat(page.nextToken()).isNotBlank();
        ListShardsResponse next = kinesis.listShards(b -> b.nextToken(page.nextToken()).maxResults(2));
        assertThat(next.shards()).extracting(Shard::shardId).containsExactly("shardId-000000000002", "shardId-000000000003");
        ListShardsResponse last = kinesis.listShards(b -> b.nextToken(next.nextToken()));
        assertThat(last.shards()).extracting(Shard::shardId).containsExactly("shardId-000000000004");
        assertThat(last.nextToken()).isNull();

        assertThat(kinesis.listShards(b -> b.streamName(stream).exclusiveStartShardId("shardId-000000000003")).shards())
                .extracting(Shard::shardId).containsExactly("shardId-000000000004");
        assertThat(kinesis.listShards(b -> b.streamName(stream)
                .shardFilter(f -> f.type(ShardFilterType.AFTER_SHARD_ID).shardId("shardId-000000000001"))).shards())
                .hasSize(3);
        for (ShardFilterType type : List.of(ShardFilterType.AT_LATEST, ShardFilterType.AT_TRIM_HORIZON,
                ShardFilterType.FROM_TRIM_HORIZON)) {
            assertThat(kinesis.listShards(b -> b.streamName(stream).shardFilter(f -> f.type(type))).shards())
                    .as(type.toString()).hasSize(5);
        }
        for (ShardFilterType type : List.of(ShardFilterType.AT_TIMESTAMP, ShardFilterType.FROM_TIMESTAMP)) {
            assertThat(kinesis.listShards(b -> b.streamName(stream)
                    .shardFilter(f -> f.type(type).timestamp(START.plusSeconds(1)))).shards())
                    .as(type.toString()).hasSize(5);
        }
        assertThat(kinesis.listShards(b -> b.streamName(stream).streamCreationTimestamp(START)).shards()).hasSize(5);

        assertThatThrownBy(() -> kinesis.listShards(b -> b.streamName(stream).nextToken(page.nextToken())))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("NextToken and StreamName cannot be provided together.");
        assertThatThrownBy(() -> kinesis.listShards(b -> b.streamName(stream)
                .shardFilter(f -> f.type(ShardFilterType.AFTER_SHARD_ID))))
                .isInstanceOf(InvalidArgumentException.class);
        CLOCK.advance(Duration.ofSeconds(301));
        assertThatThrownBy(() -> kinesis.listShards(b -> b.nextToken(page.nextToken())))
                .isInstanceOf(ExpiredNextTokenException.class);
    }

    @Test
    void putRecordRoutesByTheMd5OfThePartitionKeyOrTheExplicitHashKey() throws Exception {
        String stream = activeStream("route", 4);
        List<Shard> shards = kinesis.listShards(b -> b.streamName(stream)).shards();
        for (int i = 0; i < 40; i++) {
            String key = "customer-" + i;
            PutRecordResponse put = kinesis.putRecord(b -> b.streamName(stream).partitionKey(key).data(bytes(key)));
            BigInteger hash = md5(key);
            Shard expected = shards.stream().filter(s -> hash.compareTo(new BigInteger(s.hashKeyRange().startingHashKey())) >= 0
                    && hash.compareTo(new BigInteger(s.hashKeyRange().endingHashKey())) <= 0).findFirst().orElseThrow();
            assertThat(put.shardId()).as(key).isEqualTo(expected.shardId());
            assertThat(put.sequenceNumber()).hasSize(56);
        }
        assertThat(kinesis.putRecord(b -> b.streamName(stream).partitionKey("x").explicitHashKey("0")
                .data(bytes("first"))).shardId()).isEqualTo("shardId-000000000000");
        assertThat(kinesis.putRecord(b -> b.streamName(stream).partitionKey("x")
                .explicitHashKey(TWO_TO_128.subtract(BigInteger.ONE).toString()).data(bytes("last"))).shardId())
                .isEqualTo("shardId-000000000003");
        assertThat(kinesis.putRecord(b -> b.streamName(stream).partitionKey("x")
                .explicitHashKey(shards.get(2).hashKeyRange().startingHashKey()).data(bytes("edge"))).shardId())
                .isEqualTo("shardId-000000000002");
    }

    @Test
    void putRecordsAnswersPerRecordInRequestOrderAndKeepsPerShardOrder() {
        String stream = activeStream("batch", 3);
        List<PutRecordsRequestEntry> entries = IntStream.range(0, 500)
                .mapToObj(i -> PutRecordsRequestEntry.builder().partitionKey("pk-" + (i % 17))
                        .data(bytes("record-" + i)).build())
                .toList();
        PutRecordsResponse response = kinesis.putRecords(b -> b.streamName(stream).records(entries));
        assertThat(response.failedRecordCount()).isZero();
        assertThat(response.records()).hasSize(500);
        assertThat(response.records()).allSatisfy(r -> {
            assertThat(r.errorCode()).isNull();
            assertThat(r.sequenceNumber()).hasSize(56);
        });

        Map<String, List<Integer>> sentPerShard = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            sentPerShard.computeIfAbsent(response.records().get(i).shardId(), k -> new ArrayList<>()).add(i);
        }
        assertThat(sentPerShard).hasSizeGreaterThan(1);
        for (Map.Entry<String, List<Integer>> shard : sentPerShard.entrySet()) {
            List<Record> read = ShardReads.readAll(kinesis, stream, shard.getKey());
            assertThat(read).extracting(r -> r.data().asUtf8String())
                    .containsExactlyElementsOf(shard.getValue().stream().map(i -> "record-" + i).toList());
            assertThat(read).extracting(Record::sequenceNumber).containsExactlyElementsOf(
                    shard.getValue().stream().map(i -> response.records().get(i).sequenceNumber()).toList());
            assertThat(read).extracting(r -> new BigInteger(r.sequenceNumber())).isSorted();
            assertThat(read).allSatisfy(r -> assertThat(r.approximateArrivalTimestamp()).isEqualTo(START.plus(CREATE_DELAY)));
        }
    }

    @Test
    void everyIteratorTypeStartsWhereAwsSays() {
        String stream = activeStream("iterators", 1);
        String shard = "shardId-000000000000";
        List<String> sequence = new ArrayList<>();
        List<Instant> arrivals = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            CLOCK.advance(Duration.ofMillis(1_001));
            arrivals.add(CLOCK.instant());
            int n = i;
            sequence.add(kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(bytes("r" + n)))
                    .sequenceNumber());
        }
        assertThat(readFrom(stream, shard, b -> b.shardIteratorType(ShardIteratorType.TRIM_HORIZON)))
                .containsExactly("r0", "r1", "r2", "r3", "r4");
        assertThat(readFrom(stream, shard, b -> b.shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                .startingSequenceNumber(sequence.get(2)))).containsExactly("r2", "r3", "r4");
        assertThat(readFrom(stream, shard, b -> b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                .startingSequenceNumber(sequence.get(2)))).containsExactly("r3", "r4");
        // AT_TIMESTAMP goes through the wire timestamp format: seconds in JSON, tagged milliseconds in CBOR.
        assertThat(readFrom(stream, shard, b -> b.shardIteratorType(ShardIteratorType.AT_TIMESTAMP)
                .timestamp(arrivals.get(3)))).containsExactly("r3", "r4");
        assertThat(readFrom(stream, shard, b -> b.shardIteratorType(ShardIteratorType.AT_TIMESTAMP)
                .timestamp(arrivals.get(3).minusMillis(1)))).containsExactly("r3", "r4");
        assertThat(readFrom(stream, shard, b -> b.shardIteratorType(ShardIteratorType.AT_TIMESTAMP)
                .timestamp(arrivals.get(3).plusMillis(1)))).containsExactly("r4");

        String latest = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard)
                .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
        assertThat(kinesis.getRecords(b -> b.shardIterator(latest)).records()).isEmpty();
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(bytes("r5")));
        assertThat(kinesis.getRecords(b -> b.shardIterator(latest)).records())
                .extracting(r -> r.data().asUtf8String()).containsExactly("r5");

        List<Record> all = ShardReads.readAll(kinesis, stream, shard);
        for (int i = 0; i < 5; i++) {
            assertThat(all.get(i).approximateArrivalTimestamp()).isEqualTo(arrivals.get(i));
            assertThat(all.get(i).partitionKey()).isEqualTo("k");
        }
    }

    private List<String> readFrom(String stream, String shard,
            java.util.function.Consumer<software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest.Builder> how) {
        String iterator = kinesis.getShardIterator(b -> {
            b.streamName(stream).shardId(shard);
            how.accept(b);
        }).shardIterator();
        return kinesis.getRecords(b -> b.shardIterator(iterator)).records().stream()
                .map(r -> r.data().asUtf8String()).collect(Collectors.toList());
    }

    @Test
    void getRecordsHonoursLimitAndReportsMillisBehindLatest() {
        String stream = activeStream("behind", 1);
        for (int i = 0; i < 10; i++) {
            int n = i;
            kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(bytes("m" + n)));
            CLOCK.advance(Duration.ofSeconds(1));
        }
        CLOCK.advance(Duration.ofSeconds(4));
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        GetRecordsResponse first = kinesis.getRecords(b -> b.shardIterator(iterator).limit(3));
        assertThat(first.records()).extracting(r -> r.data().asUtf8String()).containsExactly("m0", "m1", "m2");
        // The next unread record (m3) arrived 3 s after m0; the clock is now 14 s after m0.
        assertThat(first.millisBehindLatest()).isEqualTo(11_000L);
        GetRecordsResponse rest = kinesis.getRecords(b -> b.shardIterator(first.nextShardIterator()));
        assertThat(rest.records()).hasSize(7);
        assertThat(rest.millisBehindLatest()).isZero();
        GetRecordsResponse empty = kinesis.getRecords(b -> b.shardIterator(rest.nextShardIterator()));
        assertThat(empty.records()).isEmpty();
        assertThat(empty.nextShardIterator()).isNotBlank();
        assertThat(empty.millisBehindLatest()).isZero();
        assertThat(empty.childShards()).isEmpty();
    }

    @Test
    void iteratorsExpireAfterFiveMinutes() {
        String stream = activeStream("expiry", 1);
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
        CLOCK.advance(Duration.ofSeconds(299));
        String next = kinesis.getRecords(b -> b.shardIterator(iterator)).nextShardIterator();
        CLOCK.advance(Duration.ofSeconds(2));
        assertThatThrownBy(() -> kinesis.getRecords(b -> b.shardIterator(iterator)))
                .isInstanceOf(ExpiredIteratorException.class).hasMessageContaining("Iterator expired");
        assertThat(kinesis.getRecords(b -> b.shardIterator(next)).records()).isEmpty();
    }

    @Test
    void sequenceNumbersAreCheckedAgainstTheShardAndStream() {
        String stream = activeStream("seqcheck", 2);
        PutRecordResponse put = kinesis.putRecord(b -> b.streamName(stream).partitionKey("k")
                .explicitHashKey("0").data(bytes("x")));
        assertThat(put.shardId()).isEqualTo("shardId-000000000000");
        assertThatThrownBy(() -> kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000001")
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).startingSequenceNumber(put.sequenceNumber())))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("Invalid StartingSequenceNumber. It encodes shardId-000000000000, while it was "
                        + "used in a call to a shard with shardId-000000000001");
        assertThatThrownBy(() -> kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).startingSequenceNumber("12345")))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("is invalid");
        assertThatThrownBy(() -> kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000009")
                .shardIteratorType(ShardIteratorType.LATEST)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Shard shardId-000000000009 in stream " + stream);
    }

    @Test
    void retentionChangesAndExpiredRecordsDisappear() {
        String stream = activeStream("retention", 1);
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(bytes("old")));
        kinesis.increaseStreamRetentionPeriod(b -> b.streamName(stream).retentionPeriodHours(48));
        assertThat(kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary()
                .retentionPeriodHours()).isEqualTo(48);
        assertThatThrownBy(() -> kinesis.increaseStreamRetentionPeriod(b -> b.streamName(stream).retentionPeriodHours(30)))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("can not be shorter");
        assertThatThrownBy(() -> kinesis.decreaseStreamRetentionPeriod(b -> b.streamName(stream).retentionPeriodHours(72)))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("can not be longer");
        assertThatThrownBy(() -> kinesis.increaseStreamRetentionPeriod(b -> b.streamName(stream).retentionPeriodHours(8761)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("Maximum allowed retention period is 8760 hours.");
        kinesis.decreaseStreamRetentionPeriod(b -> b.streamName(stream).retentionPeriodHours(24));

        CLOCK.advance(Duration.ofHours(23));
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(bytes("young")));
        assertThat(ShardReads.readAll(kinesis, stream, "shardId-000000000000")).extracting(r -> r.data().asUtf8String())
                .containsExactly("old", "young");
        CLOCK.advance(Duration.ofHours(2));
        assertThat(ShardReads.readAll(kinesis, stream, "shardId-000000000000")).extracting(r -> r.data().asUtf8String())
                .containsExactly("young");
    }

    @Test
    void tagsByStreamNameAndByArnAreTheSameTags() {
        String stream = name("tags");
        kinesis.createStream(b -> b.streamName(stream).shardCount(1).tags(Map.of("team", "data")));
        CLOCK.advance(CREATE_DELAY);
        String arn = kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamARN();

        kinesis.addTagsToStream(b -> b.streamName(stream).tags(Map.of("env", "test", "cost", "42")));
        assertThat(kinesis.listTagsForStream(b -> b.streamName(stream)).tags()).extracting(Tag::key)
                .containsExactly("cost", "env", "team");
        var page = kinesis.listTagsForStream(b -> b.streamName(stream).limit(2));
        assertThat(page.tags()).extracting(Tag::key).containsExactly("cost", "env");
        assertThat(page.hasMoreTags()).isTrue();
        assertThat(kinesis.listTagsForStream(b -> b.streamName(stream).exclusiveStartTagKey("env")).tags())
                .extracting(Tag::key).containsExactly("team");

        kinesis.tagResource(b -> b.resourceARN(arn).tags(Map.of("owner", "sluice")));
        kinesis.removeTagsFromStream(b -> b.streamName(stream).tagKeys("cost", "missing"));
        kinesis.untagResource(b -> b.resourceARN(arn).tagKeys("team"));
        assertThat(kinesis.listTagsForResource(b -> b.resourceARN(arn)).tags())
                .containsExactly(Tag.builder().key("env").value("test").build(),
                        Tag.builder().key("owner").value("sluice").build());

        Map<String, String> tooMany = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            tooMany.put("k" + i, "v");
        }
        kinesis.addTagsToStream(b -> b.streamName(stream).tags(tooMany));
        Map<String, String> more = new LinkedHashMap<>();
        for (int i = 10; i < 20; i++) {
            more.put("k" + i, "v");
        }
        kinesis.addTagsToStream(b -> b.streamName(stream).tags(more));
        assertThat(kinesis.listTagsForResource(b -> b.resourceARN(arn)).tags()).hasSize(22);
        assertThatThrownBy(() -> kinesis.addTagsToStream(b -> b.streamName(stream).tags(Map.of("bad;key", "v"))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("invalid characters");
    }

    @Test
    void streamArnWorksWhereverStreamNameDoes() {
        String stream = activeStream("byarn", 2);
        String arn = "arn:aws:kinesis:us-east-1:000000000000:stream/" + stream;
        PutRecordResponse put = kinesis.putRecord(b -> b.streamARN(arn).partitionKey("k").data(bytes("via-arn")));
        kinesis.putRecords(b -> b.streamARN(arn).records(PutRecordsRequestEntry.builder().partitionKey("k")
                .data(bytes("batch-via-arn")).build()));
        assertThat(kinesis.describeStreamSummary(b -> b.streamARN(arn)).streamDescriptionSummary().streamName())
                .isEqualTo(stream);
        assertThat(kinesis.describeStream(b -> b.streamARN(arn)).streamDescription().shards()).hasSize(2);
        assertThat(kinesis.listShards(b -> b.streamARN(arn)).shards()).hasSize(2);
        String iterator = kinesis.getShardIterator(b -> b.streamARN(arn).shardId(put.shardId())
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        assertThat(kinesis.getRecords(b -> b.shardIterator(iterator).streamARN(arn)).records())
                .extracting(r -> r.data().asUtf8String()).containsExactly("via-arn", "batch-via-arn");
        kinesis.increaseStreamRetentionPeriod(b -> b.streamARN(arn).retentionPeriodHours(25));
        kinesis.addTagsToStream(b -> b.streamARN(arn).tags(Map.of("a", "b")));
        assertThat(kinesis.listTagsForStream(b -> b.streamARN(arn)).tags()).hasSize(1);
        assertThatThrownBy(() -> kinesis.describeStreamSummary(b -> b.streamARN(arn.replace("us-east-1", "eu-west-1"))))
                .isInstanceOf(ResourceNotFoundException.class);
        kinesis.deleteStream(b -> b.streamARN(arn));
        assertThat(kinesis.describeStreamSummary(b -> b.streamARN(arn)).streamDescriptionSummary().streamStatus())
                .isEqualTo(StreamStatus.DELETING);
    }

    @Test
    void deletedStreamsAreDeletingThenGone() {
        String stream = activeStream("delete", 1);
        kinesis.deleteStream(b -> b.streamName(stream));
        assertThat(kinesis.describeStream(b -> b.streamName(stream)).streamDescription().streamStatus())
                .isEqualTo(StreamStatus.DELETING);
        assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(bytes("x"))))
                .isInstanceOf(ResourceNotFoundException.class);
        CLOCK.advance(CREATE_DELAY);
        assertThatThrownBy(() -> kinesis.describeStream(b -> b.streamName(stream)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Stream " + stream + " under account 000000000000 not found.");
        assertThat(kinesis.listStreams(b -> b.limit(100)).streamNames()).doesNotContain(stream);
        kinesis.createStream(b -> b.streamName(stream).shardCount(1));
    }

    @Test
    void recordsUpToTheOneMebibyteLimitRoundTripByteForByte() {
        String stream = activeStream("large", 1);
        byte[] data = new byte[1024 * 1024 - 1];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromByteArray(data)));
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("e").data(SdkBytes.fromByteArray(new byte[0])));
        List<Record> read = ShardReads.readAll(kinesis, stream, "shardId-000000000000");
        assertThat(read.get(0).data().asByteArray()).isEqualTo(data);
        assertThat(read.get(1).data().asByteArray()).isEmpty();
        assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName(stream).partitionKey("kk")
                .data(SdkBytes.fromByteArray(data)))).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("exceeds the maximum record size of 1048576 bytes");
    }

    @Test
    void putRecordsResultsLineUpWithTheirShards() {
        String stream = activeStream("lineup", 2);
        PutRecordsResponse response = kinesis.putRecords(b -> b.streamName(stream).records(
                PutRecordsRequestEntry.builder().partitionKey("a").explicitHashKey("0").data(bytes("low")).build(),
                PutRecordsRequestEntry.builder().partitionKey("a").explicitHashKey(TWO_TO_128.subtract(BigInteger.ONE).toString())
                        .data(bytes("high")).build()));
        assertThat(response.records()).extracting(PutRecordsResultEntry::shardId)
                .containsExactly("shardId-000000000000", "shardId-000000000001");
    }
}
