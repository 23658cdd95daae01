package io.sluice.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * The KPL aggregated-record format: what we write, the KCL's own deaggregation reads back record for record; what
 * we read matches what we wrote; the encoder's size accounting is exact, so an aggregate never passes its limit;
 * anything that is not a sound aggregate passes through whole.
 */
class AggregationTest {

    record Input(String partitionKey, String explicitHashKey, byte[] data) {
        HashKey hashKey() {
            return explicitHashKey != null ? HashKey.parseDecimal(explicitHashKey) : HashKey.ofPartitionKey(partitionKey);
        }
    }

    private static List<Input> inputs(SplittableRandom random, int count) {
        List<Input> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = "key-" + random.nextInt(20) + (random.nextInt(10) == 0 ? "-é✓" : "");
            String explicit = random.nextInt(4) == 0 ? HashKey.of(random.nextLong(), random.nextLong()).toString() : null;
            byte[] data = new byte[random.nextInt(300)];
            random.nextBytes(data);
            out.add(new Input(key, explicit, data));
        }
        return out;
    }

    /** Fills aggregates from the inputs in order; returns the Kinesis records built. */
    private static List<Aggregator.KinesisRecord> aggregate(List<Input> inputs, int maxBytes, int maxCount) {
        Aggregator aggregator = new Aggregator(maxBytes, maxCount);
        List<Aggregator.KinesisRecord> out = new ArrayList<>();
        for (Input input : inputs) {
            if (!aggregator.tryAdd(input.partitionKey(), input.explicitHashKey(), input.hashKey(), input.data())) {
                int predicted = aggregator.sizeBytes();
                Aggregator.KinesisRecord built = aggregator.build();
                assertThat(built.data().length + built.partitionKey().getBytes(StandardCharsets.UTF_8).length)
                        .isEqualTo(predicted).isLessThanOrEqualTo(Math.max(maxBytes, predicted));
                out.add(built);
                assertThat(aggregator.tryAdd(input.partitionKey(), input.explicitHashKey(), input.hashKey(),
                        input.data())).isTrue();
            }
        }
        if (!aggregator.isEmpty()) {
            out.add(aggregator.build());
        }
        return out;
    }

    @Test
    void theKclReadsBackEveryUserRecordInOrderWithSubsequenceNumbers() {
        SplittableRandom random = new SplittableRandom(7);
        List<Input> inputs = inputs(random, 2_000);
        List<Aggregator.KinesisRecord> built = aggregate(inputs, 4_000, 1_000);
        assertThat(built).hasSizeGreaterThan(50);
        assertThat(built.stream().filter(r -> r.userRecords() > 1)).isNotEmpty();

        List<KinesisClientRecord> kinesisRecords = new ArrayList<>();
        for (int i = 0; i < built.size(); i++) {
            Aggregator.KinesisRecord r = built.get(i);
            kinesisRecords.add(KinesisClientRecord.builder().partitionKey(r.partitionKey())
                    .explicitHashKey(r.explicitHashKey()).data(ByteBuffer.wrap(r.data()))
                    .sequenceNumber(String.valueOf(1000 + i)).build());
        }
        List<KinesisClientRecord> users = new AggregatorUtil().deaggregate(kinesisRecords);
        assertThat(users).hasSize(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Input expected = inputs.get(i);
            KinesisClientRecord actual = users.get(i);
            assertThat(actual.partitionKey()).isEqualTo(expected.partitionKey());
            assertThat(actual.explicitHashKey()).isEqualTo(expected.explicitHashKey());
            byte[] data = new byte[actual.data().remaining()];
            actual.data().duplicate().get(data);
            assertThat(data).isEqualTo(expected.data());
        }
        // Aggregated records carry subsequence numbers 0..n-1 under their Kinesis record.
        assertThat(users.stream().filter(KinesisClientRecord::aggregated).mapToLong(KinesisClientRecord::subSequenceNumber)
                .max().orElseThrow()).isPositive();
    }

    @Test
    void ourDecoderReadsBackWhatWeWroteAndTheAggregateLandsWhereTheFirstRecordPoints() {
        SplittableRandom random = new SplittableRandom(11);
        List<Input> inputs = inputs(random, 500);
        List<Deaggregator.UserRecord> read = new ArrayList<>();
        int at = 0;
        for (Aggregator.KinesisRecord r : aggregate(inputs, 2_000, 50)) {
            List<Deaggregator.UserRecord> users = Deaggregator.deaggregate(r.partitionKey(), r.explicitHashKey(), r.data());
            assertThat(users).hasSize(r.userRecords());
            if (r.userRecords() > 1) {
                assertThat(r.partitionKey()).isEqualTo("a");
                assertThat(r.explicitHashKey()).isEqualTo(inputs.get(at).hashKey().toString());
                for (int i = 0; i < users.size(); i++) {
                    assertThat(users.get(i).subSequenceNumber()).isEqualTo(i);
                    assertThat(users.get(i).aggregated()).isTrue();
                }
            } else {
                assertThat(users.get(0).aggregated()).isFalse();
                assertThat(r.partitionKey()).isEqualTo(inputs.get(at).partitionKey());
            }
            at += r.userRecords();
            read.addAll(users);
        }
        assertThat(read).hasSize(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            assertThat(read.get(i).partitionKey()).isEqualTo(inputs.get(i).partitionKey());
            assertThat(read.get(i).explicitHashKey()).isEqualTo(inputs.get(i).explicitHashKey());
            assertThat(read.get(i).data()).isEqualTo(inputs.get(i).data());
        }
    }

    @Test
    void sizeAccountingIsExactSoNoAggregatePassesItsLimit() {
        SplittableRandom random = new SplittableRandom(3);
        for (int maxBytes : new int[] {64, 200, 1_000, 51_200}) {
            for (Aggregator.KinesisRecord r : aggregate(inputs(random, 3_000), maxBytes, 10_000)) {
                int size = r.data().length + r.partitionKey().getBytes(StandardCharsets.UTF_8).length;
                if (r.userRecords() > 1) {
                    assertThat(size).isLessThanOrEqualTo(maxBytes);
                }
            }
        }
        Aggregator counted = new Aggregator(51_200, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(counted.tryAdd("k", null, HashKey.ofPartitionKey("k"), new byte[1])).isTrue();
        }
        assertThat(counted.tryAdd("k", null, HashKey.ofPartitionKey("k"), new byte[1])).isFalse();
        // An empty aggregator takes any record that fits in a Kinesis record alone, but not a bigger one.
        Aggregator empty = new Aggregator(100, 10);
        assertThat(empty.tryAdd("k", null, HashKey.ofPartitionKey("k"), new byte[50_000])).isTrue();
        assertThat(empty.build().userRecords()).isEqualTo(1);
        assertThat(empty.tryAdd("k", null, HashKey.ofPartitionKey("k"), new byte[1024 * 1024])).isFalse();
        assertThatThrownBy(empty::build).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anythingThatIsNotASoundAggregatePassesThroughWhole() {
        Aggregator aggregator = new Aggregator(51_200, 100);
        aggregator.tryAdd("x", null, HashKey.ofPartitionKey("x"), "one".getBytes(StandardCharsets.UTF_8));
        aggregator.tryAdd("y", null, HashKey.ofPartitionKey("y"), "two".getBytes(StandardCharsets.UTF_8));
        byte[] sound = aggregator.build().data();
        assertThat(Deaggregator.deaggregate("a", null, sound)).hasSize(2);

        byte[] flipped = sound.clone();
        flipped[6] ^= 1; // the digest no longer matches
        byte[] truncated = java.util.Arrays.copyOf(sound, 20);
        byte[] plain = "just some data".getBytes(StandardCharsets.UTF_8);
        for (byte[] data : List.of(flipped, truncated, plain, new byte[0])) {
            List<Deaggregator.UserRecord> out = Deaggregator.deaggregate("pk", null, data);
            assertThat(out).singleElement().satisfies(r -> {
                assertThat(r.aggregated()).isFalse();
                assertThat(r.data()).isEqualTo(data);
                assertThat(r.partitionKey()).isEqualTo("pk");
            });
        }
        // A body whose digest is right but whose record lacks its required data field is not sound either.
        byte[] body = {0x0A, 0x01, 'k', 0x1A, 0x02, 0x08, 0x00};
        byte[] missing = new byte[20 + body.length];
        System.arraycopy(AggregatedRecordFormat.MAGIC, 0, missing, 0, 4);
        System.arraycopy(body, 0, missing, 4, body.length);
        System.arraycopy(Aggregator.md5(body, 0, body.length), 0, missing, 4 + body.length, 16);
        assertThat(Deaggregator.deaggregate("pk", null, missing)).singleElement()
                .satisfies(r -> assertThat(r.aggregated()).isFalse());
    }

    @Test
    void recordsOutsideTheShardsRangeAreDroppedWhenAskedTo() {
        Aggregator aggregator = new Aggregator(51_200, 100);
        HashKey low = HashKey.parseDecimal("10");
        HashKey high = HashKey.parseDecimal("340282366920938463463374607431768211400");
        aggregator.tryAdd("p", "10", low, "low".getBytes(StandardCharsets.UTF_8));
        aggregator.tryAdd("q", high.toString(), high, "high".getBytes(StandardCharsets.UTF_8));
        Aggregator.KinesisRecord r = aggregator.build();
        List<Deaggregator.UserRecord> lowHalf = Deaggregator.deaggregate(r.partitionKey(), r.explicitHashKey(), r.data(),
                HashKey.MIN, HashKey.parseDecimal("170141183460469231731687303715884105727"));
        assertThat(lowHalf).extracting(u -> new String(u.data(), StandardCharsets.UTF_8)).containsExactly("low");
        // Subsequence numbers keep their place in the aggregate.
        List<Deaggregator.UserRecord> highHalf = Deaggregator.deaggregate(r.partitionKey(), r.explicitHashKey(),
                r.data(), HashKey.parseDecimal("170141183460469231731687303715884105728"), HashKey.MAX);
        assertThat(highHalf).singleElement().satisfies(u -> assertThat(u.subSequenceNumber()).isEqualTo(1));
    }
}
