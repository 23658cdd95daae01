package io.sluice.local.internal.firehose.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * S3 as a folder: object {@code <key>} of bucket {@code <bucket>} is the file {@code <root>/<bucket>/<key>}, so
 * users can look at what was delivered. Each object appears whole (written aside, then renamed). Key segments
 * that a file system would read as a move ({@code .}, {@code ..}, empty) are escaped, so no key leaves its
 * bucket's folder. Objects are written in {@code <root>/.sluice-tmp} first (no bucket name starts with a dot), so
 * a bucket's folder only ever holds whole objects. Thread-safe.
 */
public final class S3Folder implements ObjectStore {

    private final Path root;
    private final AtomicLong temps = new AtomicLong();

    public S3Folder(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The file holding an object. */
    public Path file(String bucket, String key) {
        Path path = root.resolve(segment(bucket));
        for (String part : key.split("/", -1)) {
            path = path.resolve(segment(part));
        }
        return path;
    }

    @Override
    public void put(String bucket, String key, byte[] bytes, String contentEncoding) throws IOException {
        Path target;
        try {
            target = file(bucket, key);
        } catch (java.nio.file.InvalidPathException e) {
            throw new InvalidKeyException(key, e.getReason());
        }
        Files.createDirectories(target.getParent());
        Path aside = root.resolve(".sluice-tmp");
        Files.createDirectories(aside);
        Path temp = aside.resolve(temps.incrementAndGet() + ".tmp");
        Files.write(temp, bytes);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (java.nio.file.FileSystemException e) {
            Files.deleteIfExists(temp);
            if (e.getReason() != null && e.getReason().contains("too long")) {
                throw new InvalidKeyException(key, e.getReason());
            }
            throw e;
        }
    }

    private static String segment(String part) {
        if (part.isEmpty()) {
            return "%";
        }
        if (part.equals(".") || part.equals("..")) {
            return part.replace(".", "%2E");
        }
        return part;
    }
}
