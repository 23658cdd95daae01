package io.sluice.checkpoint;

import java.util.Objects;

/**
 * A position in a shard as a lease stores it: a sequence number and the subsequence number of a user record
 * inside an aggregated record, or one of the KCL's sentinels ({@code TRIM_HORIZON}, {@code LATEST},
 * {@code AT_TIMESTAMP}, {@code SHARD_END}), which carry subsequence 0.
 *
 * @param sequenceNumber decimal digits or a sentinel
 * @param subSequenceNumber the index inside an aggregated record, 0 otherwise
 */
public record Checkpoint(String sequenceNumber, long subSequenceNumber) {

    /** Before the first record of the shard. */
    public static final Checkpoint TRIM_HORIZON = new Checkpoint("TRIM_HORIZON", 0);
    /** After the last record when the lease was created. */
    public static final Checkpoint LATEST = new Checkpoint("LATEST", 0);
    /** At the configured timestamp. */
    public static final Checkpoint AT_TIMESTAMP = new Checkpoint("AT_TIMESTAMP", 0);
    /** The shard is closed and every record of it was processed: its children may start. */
    public static final Checkpoint SHARD_END = new Checkpoint("SHARD_END", 0);

    /**
     * Checks the position: a sentinel or a sequence number of digits, and a subsequence that is not negative.
     *
     * @param sequenceNumber decimal digits or a sentinel
     * @param subSequenceNumber the index inside an aggregated record, 0 otherwise
     */
    public Checkpoint {
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        if (subSequenceNumber < 0) {
            throw new IllegalArgumentException("subSequenceNumber must not be negative: " + subSequenceNumber);
        }
        if (!isSentinel(sequenceNumber) && !isDigits(sequenceNumber)) {
            throw new IllegalArgumentException("Not a sequence number or a sentinel: " + sequenceNumber);
        }
    }

    /**
     * A position at a sequence number (subsequence 0).
     *
     * @param sequenceNumber the sequence number
     * @return the position
     */
    public static Checkpoint at(String sequenceNumber) {
        return new Checkpoint(sequenceNumber, 0);
    }

    /**
     * Whether this is one of the sentinels rather than a sequence number.
     *
     * @return whether it is TRIM_HORIZON, LATEST, AT_TIMESTAMP or SHARD_END
     */
    public boolean isSentinel() {
        return isSentinel(sequenceNumber);
    }

    /**
     * Whether the shard was processed to its end.
     *
     * @return whether this is {@link #SHARD_END}
     */
    public boolean isShardEnd() {
        return SHARD_END.sequenceNumber.equals(sequenceNumber);
    }

    private static boolean isSentinel(String value) {
        return value.equals("TRIM_HORIZON") || value.equals("LATEST") || value.equals("AT_TIMESTAMP")
                || value.equals("SHARD_END");
    }

    private static boolean isDigits(String value) {
        if (value.isEmpty() || value.length() > 128) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
