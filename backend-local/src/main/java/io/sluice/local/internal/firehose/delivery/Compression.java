package io.sluice.local.internal.firehose.delivery;

import io.airlift.compress.snappy.SnappyHadoopStreams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Firehose's CompressionFormat values: how an object's bytes are compressed and the extension its key gets.
 * {@code Snappy} is snappy-java's stream format (what AWS writes, not the Snappy framing format);
 * {@code HADOOP_SNAPPY} is the block format Hadoop's SnappyCodec reads, and its objects end {@code .snappy} as
 * AWS's do (its documentation says {@code .hsnappy}; delivered objects do not). Both are compressed in pure Java
 * (aircompressor). Stateless.
 */
public enum Compression {
    UNCOMPRESSED("UNCOMPRESSED", "", null),
    GZIP("GZIP", ".gz", "gzip"),
    ZIP("ZIP", ".zip", "zip"),
    SNAPPY("Snappy", ".snappy", "snappy-java"),
    HADOOP_SNAPPY("HADOOP_SNAPPY", ".snappy", "hadoop-snappy");

    /** The names in the order the API model lists them, for validation messages. */
    public static final List<String> NAMES = List.of("UNCOMPRESSED", "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY");

    private final String apiName;
    private final String extension;
    private final String contentEncoding;

    Compression(String apiName, String extension, String contentEncoding) {
        this.apiName = apiName;
        this.extension = extension;
        this.contentEncoding = contentEncoding;
    }

    /** The Content-Encoding AWS gives objects of this format in S3, or {@code null}. */
    public String contentEncoding() {
        return contentEncoding;
    }

    /** The value of this format in the API; {@code null} reads as UNCOMPRESSED. */
    public static Compression of(String apiName) {
        if (apiName == null) {
            return UNCOMPRESSED;
        }
        for (Compression c : values()) {
            if (c.apiName.equals(apiName)) {
                return c;
            }
        }
        throw new IllegalArgumentException("Unknown compression format " + apiName);
    }

    public String apiName() {
        return apiName;
    }

    /** The extension an object's key ends with when no FileExtension is configured. */
    public String extension() {
        return extension;
    }

    /**
     * Compresses records written one after the other.
     *
     * @param entryName the name of the single entry of a ZIP archive
     */
    public byte[] compress(List<byte[]> parts, long totalBytes, String entryName) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(
                (int) Math.min(Integer.MAX_VALUE - 16, this == UNCOMPRESSED ? totalBytes : totalBytes / 4 + 64));
        // Records are small: gathered 128 KiB at a time, the compressor is called (through JNI, for deflate) far
        // less often.
        try (OutputStream stream = new java.io.BufferedOutputStream(open(out, entryName), 128 * 1024)) {
            for (byte[] part : parts) {
                stream.write(part);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * GZIP at the fastest deflate level: AWS documents no level, any gzip reader reads it, and on the 2-core
     * machine it compresses JSON-like records about 5x faster than the default level 6 (62-68 against 12-13 MB/s on
     * a core) for objects about 25% larger.
     */
    private static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(java.util.zip.Deflater.BEST_SPEED);
        }
    }

    private OutputStream open(OutputStream out, String entryName) throws IOException {
        switch (this) {
            case GZIP:
                return new FastGzipOutputStream(out);
            case ZIP:
                ZipOutputStream zip = new ZipOutputStream(out);
                zip.putNextEntry(new ZipEntry(entryName));
                return zip;
            case SNAPPY:
                return new SnappyJavaOutputStream(out);
            case HADOOP_SNAPPY:
                return new SnappyHadoopStreams().createOutputStream(out);
            default:
                return out;
        }
    }
}
