package io.sluice.aggregation;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An unsigned 128-bit Kinesis hash key: the MD5 of a partition key read as a big-endian number, or an explicit hash
 * key given in decimal.
 *
 * <p>Kinesis routes a record to the open shard whose hash key range holds this value. Keys are held as two
 * {@code long}s and compared as unsigned numbers, so routing never allocates a {@link BigInteger}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class HashKey implements Comparable<HashKey> {

    /** The smallest hash key, 0. */
    public static final HashKey MIN = new HashKey(0L, 0L);

    /** The largest hash key, 2^128 - 1. */
    public static final HashKey MAX = new HashKey(-1L, -1L);

    /** How many decimal digits the largest hash key has. */
    public static final int MAX_DECIMAL_DIGITS = 39;

    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);
    private static final long MAX_HI_BEFORE_TIMES_TEN = Long.divideUnsigned(-1L, 10);

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    });

    private final long hi;
    private final long lo;

    private HashKey(long hi, long lo) {
        this.hi = hi;
        this.lo = lo;
    }

    /**
     * The key whose high and low 64 bits are the given ones, read as unsigned.
     *
     * @param hi the high 64 bits
     * @param lo the low 64 bits
     * @return the key
     */
    public static HashKey of(long hi, long lo) {
        return new HashKey(hi, lo);
    }

    /**
     * The key Kinesis derives from a partition key: the MD5 of its UTF-8 bytes, big-endian.
     *
     * @param partitionKey the partition key
     * @return its hash key
     */
    public static HashKey ofPartitionKey(String partitionKey) {
        return ofPartitionKeyUtf8(partitionKey.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The key Kinesis derives from a partition key already encoded as UTF-8.
     *
     * @param partitionKeyUtf8 the partition key's UTF-8 bytes
     * @return its hash key
     */
    public static HashKey ofPartitionKeyUtf8(byte[] partitionKeyUtf8) {
        byte[] digest = MD5.get().digest(partitionKeyUtf8);
        return new HashKey(readLong(digest, 0), readLong(digest, 8));
    }

    /**
     * Parses an explicit hash key: a decimal number without sign or leading zeros ({@code 0|[1-9]\d{0,38}}) below
     * 2^128.
     *
     * @param text the decimal text
     * @return the key
     * @throws NumberFormatException if the text is not such a number
     */
    public static HashKey parseDecimal(CharSequence text) {
        int length = text.length();
        if (length == 0 || length > MAX_DECIMAL_DIGITS || (length > 1 && text.charAt(0) == '0')) {
            throw new NumberFormatException("Not a 128-bit hash key: " + text);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < length; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                throw new NumberFormatException("Not a 128-bit hash key: " + text);
            }
            if (Long.compareUnsigned(hi, MAX_HI_BEFORE_TIMES_TEN) > 0) {
                throw new NumberFormatException("Hash key is 2^128 or more: " + text);
            }
            // (hi, lo) * 10 as 128-bit arithmetic: the low word's carry is the unsigned high half of lo * 10.
            long carry = Math.multiplyHigh(lo, 10) + ((lo >> 63) & 10);
            long newHi = hi * 10 + carry;
            if (Long.compareUnsigned(newHi, hi * 10) < 0) {
                throw new NumberFormatException("Hash key is 2^128 or more: " + text);
            }
            long newLo = lo * 10 + digit;
            if (Long.compareUnsigned(newLo, lo * 10) < 0) {
                newHi++;
                if (newHi == 0) {
                    throw new NumberFormatException("Hash key is 2^128 or more: " + text);
                }
            }
            hi = newHi;
            lo = newLo;
        }
        return new HashKey(hi, lo);
    }

    /**
     * The key equal to a non-negative number below 2^128.
     *
     * @param value the number
     * @return the key
     * @throws IllegalArgumentException if the number is outside that range
     */
    public static HashKey of(BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > 128) {
            throw new IllegalArgumentException("Not a 128-bit hash key: " + value);
        }
        return new HashKey(value.shiftRight(64).longValue(), value.longValue());
    }

    /**
     * The high 64 bits.
     *
     * @return the high 64 bits, to be read as unsigned
     */
    public long high() {
        return hi;
    }

    /**
     * The low 64 bits.
     *
     * @return the low 64 bits, to be read as unsigned
     */
    public long low() {
        return lo;
    }

    /**
     * This key as a number.
     *
     * @return this key as a non-negative {@link BigInteger}
     */
    public BigInteger toBigInteger() {
        BigInteger high = new BigInteger(Long.toUnsignedString(hi));
        return high.multiply(TWO_TO_64).add(new BigInteger(Long.toUnsignedString(lo)));
    }

    /**
     * Whether this key lies in an inclusive range.
     *
     * @param start the range's first key
     * @param end the range's last key
     * @return whether {@code start <= this <= end}
     */
    public boolean isWithin(HashKey start, HashKey end) {
        return compareTo(start) >= 0 && compareTo(end) <= 0;
    }

    @Override
    public int compareTo(HashKey other) {
        int byHigh = Long.compareUnsigned(hi, other.hi);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(lo, other.lo);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HashKey other && other.hi == hi && other.lo == lo;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hi) * 31 + Long.hashCode(lo);
    }

    /** The decimal form Kinesis uses on the wire, written without {@link BigInteger}. */
    @Override
    public String toString() {
        if (hi == 0 && lo >= 0) {
            return Long.toString(lo);
        }
        // Long division by 10^9 over four 32-bit limbs, most significant first: each step's remainder is below
        // 10^9, so remainder * 2^32 + limb fits in a long.
        long[] limbs = {hi >>> 32, hi & 0xFFFF_FFFFL, lo >>> 32, lo & 0xFFFF_FFFFL};
        long[] chunks = new long[5];
        int count = 0;
        boolean zero;
        do {
            long remainder = 0;
            zero = true;
            for (int i = 0; i < 4; i++) {
                long current = (remainder << 32) | limbs[i];
                limbs[i] = current / 1_000_000_000L;
                remainder = current % 1_000_000_000L;
                zero &= limbs[i] == 0;
            }
            chunks[count++] = remainder;
        } while (!zero);
        StringBuilder text = new StringBuilder(MAX_DECIMAL_DIGITS);
        text.append(chunks[count - 1]);
        for (int i = count - 2; i >= 0; i--) {
            String part = Long.toString(chunks[i]);
            text.append("000000000", part.length(), 9).append(part);
        }
        return text.toString();
    }

    private static long readLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xFFL);
        }
        return value;
    }
}
