package io.sluice.local.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.aggregation.Aggregator;
import io.sluice.aggregation.HashKey;
import io.sluice.local.junit.LocalBackendExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * A delivery stream reading a data stream: records written before it was created are not read (LATEST), KPL
 * aggregates are split into their user records, a split shard's children are read after their parent, and
 * PutRecord is refused as AWS refuses it.
 */
class FirehoseStreamSourceTest {

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.createDelay(Duration.ZERO)
            .updateDelay(Duration.ZERO).shardThroughputLimits(false));

    static FirehoseClient firehose;
    static KinesisClient kinesis;

    @BeforeAll
    static void clients() {
        firehose = BACKEND.clients().firehose().build();
        kinesis = BACKEND.clients().kinesis().build();
    }

    @AfterAll
    static void close() {
        firehose.close();
        kinesis.close();
    }

    /** Writes user records as KPL aggregates of ten, with keys spread over the hash key space. */
    static void writeAggregated(String stream, String prefix, int count) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        Aggregator aggregator = new Aggregator(Aggregator.DEFAULT_MAX_BYTES, 10);
        for (int i = 0; i < count; i++) {
            String key = prefix + "-key-" + i;
            byte[] data = (prefix + "-" + i + "\n").getBytes(StandardCharsets.UTF_8);
            if (!aggregator.tryAdd(key, null, HashKey.ofPartitionKey(key), data)) {
                throw new IllegalStateException("aggregate full");
            }
            if (aggregator.count() == 10) {
                Aggregator.KinesisRecord record = aggregator.build();
                entries.add(PutRecordsRequestEntry.builder().partitionKey(record.partitionKey())
                        .explicitHashKey(record.explicitHashKey()).data(SdkBytes.fromByteArray(record.data()))
                        .build());
            }
        }
        for (int from = 0; from < entries.size(); from += 500) {
            List<PutRecordsRequestEntry> batch = entries.subList(from, Math.min(entries.size(), from + 500));
            assertThat(kinesis.putRecords(b -> b.streamName(stream).records(batch)).failedRecordCount()).isZero();
        }
    }

    static Set<String> delivered(String bucket) throws Exception {
        Set<String> lines = new HashSet<>();
        for (String key : FirehoseFiles.keys(BACKEND.backend().s3Directory(), bucket)) {
            lines.addAll(Arrays.asList(new String(FirehoseFiles.read(BACKEND.backend().s3Directory(), bucket, key,
                    "UNCOMPRESSED"), StandardCharsets.UTF_8).split("\n")));
        }
        lines.remove("");
        return lines;
    }

    static void awaitActive(String stream) {
        kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus()
                != StreamStatus.ACTIVE && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    @Test
    void readsTheStreamFromCreationOnDeaggregatesAndFollowsASplit() throws Exception {
        kinesis.createStream(b -> b.streamName("clicks").shardCount(2));
        awaitActive("clicks");
        writeAggregated("clicks", "before", 100);
        String arn = kinesis.describeStreamSummary(b -> b.streamName("clicks")).streamDescriptionSummary()
                .streamARN();
        firehose.createDeliveryStream(b -> b.deliveryStreamName("from-clicks")
                .deliveryStreamType("KinesisStreamAsSource")
                .kinesisStreamSourceConfiguration(s -> s.kinesisStreamARN(arn).roleARN(FirehoseDeliveryTest.ROLE))
                .extendedS3DestinationConfiguration(FirehoseDeliveryTest.s3("from-clicks", 1, 1).build()));
        var source = firehose.describeDeliveryStream(b -> b.deliveryStreamName("from-clicks"))
                .deliveryStreamDescription().source().kinesisStreamSourceDescription();
        assertThat(source.kinesisStreamARN()).isEqualTo(arn);
        assertThat(source.deliveryStartTimestamp()).isNotNull();
        Thread.sleep(10);

        writeAggregated("clicks", "first", 1000);
        String shard = kinesis.listShards(b -> b.streamName("clicks")).shards().get(0).shardId();
        kinesis.splitShard(b -> b.streamName("clicks").shardToSplit(shard)
                .newStartingHashKey("85070591730234615865843651857942052864"));
        awaitActive("clicks");
        writeAggregated("clicks", "second", 1000);

        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            expected.add("first-" + i);
            expected.add("second-" + i);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Set<String> lines = delivered("from-clicks");
        while (!lines.containsAll(expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            lines = delivered("from-clicks");
        }
        assertThat(lines).containsAll(expected);
        assertThat(lines).noneMatch(l -> l.startsWith("before-"));

        assertThatThrownBy(() -> firehose.putRecord(b -> b.deliveryStreamName("from-clicks")
                .record(r -> r.data(SdkBytes.fromUtf8String("x")))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("This operation is not permitted on KinesisStreamAsSource delivery stream "
                        + "type.");
    }

    @Test
    void aSourceStreamThatDoesNotExistIsRefused() {
        assertThatThrownBy(() -> firehose.createDeliveryStream(b -> b.deliveryStreamName("from-nothing")
                .deliveryStreamType("KinesisStreamAsSource")
                .kinesisStreamSourceConfiguration(s -> s.kinesisStreamARN(
                        "arn:aws:kinesis:us-east-1:000000000000:stream/nothing").roleARN(FirehoseDeliveryTest.ROLE))
                .extendedS3DestinationConfiguration(FirehoseDeliveryTest.s3("nothing", 1, 1).build())))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("does not exist");
    }
}
