package io.sluice.local.internal.streams;

/**
 * The backend's 56-digit sequence numbers, as long as the real ones and compared the same way (as big integers):
 *
 * <pre>
 * 49 | stream incarnation (creation epoch millis, last 10 digits) | shard index (12 digits) | position + 1 (32 digits)
 * </pre>
 *
 * The last part is the log position plus one, so that position -1 ("before the first record", all zeros) is a
 * sequence number too: it is the shard's StartingSequenceNumber, below every record's as in AWS, and the
 * ContinuationSequenceNumber of a subscription that has not passed any record yet.
 *
 * Within a shard they grow with the position, so both string and numeric order follow the log. The incarnation
 * and shard index let GetShardIterator reject a number from another stream or shard, as AWS does. Stateless.
 */
public final class SequenceNumbers {

    /** How many digits every sequence number has. */
    public static final int LENGTH = 56;
    private static final String VERSION = "49";
    private static final int INCARNATION_DIGITS = 10;
    private static final int SHARD_DIGITS = 12;
    private static final int POSITION_DIGITS = 32;
    private static final long INCARNATION_MODULUS = 10_000_000_000L;

    /** The parts of one of our sequence numbers; position -1 is the shard's start, before any record. */
    public record Parsed(long incarnation, long shardIndex, long position) {
    }

    private SequenceNumbers() {
    }

    /**
     * The incarnation stamp of a stream created at {@code createdAtMillis}. Creation times of one stream name only
     * grow (the registry sees to it), so a stream recreated under an old name rejects the old sequence numbers.
     */
    public static long incarnation(long createdAtMillis) {
        return Math.floorMod(createdAtMillis, INCARNATION_MODULUS);
    }

    /** The first 24 digits, shared by every sequence number of one shard. */
    public static String prefix(long incarnation, int shardIndex) {
        StringBuilder out = new StringBuilder(LENGTH).append(VERSION);
        pad(out, incarnation, INCARNATION_DIGITS);
        pad(out, shardIndex, SHARD_DIGITS);
        return out.toString();
    }

    /**
     * Writes the sequence number of {@code position} (-1 for "before the first record") after a shard's
     * 24-character prefix (ASCII) into {@code out}.
     */
    public static void formatInto(byte[] prefix, long position, byte[] out) {
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        int at = LENGTH;
        long rest = position + 1;
        do {
            out[--at] = (byte) ('0' + rest % 10);
            rest /= 10;
        } while (rest > 0);
        java.util.Arrays.fill(out, prefix.length, at, (byte) '0');
    }

    /** The parts of a sequence number, or {@code null} when it is not one of ours. */
    public static Parsed parse(String sequenceNumber) {
        if (sequenceNumber == null || sequenceNumber.length() != LENGTH || !sequenceNumber.startsWith(VERSION)) {
            return null;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = sequenceNumber.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        int at = VERSION.length();
        long incarnation = Long.parseLong(sequenceNumber, at, at + INCARNATION_DIGITS, 10);
        at += INCARNATION_DIGITS;
        long shard = Long.parseLong(sequenceNumber, at, at + SHARD_DIGITS, 10);
        at += SHARD_DIGITS;
        // A long has at most 19 digits: anything longer must be zeros in front.
        int positionStart = LENGTH - 19;
        for (int i = at; i < positionStart; i++) {
            if (sequenceNumber.charAt(i) != '0') {
                return null;
            }
        }
        long position;
        try {
            position = Long.parseLong(sequenceNumber, positionStart, LENGTH, 10);
        } catch (NumberFormatException tooLarge) {
            return null;
        }
        return new Parsed(incarnation, shard, position - 1);
    }

    private static void pad(StringBuilder out, long value, int digits) {
        String text = Long.toString(value);
        for (int i = text.length(); i < digits; i++) {
            out.append('0');
        }
        out.append(text);
    }
}
