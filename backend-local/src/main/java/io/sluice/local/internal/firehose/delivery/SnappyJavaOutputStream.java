package io.sluice.local.internal.firehose.delivery;

import io.airlift.compress.snappy.SnappyCompressor;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The stream format Firehose's {@code Snappy} compression writes: snappy-java's ({@code SnappyOutputStream}), a
 * 16-byte header (the magic {@code 0x82 "SNAPPY" 0x00}, version 1, compatible version 1) then blocks of up to
 * 32 KiB, each a big-endian compressed length and a raw Snappy block. Compressed in pure Java by aircompressor's
 * raw Snappy compressor. Not thread-safe.
 */
final class SnappyJavaOutputStream extends OutputStream {

    private static final byte[] HEADER = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1};
    static final int BLOCK_SIZE = 32 * 1024;

    private final OutputStream out;
    private final SnappyCompressor compressor = new SnappyCompressor();
    private final byte[] block = new byte[BLOCK_SIZE];
    private final byte[] compressed = new byte[compressor.maxCompressedLength(BLOCK_SIZE) + 4];
    private int filled;
    private boolean closed;

    SnappyJavaOutputStream(OutputStream out) throws IOException {
        this.out = out;
        out.write(HEADER);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            int n = Math.min(length, BLOCK_SIZE - filled);
            System.arraycopy(bytes, offset, block, filled, n);
            filled += n;
            offset += n;
            length -= n;
            if (filled == BLOCK_SIZE) {
                writeBlock();
            }
        }
    }

    private void writeBlock() throws IOException {
        if (filled == 0) {
            return;
        }
        int size = compressor.compress(block, 0, filled, compressed, 4, compressed.length - 4);
        compressed[0] = (byte) (size >>> 24);
        compressed[1] = (byte) (size >>> 16);
        compressed[2] = (byte) (size >>> 8);
        compressed[3] = (byte) size;
        out.write(compressed, 0, size + 4);
        filled = 0;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        writeBlock();
        out.close();
    }
}
