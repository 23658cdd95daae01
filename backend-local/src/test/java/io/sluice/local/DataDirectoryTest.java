package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescription;
import software.amazon.awssdk.services.kinesis.model.Tag;

/** A backend on a data directory: streams and records survive a restart, and retention frees whole segments. */
class DataDirectoryTest {

    static final Instant START = Instant.parse("2026-11-23T08:00:00Z");

    @TempDir
    Path dataDir;

    final MutableClock clock = new MutableClock(START);

    private LocalBackend start() {
        return LocalBackend.builder().port(0).dataDirectory(dataDir).clock(clock)
                .createDelay(Duration.ZERO).deleteDelay(Duration.ofSeconds(1)).segmentBytes(64 * 1024).build().start();
    }

    @Test
    void streamsMetadataAndRecordsSurviveARestart() {
        List<PutRecordsResultEntry> acknowledged;
        StreamDescription before;
        try (LocalBackend backend = start(); KinesisClient kinesis = ClientKind.SYNC_CBOR.create(LocalClients.of(backend))) {
            kinesis.createStream(b -> b.streamName("durable").shardCount(3).tags(Map.of("team", "data")));
            kinesis.increaseStreamRetentionPeriod(b -> b.streamName("durable").retentionPeriodHours(48));
            kinesis.createStream(b -> b.streamName("doomed").shardCount(1));
            kinesis.deleteStream(b -> b.streamName("doomed"));
            acknowledged = kinesis.putRecords(b -> b.streamName("durable").records(IntStream.range(0, 300)
                    .mapToObj(i -> PutRecordsRequestEntry.builder().partitionKey("k" + i)
                            .data(SdkBytes.fromUtf8String("payload-" + i)).build()).toList())).records();
            before = kinesis.describeStream(b -> b.streamName("durable")).streamDescription();
        }
        clock.advance(Duration.ofSeconds(2));
        try (LocalBackend backend = start(); KinesisClient kinesis = ClientKind.SYNC_JSON.create(LocalClients.of(backend))) {
            StreamDescription after = kinesis.describeStream(b -> b.streamName("durable")).streamDescription();
            assertThat(after).isEqualTo(before);
            assertThat(kinesis.listTagsForStream(b -> b.streamName("durable")).tags())
                    .containsExactly(Tag.builder().key("team").value("data").build());
            assertThatThrownBy(() -> kinesis.describeStream(b -> b.streamName("doomed")))
                    .isInstanceOf(ResourceNotFoundException.class);

            for (var shard : after.shards()) {
                List<Record> records = ShardReads.readAll(kinesis, "durable", shard.shardId());
                List<PutRecordsResultEntry> sent = acknowledged.stream()
                        .filter(r -> r.shardId().equals(shard.shardId())).toList();
                assertThat(records).extracting(Record::sequenceNumber)
                        .containsExactlyElementsOf(sent.stream().map(PutRecordsResultEntry::sequenceNumber).toList());
                assertThat(records).allSatisfy(r -> assertThat(r.approximateArrivalTimestamp()).isEqualTo(START));
            }
            String next = kinesis.putRecord(b -> b.streamName("durable").partitionKey("k0")
                    .data(SdkBytes.fromUtf8String("after restart"))).sequenceNumber();
            String lastBefore = acknowledged.stream().filter(r -> r.shardId().equals(
                    kinesis.putRecord(b -> b.streamName("durable").partitionKey("k0").data(SdkBytes.fromUtf8String("x")))
                            .shardId())).reduce((a, b) -> b).orElseThrow().sequenceNumber();
            assertThat(new java.math.BigInteger(next)).isGreaterThan(new java.math.BigInteger(lastBefore));
        }
    }

    @Test
    void aReshardedTopologyAndTheRecordsOfClosedShardsSurviveARestart() {
        List<software.amazon.awssdk.services.kinesis.model.Shard> before;
        try (LocalBackend backend = start(); KinesisClient kinesis = ClientKind.SYNC_CBOR.create(LocalClients.of(backend))) {
            kinesis.createStream(b -> b.streamName("reshaped").shardCount(2));
            kinesis.putRecord(b -> b.streamName("reshaped").partitionKey("a").data(SdkBytes.fromUtf8String("old")));
            kinesis.updateShardCount(b -> b.streamName("reshaped").targetShardCount(3).scalingType("UNIFORM_SCALING"));
            kinesis.putRecord(b -> b.streamName("reshaped").partitionKey("a").data(SdkBytes.fromUtf8String("new")));
            before = kinesis.listShards(b -> b.streamName("reshaped")).shards();
        }
        try (LocalBackend backend = start(); KinesisClient kinesis = ClientKind.SYNC_JSON.create(LocalClients.of(backend))) {
            List<software.amazon.awssdk.services.kinesis.model.Shard> after =
                    kinesis.listShards(b -> b.streamName("reshaped")).shards();
            assertThat(after).isEqualTo(before);
            List<String> data = new ArrayList<>();
            for (var shard : after) {
                ShardReads.readAll(kinesis, "reshaped", shard.shardId()).forEach(r -> data.add(r.data().asUtf8String()));
            }
            assertThat(data).containsExactlyInAnyOrder("old", "new");
            // Writes go to the open shards only.
            String shard = kinesis.putRecord(b -> b.streamName("reshaped").partitionKey("a")
                    .data(SdkBytes.fromUtf8String("later"))).shardId();
            assertThat(after.stream().filter(s -> s.shardId().equals(shard)).findFirst().orElseThrow()
                    .sequenceNumberRange().endingSequenceNumber()).isNull();
        }
    }

    @Test
    void theDataDirectoryIsReachableByItsOwnerOnly() throws IOException {
        try (LocalBackend backend = start()) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void retentionOnTheInjectedClockTrimsRecordsAndDeletesSegments() throws IOException {
        try (LocalBackend backend = start(); KinesisClient kinesis = ClientKind.SYNC_CBOR.create(LocalClients.of(backend))) {
            kinesis.createStream(b -> b.streamName("aging").shardCount(1));
            byte[] data = new byte[4096];
            for (int hour = 0; hour < 30; hour++) {
                for (int i = 0; i < 20; i++) {
                    kinesis.putRecord(b -> b.streamName("aging").partitionKey("k").data(SdkBytes.fromByteArray(data)));
                }
                clock.advance(Duration.ofHours(1));
            }
            long segmentsBefore = segmentFiles();
            assertThat(segmentsBefore).isGreaterThan(10);
            // Now 30 h after the first put: the first 6 hours of records are past the 24-hour retention.
            List<Record> left = ShardReads.readAll(kinesis, "aging", "shardId-000000000000");
            assertThat(left).hasSize(24 * 20);
            assertThat(left.get(0).approximateArrivalTimestamp()).isEqualTo(START.plus(Duration.ofHours(6)));
            assertThat(segmentFiles()).isLessThan(segmentsBefore);
        }
    }

    private long segmentFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).count();
        }
    }
}
