package io.sluice.local.internal.firehose.delivery;

import io.sluice.local.internal.firehose.delivery.SourceRecord.KinesisOrigin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A delivery stream's write-ahead log of accepted records, so that nothing acknowledged is lost when the backend
 * stops before delivering it. Records are appended before PutRecordBatch answers; the watermark (the lowest
 * sequence number not yet delivered) is saved after deliveries, and segments wholly below it are deleted. At
 * start-up the records from the watermark on are replayed: a record delivered after the watermark was last saved
 * is delivered again, never lost (at least once).
 *
 * <p>Frame: length (int, of what follows), CRC32C (int, of what follows it), sequence number (long), arrival
 * millis (long), origin length (short) and origin (UTF-8, four fields joined by tabs, empty for DirectPut), data.
 * A torn frame at the end of the last segment (the process died mid-write) is cut off.
 *
 * <p>Thread-safe: appends are serialized.
 */
public final class IngestLog implements AutoCloseable {

    /** A segment is closed and a new one started past this size. */
    static final long SEGMENT_BYTES = 64L * 1024 * 1024;
    private static final String WATERMARK = "watermark";
    private static final int HEADER = 4 + 4;
    private static final Logger log = LoggerFactory.getLogger(IngestLog.class);

    private final Path dir;
    private final boolean fsync;
    private final long segmentBytes;
    private FileChannel current;
    private boolean closed;
    private long currentFirst;
    private long currentBytes;
    private long savedWatermark = -1;

    private IngestLog(Path dir, boolean fsync, long segmentBytes) {
        this.dir = dir;
        this.fsync = fsync;
        this.segmentBytes = segmentBytes;
    }

    /** Opens the log in {@code dir}, creating it if needed. */
    public static IngestLog open(Path dir, boolean fsync) {
        return open(dir, fsync, SEGMENT_BYTES);
    }

