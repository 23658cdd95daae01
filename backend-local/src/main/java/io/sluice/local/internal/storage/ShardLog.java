package io.sluice.local.internal.storage;

import java.util.List;

/**
 * The ordered, append-only records of one shard.
 *
 * <p>Positions start at the log's first position and grow by one per record. A record is visible to readers, and
 * may be acknowledged, once {@link #append} has returned: at that point it is in the log's storage (memory, or the
 * page cache or the disk for a file log). Arrival times never decrease along the log, so they can be searched.
 *
 * <p>Implementations are thread-safe: appends are serialized, reads run concurrently with appends and each other.
 */
public interface ShardLog extends AutoCloseable {

    /**
     * Appends records in order, all with the same arrival time (raised to the last record's, if the clock went
     * back).
     *
     * @return the position of the first appended record; the others follow it
     */
    long append(List<AppendRecord> records, long arrivalMillis);

    /**
     * Reads records from a position (raised to {@link #startPosition()} if it was trimmed), stopping after
     * {@code maxRecords} records, before the one that would take the total past {@code maxBytes} (but always
     * returning at least one when one is there), or at the end.
     */
    List<StoredRecord> read(long position, int maxRecords, long maxBytes);

    /** The first position still held (the trim horizon). */
    long startPosition();

    /** The position the next append gets: one past the last record. */
    long endPosition();

    /**
     * The position of the first record that arrived at or after {@code epochMillis}, or {@link #endPosition()}
     * when none did.
     */
    long positionAtOrAfter(long epochMillis);

    /** The arrival time of the record at a position, or -1 when there is no record there. */
    long arrivalMillisAt(long position);

    /**
     * Drops every record that arrived before {@code cutoffMillis}: they can no longer be read, and storage that
     * holds only such records is freed.
     */
    void trimBefore(long cutoffMillis);

    /** Releases the log's resources; its data stays where it is stored. */
    @Override
    void close();
}
