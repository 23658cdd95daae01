package io.sluice.local.internal.storage;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A shard log in memory, kept as compact frames in large pages rather than as objects.
 *
 * <p>Why pages: a backend under load keeps every record it is given, so records held as objects survive young
 * collections and get copied between GC generations, and the collector's work grows with every record stored.
 * Here an append copies each record once into a 256 KiB page, and an index holds one {@code long} per record:
 * where its frame starts. The collector then sees a few large arrays without references instead of millions of
 * small objects. Reads decode frames into
 * short-lived objects. Trimming drops whole pages and index chunks.
 *
 * <p>Frame: {@code u64 arrival | u16 key length | u32 data length | key (UTF-8) | data}.
 *
 * <p>Concurrency: appends and trims hold {@link #lock} and then publish a new immutable {@link State} through a
 * volatile field. Readers take one state snapshot and read only below its end; the bytes and index slots they read
 * were written before the state that covers them was published, so reads need no lock.
 */
public final class InMemoryShardLog implements ShardLog {

    /**
     * Bytes per page: well under half the smallest G1 region, so pages are ordinary young objects that are copied
     * to the old generation once. (Pages of a region or more would be "humongous", and G1 starts a marking cycle
     * for every humongous allocation once the heap is past its occupancy threshold.) A frame larger than this gets
     * a page of its own size.
     */
    static final int PAGE_BYTES = 256 * 1024;
    private static final int INDEX_BITS = 12;
    private static final int INDEX_CHUNK = 1 << INDEX_BITS;
    private static final int HEADER = 8 + 2 + 4;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    /**
     * @param pages pages in order; {@code pages[i]} is page number {@code firstPage + i}
     * @param index index chunk {@code i} holds the frame locations ({@code page << 32 | offset}) of positions
     *     {@code indexBase + i * INDEX_CHUNK} onwards
     * @param indexBase the first position of index chunk 0, always a multiple of the chunk size
     * @param start the first readable position
     * @param end one past the last record
     * @param lastArrival the newest arrival time, or -1 when the log has never held a record
     */
    private record State(byte[][] pages, long firstPage, long[][] index, long indexBase, long start, long end,
            long lastArrival) {

        long location(long position) {
            long offset = position - indexBase;
            return index[(int) (offset >>> INDEX_BITS)][(int) (offset & (INDEX_CHUNK - 1))];
        }

        byte[] page(long location) {
            return pages[(int) ((location >>> 32) - firstPage)];
        }

        long arrival(long position) {
            long location = location(position);
            return (long) LONG.get(page(location), (int) location);
        }
    }

    private final Object lock = new Object();
    private volatile State state;
    /** Where the next frame goes in the last page. Guarded by {@link #lock}. */
    private int writeOffset;

    /** An empty log whose first record will get {@code firstPosition}. */
    public InMemoryShardLog(long firstPosition) {
        long indexBase = firstPosition - (firstPosition % INDEX_CHUNK);
        this.state = new State(new byte[0][], 0, new long[0][], indexBase, firstPosition, firstPosition, -1);
    }

    @Override
    public long append(List<AppendRecord> records, long arrivalMillis) {
        synchronized (lock) {
            State s = state;
            long arrival = Math.max(arrivalMillis, s.lastArrival());
            byte[][] pages = s.pages();
            long[][] index = s.index();
            long position = s.end();
            for (AppendRecord record : records) {
                byte[] key = record.partitionKeyUtf8();
                byte[] data = record.data();
                int frame = HEADER + key.length + data.length;
                if (pages.length == 0 || writeOffset + frame > pages[pages.length - 1].length) {
                    pages = Arrays.copyOf(pages, pages.length + 1);
                    pages[pages.length - 1] = new byte[Math.max(PAGE_BYTES, frame)];
                    writeOffset = 0;
                }
                byte[] page = pages[pages.length - 1];
                int at = writeOffset;
                LONG.set(page, at, arrival);
                SHORT.set(page, at + 8, (short) key.length);
                INT.set(page, at + 10, data.length);
                System.arraycopy(key, 0, page, at + HEADER, key.length);
                System.arraycopy(data, 0, page, at + HEADER + key.length, data.length);
                writeOffset = at + frame;

                int chunk = (int) ((position - s.indexBase()) >>> INDEX_BITS);
                if (chunk == index.length) {
                    index = Arrays.copyOf(index, index.length + 1);
                    index[chunk] = new long[INDEX_CHUNK];
                }
                long pageNumber = s.firstPage() + pages.length - 1;
                index[chunk][(int) ((position - s.indexBase()) & (INDEX_CHUNK - 1))] = (pageNumber << 32) | at;
                position++;
            }
            state = new State(pages, s.firstPage(), index, s.indexBase(), s.start(), position,
                    records.isEmpty() ? s.lastArrival() : arrival);
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
            StoredRecord record = decode(s, p);
            bytes += record.sizeBytes();
            if (bytes > maxBytes && !out.isEmpty()) {
                break;
            }
            out.add(record);
        }
        return out;
    }

    private static StoredRecord decode(State s, long position) {
        long location = s.location(position);
        byte[] page = s.page(location);
        int at = (int) location;
        long arrival = (long) LONG.get(page, at);
        int keyLength = Short.toUnsignedInt((short) SHORT.get(page, at + 8));
        int dataLength = (int) INT.get(page, at + 10);
        String key = new String(page, at + HEADER, keyLength, StandardCharsets.UTF_8);
        int dataAt = at + HEADER + keyLength;
        return new StoredRecord(position, arrival, key, Arrays.copyOfRange(page, dataAt, dataAt + dataLength));
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
        return positionAtOrAfter(state, epochMillis);
    }

    private static long positionAtOrAfter(State s, long epochMillis) {
        long low = s.start();
        long high = s.end();
        while (low < high) {
            long mid = (low + high) >>> 1;
            if (s.arrival(mid) < epochMillis) {
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
        return position >= s.start() && position < s.end() ? s.arrival(position) : -1;
    }

    @Override
    public void trimBefore(long cutoffMillis) {
        State current = state;
        if (current.start() == current.end() || current.arrival(current.start()) >= cutoffMillis) {
            return;
        }
        synchronized (lock) {
            State s = state;
            long newStart = positionAtOrAfter(s, cutoffMillis);
            if (newStart <= s.start()) {
                return;
            }
            // Keep the page and index chunk that appends write into, even when every record in them expired.
            long keepPage = newStart < s.end() ? s.location(newStart) >>> 32 : s.firstPage() + s.pages().length - 1;
            int dropPages = (int) Math.max(0, Math.min(keepPage - s.firstPage(), s.pages().length - 1));
            int dropChunks = (int) ((newStart - s.indexBase()) >>> INDEX_BITS);
            dropChunks = Math.max(0, Math.min(dropChunks, s.index().length - 1));
            state = new State(Arrays.copyOfRange(s.pages(), dropPages, s.pages().length), s.firstPage() + dropPages,
                    Arrays.copyOfRange(s.index(), dropChunks, s.index().length),
                    s.indexBase() + ((long) dropChunks << INDEX_BITS), newStart, s.end(), s.lastArrival());
        }
    }

    @Override
    public void close() {
        // Nothing to release: the garbage collector takes the pages with the log.
    }
}