    /** Opens the log with segments closed past {@code segmentBytes} (small ones for tests). */
    static IngestLog open(Path dir, boolean fsync, long segmentBytes) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new IngestLog(dir, fsync, segmentBytes);
    }

    /**
     * The records still owed a delivery, in order, and the sequence number the next record takes. Cuts off a
     * torn last frame. Call once, before any append.
     */
    public synchronized Recovered recover() {
        try {
            long watermark = readWatermark();
            List<SourceRecord> records = new ArrayList<>();
            long next = watermark;
            List<Path> segments = segments();
            for (int i = 0; i < segments.size(); i++) {
                next = Math.max(next, readSegment(segments.get(i), watermark, records, i == segments.size() - 1));
            }
            savedWatermark = watermark;
            return new Recovered(records, next);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@link #recover()} found. */
    public record Recovered(List<SourceRecord> records, long nextSeq) {
    }

    /**
     * Appends records (numbered by the caller, in order); returns once they are in the file. When the write fails
     * the file is cut back to where it was, so no torn frame is left in front of later records.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized void append(List<SourceRecord> records) {
        if (closed) {
            throw new IllegalStateException("The ingest log in " + dir + " is closed");
        }
        long before = -1;
        try {
            if (current == null || currentBytes >= segmentBytes) {
                roll(records.get(0).seq());
            }
            before = currentBytes;
            int size = 0;
            List<byte[]> origins = new ArrayList<>(records.size());
            for (SourceRecord record : records) {
                byte[] origin = encodeOrigin(record.kinesis());
                origins.add(origin);
                size += HEADER + 8 + 8 + 2 + origin.length + record.data().length;
            }
            ByteBuffer buffer = ByteBuffer.allocate(size);
            CRC32C crc = new CRC32C();
            for (int i = 0; i < records.size(); i++) {
                SourceRecord record = records.get(i);
                byte[] origin = origins.get(i);
                int start = buffer.position();
                buffer.putInt(8 + 8 + 2 + origin.length + record.data().length).putInt(0)
                        .putLong(record.seq()).putLong(record.arrivalMillis()).putShort((short) origin.length)
                        .put(origin).put(record.data());
                crc.reset();
                crc.update(buffer.array(), start + HEADER, buffer.position() - start - HEADER);
                buffer.putInt(start + 4, (int) crc.getValue());
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                current.write(buffer);
            }
            if (fsync) {
                current.force(false);
            }
            currentBytes += size;
        } catch (IOException e) {
            cutBack(before);
            throw new UncheckedIOException(e);
        }
    }

    /** After a failed write: the file back to its size before it, or a new segment for the next append. */
    private void cutBack(long size) {
        if (current == null || size < 0) {
            return;
        }
        try {
            current.truncate(size);
            current.position(size);
        } catch (IOException e) {
            log.warn("Could not cut {} back after a failed write; the next append starts a new segment", dir, e);
            closeChannel();
        }
    }

    /** Saves the watermark (when it moved) and deletes the segments wholly below it. */
    public synchronized void advance(long watermark) {
        if (closed || watermark <= savedWatermark) {
            return;
        }
        try {
            Path temp = dir.resolve(WATERMARK + ".tmp");
            Files.writeString(temp, Long.toString(watermark));
            Files.move(temp, dir.resolve(WATERMARK), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            savedWatermark = watermark;
            List<Path> segments = segments();
            for (int i = 0; i + 1 < segments.size(); i++) {
                if (firstSeq(segments.get(i + 1)) <= watermark) {
                    Files.deleteIfExists(segments.get(i));
                }
            }
        } catch (IOException e) {
            log.warn("Could not save the Firehose log's watermark in {}", dir, e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeChannel();
    }

    private void closeChannel() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                log.debug("Closing {}", dir, e);
            }
            current = null;
        }
    }

    private void roll(long first) throws IOException {
        closeChannel();
        currentFirst = first;
        Path segment = dir.resolve(String.format("%020d.log", currentFirst));
        boolean created = !Files.exists(segment);
        current = FileChannel.open(segment, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        currentBytes = current.size();
        current.position(currentBytes);
        if (created && fsync) {
            try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                directory.force(true);
            } catch (IOException unsupported) {
                // some platforms cannot open a directory; their file systems order metadata themselves
            }
        }
    }

    private long readWatermark() throws IOException {
        Path file = dir.resolve(WATERMARK);
        return Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) : 0;
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    private static long firstSeq(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - ".log".length()));
    }

    /**
     * Reads one segment's records at or above the watermark; returns the sequence number after its last. A bad
     * frame at the end of the last segment is a write the process did not finish, and is cut off; anywhere else it
     * is damage, reported, and the segment's later frames cannot be found (later segments are still read).
     */
    private static long readSegment(Path segment, long watermark, List<SourceRecord> into, boolean last)
            throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long next = firstSeq(segment);
        CRC32C crc = new CRC32C();
        boolean damaged = false;
        while (buffer.remaining() >= HEADER) {
            int start = buffer.position();
            int length = buffer.getInt();
            int expected = buffer.getInt();
            boolean whole = length >= 18 && length <= buffer.remaining();
            if (whole) {
                crc.reset();
                crc.update(bytes, buffer.position(), length);
            }
            if (!whole || (int) crc.getValue() != expected) {
                if (last) {
                    truncate(segment, start);
                } else {
                    log.error("Firehose log segment {} is damaged at byte {}: its records from there on are lost",
                            segment, start);
                }
                damaged = true;
                break;
            }
            long seq = buffer.getLong();
            long arrival = buffer.getLong();
            byte[] origin = new byte[buffer.getShort() & 0xFFFF];
            buffer.get(origin);
            byte[] data = new byte[length - 18 - origin.length];
            buffer.get(data);
            next = seq + 1;
            if (seq >= watermark) {
                into.add(new SourceRecord(seq, RecordIds.of(seq), arrival, data, decodeOrigin(origin)));
            }
        }
        if (!damaged && last && buffer.hasRemaining()) {
            truncate(segment, buffer.position());
        }
        return next;
    }

    private static void truncate(Path segment, long length) throws IOException {
        log.warn("Cutting a torn record off the end of {} at byte {}", segment, length);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(length);
        }
    }

    private static byte[] encodeOrigin(KinesisOrigin origin) {
        if (origin == null) {
            return new byte[0];
        }
        return String.join("\t", origin.shardId(), origin.partitionKey(), origin.sequenceNumber(),
                Long.toString(origin.subsequenceNumber())).getBytes(StandardCharsets.UTF_8);
    }

    private static KinesisOrigin decodeOrigin(byte[] origin) {
        if (origin.length == 0) {
            return null;
        }
        String[] parts = new String(origin, StandardCharsets.UTF_8).split("\t", -1);
        return new KinesisOrigin(parts[0], parts[1], parts[2], Long.parseLong(parts[3]));
    }
}
