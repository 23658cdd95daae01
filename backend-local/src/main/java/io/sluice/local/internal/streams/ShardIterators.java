package io.sluice.local.internal.streams;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;

/**
 * Shard iterators: opaque base64 strings naming a stream incarnation, a shard, the next position to read and when
 * the iterator was issued. A checksum makes a damaged or made-up iterator fail cleanly; nothing in them is secret,
 * and they stay valid across a restart of a durable backend. Stateless.
 */
public final class ShardIterators {

    private static final byte VERSION = 1;
    /** How long an iterator may be used, as AWS allows. */
    public static final long LIFETIME_MILLIS = 300_000;

    /** What an iterator says. */
    public record Position(String region, String streamName, long streamCreatedAtMillis, int shardIndex,
            long position, long issuedAtMillis) {
    }

    private ShardIterators() {
    }

    public static String encode(Position p) {
        byte[] region = p.region().getBytes(StandardCharsets.UTF_8);
        byte[] name = p.streamName().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(1 + 1 + region.length + 1 + name.length + 8 + 4 + 8 + 8 + 4);
        buffer.put(VERSION)
                .put((byte) region.length).put(region)
                .put((byte) name.length).put(name)
                .putLong(p.streamCreatedAtMillis())
                .putInt(p.shardIndex())
                .putLong(p.position())
                .putLong(p.issuedAtMillis());
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int) crc.getValue());
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    /** What an iterator says, or {@code null} when the text is not an iterator this backend issued. */
    public static Position decode(String iterator) {
        try {
            byte[] bytes = Base64.getDecoder().decode(iterator);
            if (bytes.length < 4) {
                return null;
            }
            CRC32 crc = new CRC32();
            crc.update(bytes, 0, bytes.length - 4);
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            if (buffer.getInt(bytes.length - 4) != (int) crc.getValue() || buffer.get() != VERSION) {
                return null;
            }
            String region = readString(buffer);
            String name = readString(buffer);
            Position p = new Position(region, name, buffer.getLong(), buffer.getInt(), buffer.getLong(),
                    buffer.getLong());
            return buffer.remaining() == 4 ? p : null;
        } catch (IllegalArgumentException | BufferUnderflowException e) {
            return null;
        }
    }

    private static String readString(ByteBuffer buffer) {
        int length = Byte.toUnsignedInt(buffer.get());
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
