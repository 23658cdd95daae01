package io.sluice.consumer;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a worker starts reading a shard that has no checkpoint yet: {@link #LATEST}, {@link #TRIM_HORIZON}, or
 * {@link #atTimestamp(Instant)}. Shards created by resharding later always start at their beginning, so their
 * records are never skipped. Immutable and thread-safe.
 */
public final class InitialPosition {

    /** After the last record at the time the lease is created. */
    public static final InitialPosition LATEST = new InitialPosition("LATEST", null);
    /** At the oldest record still kept. */
    public static final InitialPosition TRIM_HORIZON = new InitialPosition("TRIM_HORIZON", null);

    private final String type;
    private final Instant timestamp;

    private InitialPosition(String type, Instant timestamp) {
        this.type = type;
        this.timestamp = timestamp;
    }

    /**
     * At the first record that arrived at or after {@code timestamp}.
     *
     * @param timestamp the earliest arrival time to read
     * @return the position
     */
    public static InitialPosition atTimestamp(Instant timestamp) {
        return new InitialPosition("AT_TIMESTAMP", Objects.requireNonNull(timestamp, "timestamp"));
    }

    /**
     * The position's kind.
     *
     * @return {@code LATEST}, {@code TRIM_HORIZON} or {@code AT_TIMESTAMP} (also the lease table's sentinel)
     */
    public String type() {
        return type;
    }

    /**
     * The timestamp of an {@code AT_TIMESTAMP} position.
     *
     * @return the timestamp, or {@code null} for the other kinds
     */
    public Instant timestamp() {
        return timestamp;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InitialPosition other && type.equals(other.type)
                && Objects.equals(timestamp, other.timestamp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, timestamp);
    }

    @Override
    public String toString() {
        return timestamp == null ? type : type + "(" + timestamp + ")";
    }
}
