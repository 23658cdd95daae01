package io.sluice.local.internal.storage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams in a data directory, laid out so a user can look:
 *
 * <pre>
 * data-dir/
 *   .lock                                  held while a backend uses the directory
 *   kinesis/us-east-1/orders~1a2b3c4d/
 *     stream.json                          metadata, replaced atomically (temp file, fsync, rename)
 *     shard-000000000000/00000000000000000000.seg
 *   trash/                                 deleted streams on their way out
 * </pre>
 *
 * A directory is named after the stream plus a hash of the exact name, so names that differ only in case stay
 * apart on case-insensitive file systems. Thread-safe: each call touches one stream, and the registry serializes
 * calls per stream.
 */
public final class FileStorage implements Storage {

    private static final Logger log = LoggerFactory.getLogger(FileStorage.class);
    private static final String METADATA = "stream.json";
    /** Default size at which a segment file is closed and a new one started. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;

    private final Path root;
    private final Path kinesis;
    private final Path trash;
    private final boolean fsync;
    private final long segmentBytes;
    private final ObjectMapper json = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false).build();
    private final FileChannel lockChannel;
    private final FileLock lock;

    /**
     * Opens a data directory, creating it if needed, and takes its lock.
     *
     * @throws UncheckedIOException when the directory cannot be used or another backend holds it
     */
    public FileStorage(Path root, boolean fsync, long segmentBytes) {
        this.root = root;
        this.kinesis = root.resolve("kinesis");
        this.trash = root.resolve("trash");
        this.fsync = fsync;
        this.segmentBytes = segmentBytes;
        try {
            Files.createDirectories(kinesis);
            Files.createDirectories(trash);
            ownerOnly(root);
            lockChannel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock taken;
            try {
                taken = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                taken = null;
            }
            if (taken == null) {
                lockChannel.close();
                throw new IOException("Data directory " + root + " is in use by another backend");
            }
            lock = taken;
            emptyTrash();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes the data directory reachable by its owner only: records may hold anything, and everything the backend
     * stores is below it. On file systems without POSIX permissions this is left to the system.
     */
    private static void ownerOnly(Path dir) throws IOException {
        if (Files.getFileStore(dir).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Override
    public List<StreamMetadata> loadStreams() {
        List<StreamMetadata> streams = new ArrayList<>();
        try (Stream<Path> files = Files.find(kinesis, 3, (path, attributes) ->
                attributes.isRegularFile() && path.getFileName().toString().equals(METADATA))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                streams.add(json.readValue(file.toFile(), StreamMetadata.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read stream metadata under " + kinesis, e);
        }
        return streams;
    }

    @Override
    public void saveStream(StreamMetadata stream) {
        Path dir = streamDir(stream);
        try {
            Files.createDirectories(dir);
            Path temp = dir.resolve(METADATA + ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap(json.writeValueAsBytes(stream)));
                channel.force(true);
            }
            try {
                Files.move(temp, dir.resolve(METADATA), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, dir.resolve(METADATA), StandardCopyOption.REPLACE_EXISTING);
            }
            FileSync.directory(dir, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save metadata of stream " + stream.name(), e);
        }
    }

    @Override
    public ShardLog openShardLog(StreamMetadata stream, int shardIndex) {
        Path dir = streamDir(stream).resolve(String.format(Locale.ROOT, "shard-%012d", shardIndex));
        try {
            return FileShardLog.open(dir, 0, fsync, segmentBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open shard " + shardIndex + " of stream " + stream.name(), e);
        }
    }

    @Override
    public void deleteStream(StreamMetadata stream) {
        Path dir = streamDir(stream);
        if (!Files.exists(dir)) {
            return;
        }
        Path doomed = trash.resolve(UUID.randomUUID().toString());
        try {
            Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
            FileSync.directory(dir.getParent(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete stream " + stream.name(), e);
        }
        deleteTree(doomed);
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            log.warn("Could not release the lock of data directory {}", root, e);
        }
    }

    private Path streamDir(StreamMetadata stream) {
        CRC32 crc = new CRC32();
        crc.update(stream.name().getBytes(StandardCharsets.UTF_8));
        return kinesis.resolve(stream.region())
                .resolve(stream.name() + "~" + String.format(Locale.ROOT, "%08x", crc.getValue()));
    }

    private void emptyTrash() throws IOException {
        try (Stream<Path> leftovers = Files.list(trash)) {
            leftovers.forEach(FileStorage::deleteTree);
        }
    }

    private static void deleteTree(Path top) {
        try (Stream<Path> paths = Files.walk(top)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("Could not remove {} completely; it is removed at the next start", top, e);
        }
    }
}
