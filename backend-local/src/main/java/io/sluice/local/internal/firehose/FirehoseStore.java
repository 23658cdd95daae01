package io.sluice.local.internal.firehose;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.local.internal.firehose.delivery.IngestLog;
import io.sluice.local.internal.protocol.AwsTimestamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where delivery streams are kept: nowhere (in memory), or under {@code <data-dir>/firehose/<region>/<name>/},
 * each with its configuration ({@code stream.json}, replaced atomically) and its ingest log ({@code log/}).
 * Thread-safe; callers serialize changes to any one stream.
 */
final class FirehoseStore {

    private static final String CONFIG = "stream.json";
    private final ObjectMapper json = new ObjectMapper().registerModule(AwsTimestamps.module())
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final Path root;
    private final boolean fsync;

    /** @param root the directory, or {@code null} to keep nothing */
    FirehoseStore(Path root, boolean fsync) {
        this.root = root;
        this.fsync = fsync;
    }

    boolean durable() {
        return root != null;
    }

    List<DeliveryStreamState> load() {
        List<DeliveryStreamState> states = new ArrayList<>();
        if (root == null || !Files.isDirectory(root)) {
            return states;
        }
        try (Stream<Path> files = Files.find(root, 3, (p, a) -> p.getFileName().toString().equals(CONFIG))) {
            for (Path file : files.sorted().toList()) {
                states.add(json.readValue(file.toFile(), DeliveryStreamState.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the delivery streams in " + root, e);
        }
        return states;
    }

    void save(DeliveryStreamState state) {
        if (root == null) {
            return;
        }
        try {
            Path dir = dir(state);
            Files.createDirectories(dir);
            Path temp = dir.resolve(CONFIG + ".tmp");
            Files.write(temp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
            Files.move(temp, dir.resolve(CONFIG), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves how far the source data stream was read. */
    void saveSource(DeliveryStreamState state, StreamSourceReader.SourcePositions positions) {
        if (root == null) {
            return;
        }
        try {
            Path dir = dir(state);
            Path temp = dir.resolve("source.json.tmp");
            Files.write(temp, json.writeValueAsBytes(positions));
            Files.move(temp, dir.resolve("source.json"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How far the source data stream was read when last saved; empty at first. */
    StreamSourceReader.SourcePositions loadSource(DeliveryStreamState state) {
        if (root != null) {
            Path file = dir(state).resolve("source.json");
            if (Files.exists(file)) {
                try {
                    StreamSourceReader.SourcePositions saved = json.readValue(file.toFile(),
                            StreamSourceReader.SourcePositions.class);
                    return new StreamSourceReader.SourcePositions(new java.util.HashMap<>(saved.read()),
                            new java.util.HashSet<>(saved.finished()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return StreamSourceReader.SourcePositions.empty();
    }

    /** The ingest log of a stream, or {@code null} in memory. */
    IngestLog openLog(DeliveryStreamState state) {
        return root == null ? null : IngestLog.open(dir(state).resolve("log"), fsync);
    }

    void delete(DeliveryStreamState state) {
        if (root == null) {
            return;
        }
        Path dir = dir(state);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path dir(DeliveryStreamState state) {
        return root.resolve(state.region()).resolve(state.name());
    }
}
