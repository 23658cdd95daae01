package io.sluice.local.internal.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * One file of a shard log, holding the records from {@link #base} up to (not including) {@link #end}.
 *
 * <p>The log's lock serializes writes; {@code size}, {@code end} and arrival bounds are volatile so readers see a
 * consistent prefix: a record below {@code end} is wholly within {@code size}.
 */
final class Segment implements AutoCloseable {

    static final String SUFFIX = ".seg";

    /** A failed write whose bytes could not be cut off: the segment's file now holds bytes nobody acknowledged. */
    static final class UncutBytesException extends IOException {
        private static final long serialVersionUID = 1L;

        UncutBytesException(String message, Throwable cause) {
            super(message, cause);
        }
    }
    /** Records between sparse index entries. */
    private static final int INDEX_INTERVAL = 64;

    final long base;
    final Path path;
    final FileChannel channel;
    final SparseIndex index = new SparseIndex();
    private volatile long size;
    private volatile long end;
    private volatile long firstArrival = -1;
    private volatile long lastArrival = -1;

    private Segment(long base, Path path, FileChannel channel) {
        this.base = base;
        this.path = path;
        this.channel = channel;
        this.end = base;
    }

    static Path pathFor(Path dir, long base) {
        return dir.resolve(String.format(Locale.ROOT, "%020d%s", base, SUFFIX));
    }

    /** The base position a segment file's name gives, or -1 when the name is not a segment's. */
    static long baseOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX) || name.length() != 20 + SUFFIX.length()) {
            return -1;
        }
        try {
            return Long.parseLong(name, 0, 20, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static Segment create(Path dir, long base) throws IOException {
        Path path = pathFor(dir, base);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new Segment(base, path, channel);
    }

    /**
     * Opens an existing segment and reads it through, checking every frame. Reading stops at the first frame that
     * is cut short, fails its CRC or breaks the position sequence; {@link #size()} is then where the good frames
     * end, and {@link #fileSize()} tells whether anything followed.
     */
    static Segment recover(Path path, long base) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Segment segment = new Segment(base, path, channel);
        long offset = 0;
        long expected = base;
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20).flip();
        while (true) {
            if (buffer.remaining() < RecordFrames.LENGTH_AND_CRC) {
                buffer = refill(channel, buffer, offset, RecordFrames.LENGTH_AND_CRC);
                if (buffer.remaining() < RecordFrames.LENGTH_AND_CRC) {
                    break;
                }
            }
            int frameSize = RecordFrames.frameSize(buffer);
            if (frameSize < 0) {
                break;
            }
            if (buffer.remaining() < frameSize) {
                buffer = refill(channel, buffer, offset, frameSize);
                if (buffer.remaining() < frameSize) {
                    break;
                }
            }
            StoredRecord record = RecordFrames.decode(buffer);
            if (record == null || record.position() != expected) {
                break;
            }
            segment.indexed(record.position(), offset, record.arrivalMillis());
            offset += frameSize;
            expected++;
            segment.size = offset;
            segment.end = expected;
        }
        return segment;
    }

    /**
     * Keeps the unread bytes of {@code buffer} (which start at file offset {@code offset}) and reads on from the
     * file, growing the buffer when {@code need} bytes would not fit.
     */
    private static ByteBuffer refill(FileChannel channel, ByteBuffer buffer, long offset, int need)
            throws IOException {
        ByteBuffer target = buffer.capacity() >= need ? buffer.compact()
                : ByteBuffer.allocate(need).put(buffer);
        readFully(channel, target, offset + target.position());
        return target.flip();
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long filePosition) throws IOException {
        long at = filePosition;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                return;
            }
            at += n;
        }
    }

    /** Records that a record was written at {@code offset}; called in position order by the single writer. */
    void indexed(long position, long offset, long arrival) {
        if ((position - base) % INDEX_INTERVAL == 0) {
            index.add(position, offset, arrival);
        }
        if (firstArrival < 0) {
            firstArrival = arrival;
        }
        lastArrival = arrival;
    }

    /**
     * Writes encoded frames after the segment's good frames, without making them visible. On failure the file is
     * cut back; if even that fails, the error says so and the caller must stop appending to this log.
     */
    void write(ByteBuffer frames) throws IOException {
        long at = size;
        try {
            while (frames.hasRemaining()) {
                at += channel.write(frames, at);
            }
        } catch (IOException e) {
            discardUnpublished(e);
            throw e;
        }
    }

    /** Makes frames written by {@link #write} visible to readers: index entries, then size, then end. */
    void publish(long firstPosition, long arrival, int count, int[] frameSizes) {
        long offset = size;
        for (int i = 0; i < count; i++) {
            indexed(firstPosition + i, offset, arrival);
            offset += frameSizes[i];
        }
        size = offset;
        end = firstPosition + count;
    }

    /** Cuts off whatever follows the published frames (a write that failed or was not made durable). */
    void discardUnpublished(IOException cause) throws IOException {
        try {
            channel.truncate(size);
        } catch (IOException e) {
            cause.addSuppressed(e);
            throw new UncutBytesException("Could not cut unacknowledged bytes from " + path + " after a failed write",
                    cause);
        }
    }

    /** Reads up to {@code length} bytes at {@code offset} (stopping at the end of the good frames). */
    ByteBuffer readAt(long offset, int length) throws IOException {
        int n = (int) Math.min(length, size - offset);
        ByteBuffer buffer = ByteBuffer.allocate(Math.max(0, n));
        readFully(channel, buffer, offset);
        return buffer.flip();
    }

    void truncateToSize() throws IOException {
        channel.truncate(size);
    }

    long size() {
        return size;
    }

    long fileSize() throws IOException {
        return channel.size();
    }

    long end() {
        return end;
    }

    long firstArrival() {
        return firstArrival;
    }

    long lastArrival() {
        return lastArrival;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a read/write file channel releases the descriptor even when it reports an error.
        }
    }
}
