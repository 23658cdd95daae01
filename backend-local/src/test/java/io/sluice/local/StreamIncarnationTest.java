package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.local.junit.LocalBackendExtension;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * A stream deleted and created again under its name is a new stream, even within the same millisecond (the
 * extension's zero delays make that the common case in tests): the old sequence numbers and iterators are refused.
 * Also: the stream's own maximum record size.
 */
class StreamIncarnationTest {

    static final MutableClock FROZEN = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b
            .shardThroughputLimits(false).clock(FROZEN));

    @Test
    void aRecreatedStreamRefusesTheOldStreamsSequenceNumbersAndIterators() {
        try (KinesisClient kinesis = ClientKind.SYNC_CBOR.create(BACKEND.clients())) {
            kinesis.createStream(b -> b.streamName("again").shardCount(1));
            String old = kinesis.putRecord(b -> b.streamName("again").partitionKey("k")
                    .data(SdkBytes.fromUtf8String("old"))).sequenceNumber();
            String oldIterator = kinesis.getShardIterator(b -> b.streamName("again").shardId("shardId-000000000000")
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            kinesis.deleteStream(b -> b.streamName("again"));
            kinesis.createStream(b -> b.streamName("again").shardCount(1));
            kinesis.putRecord(b -> b.streamName("again").partitionKey("k").data(SdkBytes.fromUtf8String("new")));

            assertThatThrownBy(() -> kinesis.getShardIterator(b -> b.streamName("again")
                    .shardId("shardId-000000000000").shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                    .startingSequenceNumber(old)))
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("did not come from this stream");
            assertThatThrownBy(() -> kinesis.getRecords(b -> b.shardIterator(oldIterator)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void aStreamTakesRecordsUpToItsOwnMaximumSize() {
        try (KinesisClient kinesis = ClientKind.SYNC_CBOR.create(BACKEND.clients())) {
            kinesis.createStream(b -> b.streamName("big-records").shardCount(1).maxRecordSizeInKiB(2048));
            assertThat(kinesis.describeStreamSummary(b -> b.streamName("big-records")).streamDescriptionSummary()
                    .maxRecordSizeInKiB()).isEqualTo(2048);
            byte[] oneAndAHalf = new byte[1536 * 1024];
            kinesis.putRecord(b -> b.streamName("big-records").partitionKey("k")
                    .data(SdkBytes.fromByteArray(oneAndAHalf)));
            assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName("big-records").partitionKey("k")
                    .data(SdkBytes.fromByteArray(new byte[2048 * 1024]))))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("maximum record size of 2097152 bytes");
            kinesis.createStream(b -> b.streamName("default-records").shardCount(1));
            assertThat(kinesis.describeStreamSummary(b -> b.streamName("default-records")).streamDescriptionSummary()
                    .maxRecordSizeInKiB()).isEqualTo(1024);
        }
    }
}
