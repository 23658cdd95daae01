package io.sluice.local.internal.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shard log in append-only segment files ({@code 00000000000000000000.seg}, named by their first position), each
 * record framed with its CRC (see {@link RecordFrames}).
 *
 * <p>An append returns once its frames are written to the file, so they survive the process being killed; with
 * {@code fsync} it returns once they are on the disk. At open, every segment is read through; a torn tail of the
 * last segment (a write cut short by a crash) is cut off, while damage anywhere else stops the open, because
 * acknowledged records would otherwise vanish silently. Retention deletes whole segments.
 *
 * <p>Concurrency: appends, rolls and trims hold {@link #lock}; reads run without it on volatile snapshots, and
 * retry from the new start when a trim closes the segment under them.
 */
public final class FileShardLog implements ShardLog {

    private static final Logger log = LoggerFactory.getLogger(FileShardLog.class);
    /** Enough to reach a record from the sparse index entry before it, in most logs. */
    private static final int SINGLE_READ_AHEAD = 64 * 1024;

    private final Path dir;
    private final boolean fsync;
    private final long segmentBytes;
    private final Object lock = new Object();
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private volatile long start;
    private volatile long end;
    private volatile long lastArrival;
    /** The arrival time of the record at {@link #start}, or -1 when the log holds none: trims compare to it. */
    private volatile long startArrival = -1;
    /** Set by {@link #close()}. Guarded by {@link #lock}. */
    private boolean closed;
    /** Set when a failed write could not be cut off; no append is taken after it. Guarded by {@link #lock}. */
    private IOException poisoned;

    private FileShardLog(Path dir, boolean fsync, long segmentBytes) {
        this.dir = dir;
        this.fsync = fsync;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Opens the log in {@code dir}, recovering what is there, or creates an empty one whose first record gets
     * {@code firstPosition}.
     *
     * @throws IOException when the files cannot be read, or a segment other than the last is damaged
     */
    public static FileShardLog open(Path dir, long firstPosition, boolean fsync, long segmentBytes)
            throws IOException {
        Files.createDirectories(dir);
        FileShardLog shardLog = new FileShardLog(dir, fsync, segmentBytes);
        try {
            shardLog.recover(firstPosition);
        } catch (IOException | RuntimeException e) {
            shardLog.close();
            throw e;
        }
        return shardLog;
    }

    private void recover(long firstPosition) throws IOException {
        List<Long> bases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(Segment::baseOf).filter(base -> base >= 0).sorted().forEach(bases::add);
        }
        if (bases.isEmpty()) {
            segments.put(firstPosition, Segment.create(dir, firstPosition));
            FileSync.directory(dir, fsync);
            start = firstPosition;
            end = firstPosition;
            lastArrival = -1;
            return;
        }
        long expectedBase = bases.get(0);
        for (int i = 0; i < bases.size(); i++) {
            long base = bases.get(i);
            boolean last = i == bases.size() - 1;
            if (base != expectedBase) {
                throw new IOException("Shard log " + dir + " is missing records " + expectedBase + " to "
                        + (base - 1) + " before segment " + Segment.pathFor(dir, base).getFileName());
            }
            Segment segment = Segment.recover(Segment.pathFor(dir, base), base);
            segments.put(base, segment);
            long torn = segment.fileSize() - segment.size();
            if (torn > 0) {
                if (!last) {
                    throw new IOException("Shard log segment " + segment.path + " is damaged at byte "
                            + segment.size() + " and is not the last segment; refusing to drop records after it");
                }
                log.warn("Cutting a torn tail of {} bytes from {} (a write interrupted by a crash; never acknowledged)",
                        torn, segment.path);
                segment.truncateToSize();
                segment.channel.force(true);
            }
            expectedBase = segment.end();
        }
        start = bases.get(0);
        end = expectedBase;
        startArrival = segments.firstEntry().getValue().firstArrival();
        Segment lastSegment = segments.lastEntry().getValue();
        lastArrival = lastSegment.lastArrival();
        if (lastArrival < 0) {
            lastArrival = segments.values().stream().mapToLong(Segment::lastArrival).max().orElse(-1);
        }
    }

    @Override
    public long append(List<AppendRecord> records, long arrivalMillis) {
        if (records.isEmpty()) {
            return end;
        }
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("Shard log " + dir + " is closed");
            }
            if (poisoned != null) {
                // The file holds bytes of an unacknowledged write: appending after them would bury them in the log.
                throw new UncheckedIOException("Shard log " + dir + " stopped taking writes after an I/O failure",
                        poisoned);
            }
            try {
                long arrival = Math.max(arrivalMillis, lastArrival);
                long first = end;
                Segment active = segments.lastEntry().getValue();
                if (active.size() >= segmentBytes && active.end() > active.base) {
                    active = roll(first);
                }
                ByteBuffer frames = RecordFrames.encode(records, first, arrival);
                int[] sizes = frameSizes(frames, records.size());
                active.write(frames);
                if (fsync) {
                    try {
                        active.channel.force(false);
                    } catch (IOException notDurable) {
                        active.discardUnpublished(notDurable);
                        throw notDurable;
                    }
                }
                active.publish(first, arrival, records.size(), sizes);
                lastArrival = arrival;
                if (first == start) {
                    startArrival = arrival;
                }
                end = first + records.size();
                return first;
            } catch (IOException e) {
                if (e instanceof Segment.UncutBytesException uncut) {
                    poisoned = uncut;
                }
                throw new UncheckedIOException("Could not append to shard log " + dir, e);
            }
        }
    }

    private static int[] frameSizes(ByteBuffer frames, int count) {
        int[] sizes = new int[count];
        int at = frames.position();
        for (int i = 0; i < count; i++) {
            sizes[i] = frames.getInt(at) + 4;
            at += sizes[i];
        }
        return sizes;
    }

    private Segment roll(long base) throws IOException {
        Segment previous = segments.lastEntry().getValue();
        if (fsync) {
            previous.channel.force(true);
        }
        Segment next = Segment.create(dir, base);
        segments.put(base, next);
        FileSync.directory(dir, fsync);
        return next;
    }

    @Override
    public List<StoredRecord> read(long position, int maxRecords, long maxBytes) {
        List<StoredRecord> out = new ArrayList<>();
        long from = Math.max(position, start);
        long to = Math.min(end, from + maxRecords);
        long bytes = 0;
        while (from < to) {
            Map.Entry<Long, Segment> entry = segments.floorEntry(from);
            if (entry == null) {
                return out;
            }
            Segment segment = entry.getValue();
            long segmentEnd = Math.min(to, segment.end());
            try {
                FrameCursor cursor = new FrameCursor(segment, segment.index.offsetAtOrBefore(from));
                while (from < segmentEnd && cursor.next()) {
                    if (cursor.position() < from) {
                        continue;
                    }
                    StoredRecord record = cursor.record();
                    bytes += record.sizeBytes();
                    if (bytes > maxBytes && !out.isEmpty()) {
                        return out;
                    }
                    out.add(record);
                    from++;
                }
                if (from < segmentEnd) {
                    throw new IOException("Segment " + segment.path + " ends before position " + from);
                }
            } catch (ClosedChannelException gone) {
                if (start <= from) {
                    throw new UncheckedIOException("Shard log " + dir + " is closed", gone);
                }
                // Retention deleted the segment under us: go on from the new start.
                from = start;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read shard log " + dir, e);
            }
        }
        return out;
    }

    @Override
    public long startPosition() {
        return start;
    }

    @Override
    public long endPosition() {
        return end;
    }

    @Override
    public long positionAtOrAfter(long epochMillis) {
        for (Segment segment : segments.values()) {
            if (segment.end() <= start || segment.lastArrival() < epochMillis) {
                continue;
            }
            try {
                FrameCursor cursor = new FrameCursor(segment, segment.index.offsetBeforeArrival(epochMillis));
                while (cursor.next()) {
                    if (cursor.arrival() >= epochMillis) {
                        return Math.max(cursor.position(), start);
                    }
                }
            } catch (ClosedChannelException trimmed) {
                if (segments.get(segment.base) == segment) {
                    throw new UncheckedIOException("Shard log " + dir + " is closed", trimmed);
                }
                // Retention deleted this segment while we read it; the later ones are still there.
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read shard log " + dir, e);
            }
        }
        return end;
    }

    @Override
    public long arrivalMillisAt(long position) {
        if (position < start || position >= end) {
            return -1;
        }
        Map.Entry<Long, Segment> entry = segments.floorEntry(position);
        if (entry == null) {
            return -1;
        }
        try {
            FrameCursor cursor = new FrameCursor(entry.getValue(), entry.getValue().index.offsetAtOrBefore(position),
                    SINGLE_READ_AHEAD);
            while (cursor.next()) {
                if (cursor.position() == position) {
                    return cursor.arrival();
                }
            }
            return -1;
        } catch (ClosedChannelException trimmed) {
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read shard log " + dir, e);
        }
    }

    @Override
    public void trimBefore(long cutoffMillis) {
        if (startArrival < 0 || cutoffMillis <= startArrival) {
            // Nothing held arrived before the cutoff: the common case, answered without reading the files.
            return;
        }
        synchronized (lock) {
            long newStart = positionAtOrAfter(cutoffMillis);
            if (newStart <= start) {
                return;
            }
            start = newStart;
            startArrival = newStart < end ? arrivalMillisAt(newStart) : -1;
            Segment active = segments.lastEntry().getValue();
            for (Segment segment : new ArrayList<>(segments.values())) {
                if (segment != active && segment.end() <= newStart) {
                    segments.remove(segment.base);
                    segment.close();
                    try {
                        Files.deleteIfExists(segment.path);
                    } catch (IOException e) {
                        log.warn("Could not delete expired segment {}", segment.path, e);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            for (Segment segment : segments.values()) {
                segment.close();
            }
            segments.clear();
        }
    }
}
