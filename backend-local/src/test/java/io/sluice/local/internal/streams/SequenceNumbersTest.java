package io.sluice.local.internal.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SequenceNumbersTest {

    private static String format(long incarnation, int shard, long position) {
        byte[] out = new byte[SequenceNumbers.LENGTH];
        SequenceNumbers.formatInto(SequenceNumbers.prefix(incarnation, shard).getBytes(StandardCharsets.US_ASCII),
                position, out);
        return new String(out, StandardCharsets.US_ASCII);
    }

    @Test
    void fiftySixDigitsThatParseBackToTheirParts() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 10_000; i++) {
            long incarnation = random.nextLong(10_000_000_000L);
            int shard = random.nextInt(Integer.MAX_VALUE);
            long position = random.nextLong(-1, Long.MAX_VALUE - 1);
            String sequence = format(incarnation, shard, position);
            assertThat(sequence).hasSize(56).containsOnlyDigits().startsWith("49");
            assertThat(SequenceNumbers.parse(sequence))
                    .isEqualTo(new SequenceNumbers.Parsed(incarnation, shard, position));
        }
        assertThat(format(1_795_428_930L, 3, 0)).isEqualTo("49" + "1795428930" + "000000000003" + "0".repeat(31) + "1");
        // Before the first record: the shard's starting sequence number, below every record's.
        assertThat(format(1_795_428_930L, 3, -1)).isEqualTo("49" + "1795428930" + "000000000003" + "0".repeat(32));
    }

    @Test
    void withinAShardTheyGrowWithThePositionAsBigIntegersAndAsStrings() {
        String previous = format(42, 7, 0);
        for (long position = 1; position < 100_000; position += 7) {
            String next = format(42, 7, position);
            assertThat(new BigInteger(next)).isGreaterThan(new BigInteger(previous));
            assertThat(next.compareTo(previous)).isPositive();
            previous = next;
        }
    }

    @Test
    void rejectsWhatItDidNotIssue() {
        assertThat(SequenceNumbers.parse(null)).isNull();
        assertThat(SequenceNumbers.parse("0")).isNull();
        assertThat(SequenceNumbers.parse("48" + "0".repeat(54))).isNull();
        assertThat(SequenceNumbers.parse("49" + "0".repeat(53) + "x")).isNull();
        assertThat(SequenceNumbers.parse("49" + "0".repeat(55))).isNull();
        // Position digits beyond what a long holds.
        assertThat(SequenceNumbers.parse("49" + "0".repeat(22) + "9".repeat(32))).isNull();
    }

    @Test
    void incarnationIsTheLastTenDigitsOfTheCreationMillisecond() {
        assertThat(SequenceNumbers.incarnation(1_795_428_930_123L)).isEqualTo(5_428_930_123L);
        assertThat(SequenceNumbers.incarnation(1_795_428_930_124L)).isEqualTo(5_428_930_124L);
    }
}
