package io.sluice.local.internal.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A shard log in memory: records in fixed-size chunks, so reads never copy the log and trimming drops whole chunks.
 *
 * <p>Concurrency: appends and trims hold {@link #lock} and then publish a new immutable {@link State} through a
 * volatile field. Readers take one state snapshot and read only below its end; the chunk slots they read were
 * written before the state that covers them was published, so reads need no lock.
 */
public final class InMemoryShardLog implements ShardLog {

    private static final int CHUNK_BITS = 12;
    private static final int CHUNK_SIZE = 1 << CHUNK_BITS;

    /**
     * @param chunks chunk {@code i} holds positions {@code base + i * CHUNK_SIZE} onwards
     * @param base the first position of chunk 0, always a multiple of the chunk size
     * @param start the first readable position
     * @param end one past the last record
     * @param lastArrival the newest arrival time, or -1 when the log has never held a record
     */
    private record State(StoredRecord[][] chunks, long base, long start, long end, long lastArrival) {
        StoredRecord get(long position) {
            long offset = position - base;
            return chunks[(int) (offset >>> CHUNK_BITS)][(int) (offset & (CHUNK_SIZE - 1))];
        }
    }

    private final Object lock = new Object();
    private volatile State state;

    /** An empty log whose first record will get {@code firstPosition}. */
    public InMemoryShardLog(long firstPosition) {
        long base = firstPosition - (firstPosition % CHUNK_SIZE);
        this.state = new State(new StoredRecord[0][], base, firstPosition, firstPosition, -1);
    }

    @Override
    public long append(List<AppendRecord> records, long arrivalMillis) {
        synchronized (lock) {
            State s = state;
            long arrival = Math.max(arrivalMillis, s.lastArrival());
            StoredRecord[][] chunks = s.chunks();
            long position = s.end();
            for (AppendRecord record : records) {
                int chunk = (int) ((position - s.base()) >>> CHUNK_BITS);
                if (chunk == chunks.length) {
                    chunks = Arrays.copyOf(chunks, chunks.length + 1);
                    chunks[chunk] = new StoredRecord[CHUNK_SIZE];
                }
                chunks[chunk][(int) ((position - s.base()) & (CHUNK_SIZE - 1))] =
                        new StoredRecord(position, arrival, record.partitionKey(), record.data());
                position++;
            }
            state = new State(chunks, s.base(), s.start(), position, records.isEmpty() ? s.lastArrival() : arrival);
            return s.end();
        }
    }

    @Override
    public List<StoredRecord> read(long position, int maxRecords, long maxBytes) {
        State s = state;
        long from = Math.max(position, s.start());
        long to = Math.min(s.end(), from + maxRecords);
        List<StoredRecord> out = new ArrayList<>((int) Math.max(0, Math.min(to - from, 1024)));
        long bytes = 0;
        for (long p = from; p < to; p++) {
            StoredRecord record = s.get(p);
            bytes += record.sizeBytes();
            if (bytes > maxBytes && !out.isEmpty()) {
                break;
            }
            out.add(record);
        }
        return out;
    }

    @Override
    public long startPosition() {
        return state.start();
    }

    @Override
    public long endPosition() {
        return state.end();
    }

    @Override
    public long positionAtOrAfter(long epochMillis) {
        State s = state;
        long low = s.start();
        long high = s.end();
        while (low < high) {
            long mid = (low + high) >>> 1;
            if (s.get(mid).arrivalMillis() < epochMillis) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    @Override
    public long arrivalMillisAt(long position) {
        State s = state;
        return position >= s.start() && position < s.end() ? s.get(position).arrivalMillis() : -1;
    }

    @Override
    public void trimBefore(long cutoffMillis) {
        State current = state;
        if (current.start() == current.end() || current.get(current.start()).arrivalMillis() >= cutoffMillis) {
            return;
        }
        synchronized (lock) {
            State s = state;
            long newStart = positionAtOrAfter(cutoffMillis);
            if (newStart <= s.start()) {
                return;
            }
            int droppable = (int) ((newStart - s.base()) >>> CHUNK_BITS);
            // Keep the chunk the next append writes into, even when every record in it has expired.
            droppable = Math.min(droppable, Math.max(0, s.chunks().length - 1));
            StoredRecord[][] chunks = Arrays.copyOfRange(s.chunks(), droppable, s.chunks().length);
            state = new State(chunks, s.base() + ((long) droppable << CHUNK_BITS), newStart, s.end(), s.lastArrival());
        }
    }

    @Override
    public void close() {
        // Nothing to release: the garbage collector takes the records with the log.
    }
}
