package io.sluice.local.internal.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.local.internal.protocol.AwsTimestamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where applications are kept: nowhere (in memory), or under {@code <data-dir>/analytics/<region>/<name>/}: the
 * configuration ({@code application.json}) and how far the input was read ({@code positions.json}, shard id to
 * the last sequence number whose rows are all out), each replaced atomically. Thread-safe; callers serialize
 * changes to any one application.
 */
final class AnalyticsStore {

    private static final String CONFIG = "application.json";
    private static final String POSITIONS = "positions.json";
    private final ObjectMapper json = new ObjectMapper().registerModule(AwsTimestamps.module())
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final Path root;

    /** @param root the directory, or {@code null} to keep nothing */
    AnalyticsStore(Path root) {
        this.root = root;
    }

    List<ApplicationState> load() {
        List<ApplicationState> states = new ArrayList<>();
        if (root == null || !Files.isDirectory(root)) {
            return states;
        }
        try (Stream<Path> files = Files.find(root, 3, (p, a) -> p.getFileName().toString().equals(CONFIG))) {
            for (Path file : files.sorted().toList()) {
                states.add(json.readValue(file.toFile(), ApplicationState.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the applications in " + root, e);
        }
        return states;
    }

    void save(ApplicationState state) {
        write(state, CONFIG, state);
    }

    void savePositions(ApplicationState state, Map<String, String> positions) {
        write(state, POSITIONS, positions);
    }

    Map<String, String> loadPositions(ApplicationState state) {
        if (root != null) {
            Path file = dir(state).resolve(POSITIONS);
            if (Files.exists(file)) {
                try {
                    return new HashMap<>(json.readValue(file.toFile(), new TypeReference<Map<String, String>>() {
                    }));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return new HashMap<>();
    }

    private void write(ApplicationState state, String name, Object value) {
        if (root == null) {
            return;
        }
        try {
            Path dir = dir(state);
            Files.createDirectories(dir);
            Path temp = dir.resolve(name + ".tmp");
            Files.write(temp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
            Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete(ApplicationState state) {
        if (root == null || !Files.exists(dir(state))) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir(state))) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path dir(ApplicationState state) {
        return root.resolve(state.region()).resolve(state.name());
    }
}
