package io.sluice.local.firehose;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipInputStream;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyInputStream;

/** Reads what Firehose delivered to the S3 folder, decompressing with independent implementations. */
public final class FirehoseFiles {

    private FirehoseFiles() {
    }

    /** The objects of a bucket, as paths relative to the bucket's folder, sorted. */
    public static List<String> keys(Path s3, String bucket) {
        Path root = s3.resolve(bucket);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (real time) until the bucket holds at least {@code count} objects; returns them. */
    public static List<String> awaitKeys(Path s3, String bucket, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> keys = keys(s3, bucket);
        while (keys.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
            keys = keys(s3, bucket);
        }
        return keys;
    }

    public static byte[] read(Path s3, String bucket, String key, String compression) throws IOException {
        byte[] raw = Files.readAllBytes(s3.resolve(bucket).resolve(key));
        switch (compression) {
            case "GZIP":
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                    return in.readAllBytes();
                }
            case "ZIP":
                try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(raw))) {
                    if (in.getNextEntry() == null) {
                        throw new IOException("empty zip");
                    }
                    byte[] data = in.readAllBytes();
                    if (in.getNextEntry() != null) {
                        throw new IOException("more than one entry");
                    }
                    return data;
                }
            case "Snappy":
                try (InputStream in = new SnappyInputStream(new ByteArrayInputStream(raw))) {
                    return in.readAllBytes();
                }
            case "HADOOP_SNAPPY":
                return hadoopSnappy(raw);
            default:
                return raw;
        }
    }

    /** Hadoop's block format: per block, the uncompressed length, then length-prefixed Snappy chunks. */
    private static byte[] hadoopSnappy(byte[] raw) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(raw);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (in.hasRemaining()) {
            int blockLength = in.getInt();
            int produced = 0;
            while (produced < blockLength) {
                byte[] chunk = new byte[in.getInt()];
                in.get(chunk);
                byte[] data = Snappy.uncompress(chunk);
                out.write(data);
                produced += data.length;
            }
        }
        return out.toByteArray();
    }
}
