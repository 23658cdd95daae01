package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.local.junit.LocalBackendExtension;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;

/**
 * SubscribeToShard through the SDK's async client over HTTP/2, in CBOR and JSON: the initial response, records
 * pushed as they are appended, continuation sequence numbers that resume exactly, the end of a closed shard, one
 * subscription per consumer and shard, and errors.
 */
class SubscribeToShardTest {

    static final Duration DELAY = Duration.ofMillis(500);
    static final Duration WAIT = Duration.ofSeconds(10);
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-23T15:00:00Z"));
    static final String SHARD = "shardId-000000000000";

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b
            .shardThroughputLimits(false).clock(CLOCK)
            .createDelay(DELAY).deleteDelay(DELAY).updateDelay(DELAY));

    static KinesisClient kinesis;
    static final Map<ClientKind, KinesisAsyncClient> ASYNC = new EnumMap<>(ClientKind.class);
    private static int streams;

    @BeforeAll
    static void connect() {
        kinesis = ClientKind.SYNC_CBOR.create(BACKEND.clients());
        ASYNC.put(ClientKind.ASYNC_HTTP2_CBOR, ClientKind.ASYNC_HTTP2_CBOR.createAsync(BACKEND.clients()));
        ASYNC.put(ClientKind.ASYNC_HTTP2_JSON, ClientKind.ASYNC_HTTP2_JSON.createAsync(BACKEND.clients()));
    }

    @AfterAll
    static void disconnect() {
        kinesis.close();
        ASYNC.values().forEach(KinesisAsyncClient::close);
    }

    /** A stream with one shard and an ACTIVE consumer; returns the consumer ARN. */
    private static String[] streamWithConsumer(int shards) {
        String stream = "fan-out-" + streams++;
        kinesis.createStream(b -> b.streamName(stream).shardCount(shards));
        CLOCK.advance(DELAY);
        String streamArn = kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary()
                .streamARN();
        String consumerArn = kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("app"))
                .consumer().consumerARN();
        CLOCK.advance(DELAY);
        return new String[] {stream, consumerArn};
    }

    private static void put(String stream, String... data) {
        kinesis.putRecords(b -> b.streamName(stream).records(java.util.Arrays.stream(data)
                .map(d -> PutRecordsRequestEntry.builder().partitionKey("k").explicitHashKey("1")
                        .data(SdkBytes.fromUtf8String(d)).build()).toList()));
    }

    private static StartingPosition at(ShardIteratorType type) {
        return StartingPosition.builder().type(type).build();
    }

    private static List<String> data(SubscribeToShardEvent event) {
        return event.records().stream().map(r -> r.data().asUtf8String()).toList();
    }

    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"ASYNC_HTTP2_CBOR", "ASYNC_HTTP2_JSON"})
    void recordsArePushedAsTheyArriveAndTheContinuationResumesExactly(ClientKind kind) throws Exception {
        String[] setup = streamWithConsumer(1);
        String stream = setup[0];
        put(stream, "r0", "r1");
        SubscriptionEvents subscription = SubscriptionEvents.subscribe(ASYNC.get(kind), setup[1], SHARD,
                at(ShardIteratorType.TRIM_HORIZON));
        assertThat(subscription.initialResponse.get(10, TimeUnit.SECONDS)).isNotNull();

        SubscribeToShardEvent first = subscription.nextWithRecords(WAIT);
        assertThat(data(first)).containsExactly("r0", "r1");
        assertThat(first.continuationSequenceNumber()).isEqualTo(first.records().get(1).sequenceNumber());
        assertThat(first.millisBehindLatest()).isZero();
        assertThat(first.hasChildShards()).isFalse();
        assertThat(first.records().get(0).approximateArrivalTimestamp()).isEqualTo(CLOCK.instant());

        long before = System.nanoTime();
        put(stream, "r2");
        SubscribeToShardEvent pushed = subscription.nextWithRecords(WAIT);
        long latencyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
        assertThat(data(pushed)).containsExactly("r2");
        // Pushed on append, not found by a poll: well under the heartbeat's five seconds.
        assertThat(latencyMillis).isLessThan(2_000);

        // Resuming after the continuation gets exactly what came next.
        put(stream, "r3");
        SubscriptionEvents resumed;
        CLOCK.advance(Duration.ofSeconds(6));
        resumed = SubscriptionEvents.subscribe(ASYNC.get(kind), setup[1], SHARD, StartingPosition.builder()
                .type(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                .sequenceNumber(pushed.continuationSequenceNumber()).build());
        assertThat(data(resumed.nextWithRecords(WAIT))).containsExactly("r3");
        // The newer subscription took over: the older one ends with ResourceInUseException.
        assertThatThrownBy(() -> subscription.done.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ResourceInUseException.class);
        resumed.done.cancel(true);
    }

    @Test
    void aSecondSubscriptionWithinFiveSecondsIsRefused() throws Exception {
        String[] setup = streamWithConsumer(1);
        KinesisAsyncClient client = ASYNC.get(ClientKind.ASYNC_HTTP2_CBOR);
        SubscriptionEvents first = SubscriptionEvents.subscribe(client, setup[1], SHARD,
                at(ShardIteratorType.LATEST));
        first.initialResponse.get(10, TimeUnit.SECONDS);
        CLOCK.advance(Duration.ofSeconds(4));
        SubscriptionEvents second = SubscriptionEvents.subscribe(client, setup[1], SHARD,
                at(ShardIteratorType.LATEST));
        assertThatThrownBy(() -> second.done.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("Another active subscription exists for this consumer");
        // Another shard of the same consumer is a different subscription.
        put(setup[0], "still flowing");
        assertThat(data(first.nextWithRecords(WAIT))).containsExactly("still flowing");
        first.done.cancel(true);
    }

    @Test
    void aClosedShardEndsWithChildShardsAndNoContinuation() throws Exception {
        String[] setup = streamWithConsumer(1);
        String stream = setup[0];
        put(stream, "before split");
        SubscriptionEvents subscription = SubscriptionEvents.subscribe(ASYNC.get(ClientKind.ASYNC_HTTP2_JSON),
                setup[1], SHARD, at(ShardIteratorType.TRIM_HORIZON));
        assertThat(data(subscription.nextWithRecords(WAIT))).containsExactly("before split");

        kinesis.splitShard(b -> b.streamName(stream).shardToSplit(SHARD)
                .newStartingHashKey(BigInteger.ONE.shiftLeft(127).toString()));
        SubscribeToShardEvent last = subscription.nextWithRecords(WAIT);
        assertThat(last.records()).isEmpty();
        assertThat(last.continuationSequenceNumber()).isNull();
        assertThat(last.childShards()).extracting(ChildShard::shardId)
                .containsExactly("shardId-000000000001", "shardId-000000000002");
        subscription.done.get(10, TimeUnit.SECONDS);
        assertThat(subscription.error.get()).isNull();

        // Subscribing to the drained closed shard ends at once the same way.
        CLOCK.advance(Duration.ofSeconds(6));
        SubscriptionEvents again = SubscriptionEvents.subscribe(ASYNC.get(ClientKind.ASYNC_HTTP2_CBOR), setup[1],
                SHARD, at(ShardIteratorType.LATEST));
        SubscribeToShardEvent end = again.nextWithRecords(WAIT);
        assertThat(end.continuationSequenceNumber()).isNull();
        assertThat(end.childShards()).hasSize(2);
        again.done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aLargeBacklogArrivesInOrderAndComplete() throws Exception {
        String[] setup = streamWithConsumer(1);
        String stream = setup[0];
        byte[] payload = new byte[1000];
        List<String> sent = new ArrayList<>();
        for (int batch = 0; batch < 20; batch++) {
            int b0 = batch;
            List<PutRecordsRequestEntry> entries = IntStream.range(0, 500).mapToObj(i -> {
                String id = b0 + "-" + i;
                sent.add(id);
                byte[] data = payload.clone();
                byte[] label = id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                System.arraycopy(label, 0, data, 0, label.length);
                return PutRecordsRequestEntry.builder().partitionKey(id).explicitHashKey("1")
                        .data(SdkBytes.fromByteArray(data)).build();
            }).toList();
            kinesis.putRecords(b -> b.streamName(stream).records(entries));
        }
        SubscriptionEvents subscription = SubscriptionEvents.subscribe(ASYNC.get(ClientKind.ASYNC_HTTP2_CBOR),
                setup[1], SHARD, at(ShardIteratorType.TRIM_HORIZON));
        List<String> received = new ArrayList<>();
        String lastSequence = null;
        while (received.size() < sent.size()) {
            SubscribeToShardEvent event = subscription.nextWithRecords(WAIT);
            for (Record record : event.records()) {
                received.add(record.partitionKey());
                if (lastSequence != null) {
                    assertThat(new BigInteger(record.sequenceNumber())).isGreaterThan(new BigInteger(lastSequence));
                }
                lastSequence = record.sequenceNumber();
            }
        }
        assertThat(received).isEqualTo(sent);
        subscription.done.cancel(true);
    }

    @Test
    void badCallsGetTheModelledErrors() throws Exception {
        String[] setup = streamWithConsumer(2);
        KinesisAsyncClient client = ASYNC.get(ClientKind.ASYNC_HTTP2_CBOR);
        assertThatThrownBy(() -> SubscriptionEvents.subscribe(client, setup[1], "shardId-000000000007",
                at(ShardIteratorType.LATEST)).done.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> SubscriptionEvents.subscribe(client, setup[1], SHARD,
                at(ShardIteratorType.AT_SEQUENCE_NUMBER)).done.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> SubscriptionEvents.subscribe(client, setup[1] + "9", SHARD,
                at(ShardIteratorType.LATEST)).done.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ResourceNotFoundException.class);

        String streamArn = kinesis.describeStreamSummary(b -> b.streamName(setup[0])).streamDescriptionSummary()
                .streamARN();
        String creating = kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("new"))
                .consumer().consumerARN();
        assertThatThrownBy(() -> SubscriptionEvents.subscribe(client, creating, SHARD,
                at(ShardIteratorType.LATEST)).done.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("is not in ACTIVE status");
    }

    @Test
    void deregisteringTheConsumerEndsItsSubscriptions() throws Exception {
        String[] setup = streamWithConsumer(1);
        SubscriptionEvents subscription = SubscriptionEvents.subscribe(ASYNC.get(ClientKind.ASYNC_HTTP2_CBOR),
                setup[1], SHARD, at(ShardIteratorType.LATEST));
        subscription.initialResponse.get(10, TimeUnit.SECONDS);
        kinesis.deregisterStreamConsumer(b -> b.consumerARN(setup[1]));
        assertThatThrownBy(() -> subscription.done.get(10, TimeUnit.SECONDS))
                .isInstanceOf(java.util.concurrent.ExecutionException.class)
                .hasCauseInstanceOf(ResourceNotFoundException.class);
    }
}
