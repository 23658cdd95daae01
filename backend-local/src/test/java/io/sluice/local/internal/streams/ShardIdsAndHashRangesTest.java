package io.sluice.local.internal.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class ShardIdsAndHashRangesTest {

    @Test
    void shardIdsAreTwelveDigitsAndParseAsAwsReadsThem() {
        assertThat(ShardIds.format(0)).isEqualTo("shardId-000000000000");
        assertThat(ShardIds.format(123)).isEqualTo("shardId-000000000123");
        assertThat(ShardIds.parse("shardId-000000000123")).isEqualTo(123);
        assertThat(ShardIds.parse("shard-7")).isEqualTo(7);
        assertThat(ShardIds.parse("7")).isEqualTo(7);
        assertThat(ShardIds.parse("shardId-")).isEqualTo(-1);
        assertThat(ShardIds.parse("ABKLFD8")).isEqualTo(-1);
        assertThat(ShardIds.parse("shardId-002147483648")).isEqualTo(-1);
        assertThat(ShardIds.parse(null)).isEqualTo(-1);
    }

    @Test
    void evenSplitsCoverTheWholeKeySpaceWithoutGapsOrOverlaps() {
        BigInteger max = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
        for (int n = 1; n <= 64; n++) {
            BigInteger expectedStart = BigInteger.ZERO;
            for (int i = 0; i < n; i++) {
                HashRanges.Range range = HashRanges.evenSplit(i, n);
                assertThat(new BigInteger(range.start())).isEqualTo(expectedStart);
                expectedStart = new BigInteger(range.end()).add(BigInteger.ONE);
            }
            assertThat(new BigInteger(HashRanges.evenSplit(n - 1, n).end())).isEqualTo(max);
        }
    }
}
