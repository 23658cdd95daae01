package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.local.junit.LocalBackendExtension;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** GetRecords returns at most 10,000 records and at most 10 MiB per call, as AWS does. */
class GetRecordsCapsTest {

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.shardThroughputLimits(false));


    private static String trimHorizon(KinesisClient kinesis, String stream) {
        return kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
    }

    @Test
    void atMostTenThousandRecordsPerCall(LocalClients clients) {
        try (KinesisClient kinesis = ClientKind.SYNC_CBOR.create(clients)) {
            kinesis.createStream(b -> b.streamName("count-cap").shardCount(1));
            List<PutRecordsRequestEntry> batch = IntStream.range(0, 500).mapToObj(i -> PutRecordsRequestEntry
                    .builder().partitionKey("k").data(SdkBytes.fromUtf8String("r" + i)).build()).toList();
            for (int i = 0; i < 21; i++) {
                kinesis.putRecords(b -> b.streamName("count-cap").records(batch));
            }
            GetRecordsResponse first = kinesis.getRecords(b -> b.shardIterator(trimHorizon(kinesis, "count-cap")));
            assertThat(first.records()).hasSize(10_000);
            assertThat(first.millisBehindLatest()).isGreaterThanOrEqualTo(0);
            GetRecordsResponse second = kinesis.getRecords(b -> b.shardIterator(first.nextShardIterator()));
            assertThat(second.records()).hasSize(500);
        }
    }

    @Test
    void atMostTenMebibytesPerCall(LocalClients clients) {
        try (KinesisClient kinesis = ClientKind.SYNC_CBOR.create(clients)) {
            kinesis.createStream(b -> b.streamName("size-cap").shardCount(1));
            byte[] almostOneMebibyte = new byte[1024 * 1024 - 1];
            for (int i = 0; i < 12; i++) {
                kinesis.putRecord(b -> b.streamName("size-cap").partitionKey("k")
                        .data(SdkBytes.fromByteArray(almostOneMebibyte)));
            }
            GetRecordsResponse first = kinesis.getRecords(b -> b.shardIterator(trimHorizon(kinesis, "size-cap")));
            // Ten records of data plus key make exactly 10 MiB; an eleventh would pass the cap.
            assertThat(first.records()).hasSize(10);
            GetRecordsResponse rest = kinesis.getRecords(b -> b.shardIterator(first.nextShardIterator()));
            assertThat(rest.records()).hasSize(2);
        }
    }
}
