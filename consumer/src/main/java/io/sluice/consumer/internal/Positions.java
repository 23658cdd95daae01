package io.sluice.consumer.internal;

import io.sluice.checkpoint.Checkpoint;
import java.math.BigInteger;
import java.util.Comparator;

/**
 * Orders positions in a shard as the KCL does: sequence numbers as big integers, then subsequence numbers;
 * {@code TRIM_HORIZON}, {@code LATEST} and {@code AT_TIMESTAMP} before every record, {@code SHARD_END} after
 * every record. Stateless and thread-safe.
 */
public final class Positions {

    /** The order of positions. */
    public static final Comparator<Checkpoint> ORDER = Positions::compare;

    private Positions() {
    }

    public static int compare(Checkpoint a, Checkpoint b) {
        int rankA = rank(a);
        int rankB = rank(b);
        if (rankA != rankB || rankA != 1) {
            return Integer.compare(rankA, rankB);
        }
        int bySequence = compareSequences(a.sequenceNumber(), b.sequenceNumber());
        return bySequence != 0 ? bySequence : Long.compare(a.subSequenceNumber(), b.subSequenceNumber());
    }

    /** Compares two decimal sequence numbers without parsing them unless their lengths tie. */
    public static int compareSequences(String a, String b) {
        String x = stripZeros(a);
        String y = stripZeros(b);
        if (x.length() != y.length()) {
            return Integer.compare(x.length(), y.length());
        }
        return x.length() <= 18 ? Long.compare(Long.parseLong(x), Long.parseLong(y))
                : new BigInteger(x).compareTo(new BigInteger(y));
    }

    private static String stripZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    /** 0 for the sentinels before every record, 1 for a record, 2 for the end of the shard. */
    private static int rank(Checkpoint position) {
        if (position.isShardEnd()) {
            return 2;
        }
        return position.isSentinel() ? 0 : 1;
    }
}
