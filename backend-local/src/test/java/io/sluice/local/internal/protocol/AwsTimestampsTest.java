package io.sluice.local.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AwsTimestampsTest {

    private static String seconds(long millis) {
        char[] out = new char[24];
        return new String(out, 0, AwsTimestamps.epochSeconds(millis, out));
    }

    @Test
    void writesEpochSecondsWithThreeDecimalsExactlyAsTheBigDecimalForm() {
        assertThat(seconds(1_795_428_930_123L)).isEqualTo("1795428930.123");
        assertThat(seconds(1_795_428_930_000L)).isEqualTo("1795428930.000");
        assertThat(seconds(1_795_428_930_007L)).isEqualTo("1795428930.007");
        assertThat(seconds(0)).isEqualTo("0.000");
        assertThat(seconds(999)).isEqualTo("0.999");
        assertThat(seconds(-1)).isEqualTo("-0.001");
        assertThat(seconds(-1_500)).isEqualTo("-1.500");
        assertThat(seconds(10_000)).isEqualTo("10.000");
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            long millis = random.nextLong(-4_000_000_000_000L, 40_000_000_000_000L);
            assertThat(seconds(millis)).isEqualTo(AwsTimestamps.toEpochSeconds(java.time.Instant.ofEpochMilli(millis))
                    .toPlainString());
            assertThat(new BigDecimal(seconds(millis)).movePointRight(3).longValueExact()).isEqualTo(millis);
        }
    }
}
