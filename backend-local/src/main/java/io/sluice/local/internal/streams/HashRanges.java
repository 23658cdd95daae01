package io.sluice.local.internal.streams;

import java.math.BigInteger;

/** How Kinesis splits the 128-bit hash key space over a new stream's shards. Stateless. */
public final class HashRanges {

    private static final BigInteger TWO_TO_128 = BigInteger.ONE.shiftLeft(128);

    /** An inclusive range of hash keys, in decimal. */
    public record Range(String start, String end) {
    }

    private HashRanges() {
    }

    /**
     * The range of shard {@code i} of {@code n}: {@code [i * floor(2^128 / n), (i + 1) * floor(2^128 / n) - 1]},
     * except that the last shard ends at 2^128 - 1.
     */
    public static Range evenSplit(int i, int n) {
        BigInteger width = TWO_TO_128.divide(BigInteger.valueOf(n));
        BigInteger start = width.multiply(BigInteger.valueOf(i));
        BigInteger end = i == n - 1 ? TWO_TO_128.subtract(BigInteger.ONE)
                : width.multiply(BigInteger.valueOf(i + 1L)).subtract(BigInteger.ONE);
        return new Range(start.toString(), end.toString());
    }
}
