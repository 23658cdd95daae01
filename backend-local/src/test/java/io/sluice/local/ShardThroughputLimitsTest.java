package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.local.junit.LocalBackendExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamMode;

/**
 * AWS's per-shard limits, on by default for PROVISIONED streams: writes of 1,000 records and 1 MiB per second
 * (refused per record in PutRecords), reads of 5 calls and 2 MiB per second. The clock is a test clock, so the
 * allowances refill exactly when the test moves time. The SDK's retries are off, so each refusal is seen.
 */
class ShardThroughputLimitsTest {

    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-23T16:00:00Z"));

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.clock(CLOCK)
            .createDelay(Duration.ZERO));

    static KinesisClient kinesis;

    @BeforeAll
    static void connect() {
        kinesis = BACKEND.clients().kinesis()
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    static void disconnect() {
        kinesis.close();
    }

    private static List<PutRecordsRequestEntry> records(int count, int bytes, String key) {
        return IntStream.range(0, count).mapToObj(i -> PutRecordsRequestEntry.builder().partitionKey(key)
                .data(SdkBytes.fromByteArray(new byte[bytes])).build()).toList();
    }

    @Test
    void aShardTakesAThousandRecordsASecondAndRefusesTheRestPerRecord() {
        kinesis.createStream(b -> b.streamName("records-limit").shardCount(1));
        PutRecordsResponse first = kinesis.putRecords(b -> b.streamName("records-limit")
                .records(records(500, 10, "k")));
        assertThat(first.failedRecordCount()).isZero();
        PutRecordsResponse second = kinesis.putRecords(b -> b.streamName("records-limit")
                .records(records(500, 10, "k")));
        assertThat(second.failedRecordCount()).isZero();
        PutRecordsResponse third = kinesis.putRecords(b -> b.streamName("records-limit")
                .records(records(10, 10, "k")));
        assertThat(third.failedRecordCount()).isEqualTo(10);
        PutRecordsResultEntry refused = third.records().get(0);
        assertThat(refused.errorCode()).isEqualTo("ProvisionedThroughputExceededException");
        assertThat(refused.errorMessage()).isEqualTo("Rate exceeded for shard shardId-000000000000 in stream "
                + "records-limit under account " + LocalBackend.ACCOUNT_ID + ".");
        assertThat(refused.sequenceNumber()).isNull();
        assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName("records-limit").partitionKey("k")
                .data(SdkBytes.fromUtf8String("x"))))
                .isInstanceOf(ProvisionedThroughputExceededException.class)
                .hasMessageStartingWith("Rate exceeded for shard shardId-000000000000 in stream records-limit");

        // A tenth of a second later a tenth of the allowance is back.
        CLOCK.advance(Duration.ofMillis(100));
        assertThat(kinesis.putRecords(b -> b.streamName("records-limit").records(records(150, 10, "k")))
                .failedRecordCount()).isEqualTo(50);
        // Only refused records are missing from the shard.
        assertThat(ShardReads.readAll(kinesis, "records-limit", "shardId-000000000000")).hasSize(1100);
    }

    @Test
    void aShardTakesOneMebibyteASecondCountingPartitionKeys() {
        kinesis.createStream(b -> b.streamName("bytes-limit").shardCount(2));
        // Keys hashing to both shards: "a" and "b" land on different shards of two.
        String keyA = "a";
        String shardA = kinesis.putRecord(b -> b.streamName("bytes-limit").partitionKey(keyA)
                .data(SdkBytes.fromByteArray(new byte[0]))).shardId();
        String keyB = IntStream.range(0, 100).mapToObj(i -> "b" + i).filter(k -> !kinesis.putRecord(b -> b
                .streamName("bytes-limit").partitionKey(k).data(SdkBytes.fromByteArray(new byte[0]))).shardId()
                .equals(shardA)).findFirst().orElseThrow();
        CLOCK.advance(Duration.ofSeconds(1));
        int size = 100 * 1024 - keyA.length();
        PutRecordsResponse put = kinesis.putRecords(b -> b.streamName("bytes-limit").records(
                records(12, size, keyA)));
        // Ten records of 100 KiB (data plus key) fill the shard's MiB; the other shard is untouched.
        assertThat(put.failedRecordCount()).isEqualTo(2);
        assertThat(put.records().subList(0, 10)).allSatisfy(r -> assertThat(r.errorCode()).isNull());
        assertThat(kinesis.putRecords(b -> b.streamName("bytes-limit").records(records(5, size, keyB)))
                .failedRecordCount()).isZero();
    }

    @Test
    void readsAreFiveCallsAndTwoMebibytesASecondWithBigReadsPaidForLater() {
        kinesis.createStream(b -> b.streamName("read-limit").shardCount(1));
        for (int i = 0; i < 6; i++) {
            kinesis.putRecords(b -> b.streamName("read-limit").records(records(1, 1024 * 1000, "k")));
            CLOCK.advance(Duration.ofSeconds(1));
        }
        String iterator = kinesis.getShardIterator(b -> b.streamName("read-limit").shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
        for (int i = 0; i < 5; i++) {
            kinesis.getRecords(b -> b.shardIterator(iterator));
        }
        assertThatThrownBy(() -> kinesis.getRecords(b -> b.shardIterator(iterator)))
                .isInstanceOf(ProvisionedThroughputExceededException.class)
                .hasMessageContaining("Rate exceeded for Shard - " + LocalBackend.ACCOUNT_ID
                        + "/read-limit/shardId-000000000000");
        CLOCK.advance(Duration.ofSeconds(1));

        // One call returns about 6 MB, 4 MB more than a second's allowance: the next calls are refused until
        // about two seconds have paid for it.
        String start = kinesis.getShardIterator(b -> b.streamName("read-limit").shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        GetRecordsResponse big = kinesis.getRecords(b -> b.shardIterator(start));
        assertThat(big.records()).hasSize(6);
        CLOCK.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> kinesis.getRecords(b -> b.shardIterator(big.nextShardIterator())))
                .isInstanceOf(ProvisionedThroughputExceededException.class);
        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(kinesis.getRecords(b -> b.shardIterator(big.nextShardIterator())).records()).isEmpty();
    }

    @Test
    void onDemandStreamsAreNotLimitedPerShard() {
        kinesis.createStream(b -> b.streamName("on-demand-unlimited")
                .streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        for (int i = 0; i < 4; i++) {
            assertThat(kinesis.putRecords(b -> b.streamName("on-demand-unlimited").records(records(500, 10, "k")))
                    .failedRecordCount()).isZero();
        }
    }

    @Test
    void aRecordLargerThanASecondsAllowanceGetsInWhenTheAllowanceIsFullAndLeavesADebt() {
        kinesis.createStream(b -> b.streamName("big-records").shardCount(1));
        String arn = kinesis.describeStreamSummary(b -> b.streamName("big-records")).streamDescriptionSummary()
                .streamARN();
        kinesis.updateMaxRecordSize(b -> b.streamARN(arn).maxRecordSizeInKiB(4096));
        CLOCK.advance(Duration.ofSeconds(1));
        byte[] threeMiB = new byte[3 * 1024 * 1024];
        kinesis.putRecord(b -> b.streamName("big-records").partitionKey("k").data(SdkBytes.fromByteArray(threeMiB)));
        // About two seconds of allowance are owed: a small record is refused a second later, taken three later.
        CLOCK.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName("big-records").partitionKey("k")
                .data(SdkBytes.fromUtf8String("small"))))
                .isInstanceOf(ProvisionedThroughputExceededException.class);
        CLOCK.advance(Duration.ofSeconds(2));
        kinesis.putRecord(b -> b.streamName("big-records").partitionKey("k").data(SdkBytes.fromUtf8String("small")));
    }
}
