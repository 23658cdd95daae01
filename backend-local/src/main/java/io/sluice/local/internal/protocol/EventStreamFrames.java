package io.sluice.local.internal.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Encodes messages of the AWS event-stream framing ({@code application/vnd.amazon.eventstream}), big-endian:
 *
 * <pre>
 * total length u32 | headers length u32 | CRC32 of those 8 bytes
 * headers: (name length u8, name, value type u8 = 7 (string), value length u16, value)*
 * payload | CRC32 of everything before it
 * </pre>
 *
 * Stateless; header names and values must be ASCII-safe UTF-8 of the lengths the format allows.
 */
public final class EventStreamFrames {

    private static final int PRELUDE_BYTES = 12;
    private static final int CRC_BYTES = 4;
    private static final byte STRING_VALUE = 7;
    /** The largest message the SDKs accept, 16 MiB. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private EventStreamFrames() {
    }

    /** An event: {@code :message-type event}, its {@code :event-type}, JSON content. */
    public static ByteBuf event(ByteBufAllocator allocator, String eventType, byte[] jsonPayload) {
        return encode(allocator, new String[] {":message-type", "event", ":event-type", eventType,
                ":content-type", "application/json"}, jsonPayload);
    }

    /** A modelled exception: {@code :message-type exception}, its {@code :exception-type}, a JSON message. */
    public static ByteBuf exception(ByteBufAllocator allocator, String exceptionType, byte[] jsonPayload) {
        return encode(allocator, new String[] {":message-type", "exception", ":exception-type", exceptionType,
                ":content-type", "application/json"}, jsonPayload);
    }

    /** One message with string headers given as name, value, name, value... */
    public static ByteBuf encode(ByteBufAllocator allocator, String[] headers, byte[] payload) {
        byte[][] encoded = new byte[headers.length][];
        int headerBytes = 0;
        for (int i = 0; i < headers.length; i++) {
            encoded[i] = headers[i].getBytes(StandardCharsets.UTF_8);
            headerBytes += i % 2 == 0 ? 1 + encoded[i].length : 1 + 2 + encoded[i].length;
        }
        int total = PRELUDE_BYTES + headerBytes + payload.length + CRC_BYTES;
        if (total > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("Event-stream message of " + total + " bytes exceeds "
                    + MAX_MESSAGE_BYTES);
        }
        ByteBuf out = allocator.buffer(total);
        out.writeInt(total);
        out.writeInt(headerBytes);
        out.writeInt((int) crc(out, 0, 8));
        for (int i = 0; i < encoded.length; i += 2) {
            out.writeByte(encoded[i].length);
            out.writeBytes(encoded[i]);
            out.writeByte(STRING_VALUE);
            out.writeShort(encoded[i + 1].length);
            out.writeBytes(encoded[i + 1]);
        }
        out.writeBytes(payload);
        out.writeInt((int) crc(out, 0, out.writerIndex()));
        return out;
    }

    private static long crc(ByteBuf buf, int from, int length) {
        CRC32 crc = new CRC32();
        crc.update(buf.nioBuffer(from, length));
        return crc.getValue();
    }
}
