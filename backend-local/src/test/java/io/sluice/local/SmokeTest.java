package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.local.junit.LocalBackendExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

@ExtendWith(LocalBackendExtension.class)
class SmokeTest {

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void putThenGet(ClientKind kind, LocalClients clients) {
        try (KinesisClient kinesis = kind.create(clients)) {
            String stream = "smoke-" + kind.name().toLowerCase().replace('_', '-');
            kinesis.createStream(b -> b.streamName(stream).shardCount(1));
            PutRecordResponse put = kinesis.putRecord(b -> b.streamName(stream).partitionKey("k")
                    .data(SdkBytes.fromUtf8String("hello")));
            String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(put.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            GetRecordsResponse records = kinesis.getRecords(b -> b.shardIterator(iterator));
            assertThat(records.records()).hasSize(1);
            assertThat(records.records().get(0).data().asUtf8String()).isEqualTo("hello");
            assertThat(records.records().get(0).sequenceNumber()).isEqualTo(put.sequenceNumber());
            System.out.println(kind + " " + records.records().get(0).approximateArrivalTimestamp());
        }
    }
}
