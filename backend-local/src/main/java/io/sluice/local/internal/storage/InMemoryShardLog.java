package io.sluice.local.internal.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A shard log in memory, kept as compact frames in off-heap pages rather than as objects.
 *
 * <p>Why: a backend under load keeps every record it is given, so records on the heap survive young collections
 * and are copied between GC generations; measured, that copying cost several times the append itself. Here an
 * append copies each record once into a 1 MiB direct buffer page (allocated ahead of need by a
 * {@link PageReserve}), which the collector never moves, and an index
 * holds one {@code long} per record: where its frame starts. Reads decode frames into short-lived objects.
 * Trimming drops whole pages (freed when the collector next finds them unreachable) and index chunks. The pages
 * count against {@code -XX:MaxDirectMemorySize}, which defaults to the maximum heap size.
 *
 * <p>Frame: {@code u64 arrival | u16 key length | u32 data length | key (UTF-8) | data}.
 *
 * <p>Concurrency: appends and trims hold {@link #lock} and then publish a new immutable {@link State} through a
 * volatile field. Readers take one state snapshot and read only below its end; the bytes and index slots they read
 * were written before the state that covers them was published, so reads need no lock.
 */
public final class InMemoryShardLog implements ShardLog {

    /** Bytes per page; a frame larger than this gets a page of its own size. */
    static final int PAGE_BYTES = PageReserve.PAGE_BYTES;
    private static final int INDEX_BITS = 12;
    private static final int INDEX_CHUNK = 1 << INDEX_BITS;
    private static final int HEADER = 8 + 2 + 4;


    /**
     * @param pages pages in order; {@code pages[i]} is page number {@code firstPage + i}
     * @param index index chunk {@code i} holds the frame locations ({@code page << 32 | offset}) of positions
     *     {@code indexBase + i * INDEX_CHUNK} onwards
     * @param indexBase the first position of index chunk 0, always a multiple of the chunk size
     * @param start the first readable position
     * @param end one past the last record
     * @param lastArrival the newest arrival time, or -1 when the log has never held a record
     */
    private record State(ByteBuffer[] pages, long firstPage, long[][] index, long indexBase, long start, long end,
            long lastArrival) {

        long location(long position) {
            long offset = position - indexBase;
            return index[(int) (offset >>> INDEX_BITS)][(int) (offset & (INDEX_CHUNK - 1))];
        }

        ByteBuffer page(long location) {
            return pages[(int) ((location >>> 32) - firstPage)];
        }

        long arrival(long position) {
            long location = location(position);
            return page(location).getLong((int) location);
        }
    }

    private final Object lock = new Object();
    private volatile State state;
    /** Where the next frame goes in the last page. Guarded by {@link #lock}. */
    private int writeOffset;

    /** Where new pages come from, or {@code null} to allocate them when needed. */
    private final PageReserve reserve;

    /** An empty log whose first record will get {@code firstPosition}; it allocates its pages itself. */
    public InMemoryShardLog(long firstPosition) {
        this(firstPosition, null);
    }

    /** An empty log whose first record will get {@code firstPosition}, taking its pages from a reserve. */
    public InMemoryShardLog(long firstPosition, PageReserve reserve) {
        this.reserve = reserve;
        long indexBase = firstPosition - (firstPosition % INDEX_CHUNK);
        this.state = new State(new ByteBuffer[0], 0, new long[0][], indexBase, firstPosition, firstPosition, -1);
    }

    @Override
    public long append(List<AppendRecord> records, long arrivalMillis) {
        synchronized (lock) {
            State s = state;
            long arrival = Math.max(arrivalMillis, s.lastArrival());
            ByteBuffer[] pages = s.pages();
            long[][] index = s.index();
            long position = s.end();
            for (AppendRecord record : records) {
                byte[] key = record.partitionKeyUtf8();
                byte[] data = record.data();
                int frame = HEADER + key.length + data.length;
                if (pages.length == 0 || writeOffset + frame > pages[pages.length - 1].capacity()) {
                    pages = Arrays.copyOf(pages, pages.length + 1);
                    pages[pages.length - 1] = reserve != null ? reserve.take(frame)
                            : ByteBuffer.allocateDirect(Math.max(PAGE_BYTES, frame));
                    writeOffset = 0;
                }
                ByteBuffer page = pages[pages.length - 1];
                int at = writeOffset;
                page.putLong(at, arrival);
                page.putShort(at + 8, (short) key.length);
                page.putInt(at + 10, data.length);
                page.put(at + HEADER, key);
                page.put(at + HEADER + key.length, data);
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
        ByteBuffer page = s.page(location);
        int at = (int) location;
        long arrival = page.getLong(at);
        int keyLength = Short.toUnsignedInt(page.getShort(at + 8));
        int dataLength = page.getInt(at + 10);
        byte[] key = new byte[keyLength];
        page.get(at + HEADER, key);
        byte[] data = new byte[dataLength];
        page.get(at + HEADER + keyLength, data);
        return new StoredRecord(position, arrival, new String(key, StandardCharsets.UTF_8), data);
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
        // The pages are freed when the collector finds them unreachable, with the log.
    }
}
