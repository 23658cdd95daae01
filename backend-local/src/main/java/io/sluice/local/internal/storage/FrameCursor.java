package io.sluice.local.internal.storage;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Walks the frames of one segment from a frame boundary, reading the file ahead in large blocks. A frame's header
 * fields are read without decoding it; {@link #record()} decodes and checks the CRC. Not thread-safe: one reader.
 */
final class FrameCursor {

    /** Read-ahead for scans; a cursor after one record reads less. */
    static final int SCAN_READ_AHEAD = 1 << 20;
    private static final int POSITION_AT = RecordFrames.LENGTH_AND_CRC;
    private static final int ARRIVAL_AT = RecordFrames.LENGTH_AND_CRC + 8;

    private final Segment segment;
    private final int readAhead;
    private long offset;
    private ByteBuffer buffer = ByteBuffer.allocate(0);
    private int frameSize;

    FrameCursor(Segment segment, long offset) {
        this(segment, offset, SCAN_READ_AHEAD);
    }

    FrameCursor(Segment segment, long offset, int readAhead) {
        this.segment = segment;
        this.offset = offset;
        this.readAhead = readAhead;
    }

    /** Moves to the next frame; {@code false} when the segment's good frames are used up. */
    boolean next() throws IOException {
        if (frameSize > 0) {
            buffer.position(buffer.position() + frameSize);
            offset += frameSize;
            frameSize = 0;
        }
        if (offset >= segment.size()) {
            return false;
        }
        if (buffer.remaining() < RecordFrames.LENGTH_AND_CRC) {
            buffer = segment.readAt(offset, readAhead);
        }
        int size = buffer.remaining() < RecordFrames.LENGTH_AND_CRC ? -1 : RecordFrames.frameSize(buffer);
        if (size < 0) {
            throw new IOException("Damaged frame in " + segment.path + " at byte " + offset);
        }
        if (size > buffer.remaining()) {
            buffer = segment.readAt(offset, Math.max(size, readAhead));
            if (size > buffer.remaining()) {
                throw new IOException("Frame cut short in " + segment.path + " at byte " + offset);
            }
        }
        frameSize = size;
        return true;
    }

    long position() {
        return buffer.getLong(buffer.position() + POSITION_AT);
    }

    long arrival() {
        return buffer.getLong(buffer.position() + ARRIVAL_AT);
    }

    /** Decodes the current frame, checking its CRC. */
    StoredRecord record() throws IOException {
        int at = buffer.position();
        StoredRecord record = RecordFrames.decode(buffer);
        buffer.position(at);
        if (record == null) {
            throw new IOException("Damaged frame in " + segment.path + " at byte " + offset);
        }
        return record;
    }
}
