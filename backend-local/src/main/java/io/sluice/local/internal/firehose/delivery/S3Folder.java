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
 * bucket's folder. Thread-safe.
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
    public void put(String bucket, String key, byte[] bytes) throws IOException {
        Path target = file(bucket, key);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(".sluice-" + temps.incrementAndGet() + ".tmp");
        Files.write(temp, bytes);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
