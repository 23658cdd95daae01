package io.sluice.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HashKeyTest {

    private static final BigInteger TWO_TO_128 = BigInteger.ONE.shiftLeft(128);

    @Test
    void partitionKeyHashIsTheBigEndianMd5OfTheUtf8Bytes() throws Exception {
        for (String key : new String[] {"a", "partition-1", "ключ", "\uD83D\uDE00", "x".repeat(256)}) {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8));
            assertThat(HashKey.ofPartitionKey(key).toBigInteger()).isEqualTo(new BigInteger(1, md5));
        }
        // A fixed vector: MD5("a") = 0cc175b9c0f1b6a831c399e269772661.
        assertThat(HashKey.ofPartitionKey("a").toBigInteger())
                .isEqualTo(new BigInteger("0cc175b9c0f1b6a831c399e269772661", 16));
    }

    @Test
    void parsesEveryDecimalBelowTwoToThe128ExactlyAsBigIntegerDoes() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            BigInteger value = new BigInteger(1 + random.nextInt(128), new java.util.Random(random.nextLong()));
            HashKey key = HashKey.parseDecimal(value.toString());
            assertThat(key.toBigInteger()).isEqualTo(value);
            assertThat(key.toString()).isEqualTo(value.toString());
            assertThat(HashKey.of(value)).isEqualTo(key);
        }
        assertThat(HashKey.parseDecimal("0")).isEqualTo(HashKey.MIN);
        assertThat(HashKey.parseDecimal(TWO_TO_128.subtract(BigInteger.ONE).toString())).isEqualTo(HashKey.MAX);
        // The decimal writer's edges: limb and chunk boundaries, and the largest key.
        for (BigInteger edge : new BigInteger[] {BigInteger.ZERO, BigInteger.TEN.pow(9), BigInteger.TEN.pow(18),
                BigInteger.TWO.pow(63), BigInteger.TWO.pow(64).subtract(BigInteger.ONE), BigInteger.TWO.pow(64),
                BigInteger.TEN.pow(27), BigInteger.TEN.pow(36).add(BigInteger.ONE), TWO_TO_128.subtract(BigInteger.ONE)}) {
            assertThat(HashKey.of(edge).toString()).isEqualTo(edge.toString());
        }
    }

    @Test
    void rejectsWhatIsNotAnExplicitHashKey() {
        for (String bad : new String[] {"", "-1", "+1", "01", "1.5", "12a", " 1",
            TWO_TO_128.toString(), TWO_TO_128.add(BigInteger.TEN).toString(), "9".repeat(39), "1".repeat(40)}) {
            assertThatThrownBy(() -> HashKey.parseDecimal(bad)).as(bad).isInstanceOf(NumberFormatException.class);
        }
        assertThatThrownBy(() -> HashKey.of(TWO_TO_128)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HashKey.of(BigInteger.ONE.negate())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void comparesAsUnsigned128BitNumbers() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            HashKey a = HashKey.of(random.nextLong(), random.nextLong());
            HashKey b = random.nextBoolean() ? HashKey.of(a.high(), random.nextLong()) : HashKey.of(random.nextLong(), a.low());
            assertThat(Integer.signum(a.compareTo(b))).isEqualTo(a.toBigInteger().compareTo(b.toBigInteger()));
        }
        assertThat(HashKey.MAX.compareTo(HashKey.MIN)).isPositive();
        assertThat(HashKey.of(1, 0).isWithin(HashKey.of(0, -1L), HashKey.of(1, 0))).isTrue();
        assertThat(HashKey.of(1, 1).isWithin(HashKey.of(0, -1L), HashKey.of(1, 0))).isFalse();
    }
}
