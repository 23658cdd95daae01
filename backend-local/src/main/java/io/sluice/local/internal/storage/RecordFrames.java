package io.sluice.local.internal.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The on-disk frame of one record, big-endian:
 *
 * <pre>
 * u32 length   bytes after this field
 * u32 crc      CRC32C of the bytes after this field
 * u64 position
 * u64 arrival  epoch millis
 * u16 key length, key (UTF-8)
 * u32 data length, data
 * </pre>
 *
 * A frame whose length runs past the end of the file, or whose CRC does not match, is a torn write. Stateless.
 */
final class RecordFrames {

    static final int LENGTH_AND_CRC = 8;
    private static final int FIXED_BODY = 4 + 8 + 8 + 2 + 4;
    /** No legal frame is larger: 10 MiB of data, a 256-character key, the fixed fields. */
    static final int MAX_FRAME = 10 * 1024 * 1024 + 4096;

    private RecordFrames() {
    }

    /** Encodes a batch of records with consecutive positions into one buffer, ready to write. */
    static ByteBuffer encode(List<AppendRecord> records, long firstPosition, long arrivalMillis) {
        byte[][] keys = new byte[records.size()][];
        int total = 0;
        for (int i = 0; i < keys.length; i++) {
            keys[i] = records.get(i).partitionKeyUtf8();
            total += 4 + FIXED_BODY + keys[i].length + records.get(i).data().length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(total);
        CRC32C crc = new CRC32C();
        for (int i = 0; i < keys.length; i++) {
            byte[] data = records.get(i).data();
            int frameStart = buffer.position();
            buffer.putInt(FIXED_BODY + keys[i].length + data.length);
            buffer.putInt(0);
            buffer.putLong(firstPosition + i);
            buffer.putLong(arrivalMillis);
            buffer.putShort((short) keys[i].length);
            buffer.put(keys[i]);
            buffer.putInt(data.length);
            buffer.put(data);
            crc.reset();
            crc.update(buffer.array(), frameStart + LENGTH_AND_CRC, buffer.position() - frameStart - LENGTH_AND_CRC);
            buffer.putInt(frameStart + 4, (int) crc.getValue());
        }
        return buffer.flip();
    }

    /** The total size of the frame starting at the buffer's position, or -1 if its length field is impossible. */
    static int frameSize(ByteBuffer buffer) {
        int length = buffer.getInt(buffer.position());
        if (length < FIXED_BODY - 4 || length > MAX_FRAME) {
            return -1;
        }
        return length + 4;
    }

    /**
     * Decodes the whole frame at the buffer's position and moves past it; {@code null} when the CRC or the inner
     * lengths do not match (the buffer's position is then unchanged).
     */
    static StoredRecord decode(ByteBuffer buffer) {
        int start = buffer.position();
        int size = frameSize(buffer);
        if (size < 0 || buffer.remaining() < size) {
            return null;
        }
        int storedCrc = buffer.getInt(start + 4);
        CRC32C crc = new CRC32C();
        ByteBuffer body = buffer.duplicate().position(start + LENGTH_AND_CRC).limit(start + size);
        crc.update(body);
        if ((int) crc.getValue() != storedCrc) {
            return null;
        }
        ByteBuffer in = buffer.duplicate().position(start + LENGTH_AND_CRC).limit(start + size);
        long position = in.getLong();
        long arrival = in.getLong();
        int keyLength = Short.toUnsignedInt(in.getShort());
        if (keyLength > in.remaining() - 4) {
            return null;
        }
        byte[] key = new byte[keyLength];
        in.get(key);
        int dataLength = in.getInt();
        if (dataLength != in.remaining()) {
            return null;
        }
        byte[] data = new byte[dataLength];
        in.get(data);
        buffer.position(start + size);
        return new StoredRecord(position, arrival, new String(key, StandardCharsets.UTF_8), data);
    }
}
