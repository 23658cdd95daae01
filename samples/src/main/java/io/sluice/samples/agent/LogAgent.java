package io.sluice.samples.agent;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.producer.KinesisProducer;
import io.sluice.producer.ProducerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Template: a log agent, the Kinesis Agent's role. It tails the files of a directory that match a pattern, follows
 * rotation (a file renamed away, even to a name that no longer matches, is read to its end, and the new one from
 * its start; a file truncated or replaced in place is read again from its start), optionally turns delimited
 * lines into JSON, and sends each line with Sluice's producer, keyed by file name so each file's lines stay in
 * order. Where it got to in each file is saved to a checkpoint file once the producer has acknowledged the lines
 * up to there, so a restart sends again at most what was not yet saved.
 *
 * <p>Limits, as for any tailer: lines written to a file after it was moved out of the directory, deleted or
 * compressed before they were read are lost; with copy-and-truncate rotation, what was written between the copy
 * and the truncation is lost; a last line without a line end is sent only once it gets one. Copy it and change
 * {@link #transform(String, Path)}. Not thread-safe; one per process and checkpoint file.
 */
@Command(name = "log-agent", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Tails log files into a Kinesis stream with Sluice's producer.")
public class LogAgent implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--directory", required = true, description = "Directory of the files.")
    Path directory;

    @Option(names = "--pattern", description = "Glob of the file names. Default: ${DEFAULT-VALUE}.")
    String pattern = "*.log";

    @Option(names = "--stream", required = true, description = "Stream to write to.")
    String stream;

    @Option(names = "--checkpoint", required = true, description = "File the positions are saved to.")
    Path checkpoint;

    @Option(names = "--config", description = "KPL-style properties of the producer.")
    Path config;

    @Option(names = "--fields", split = ",", description = "Turn each line into JSON with these field names "
            + "(the line split at --delimiter). Default: lines as they are.")
    List<String> fields;

    @Option(names = "--delimiter", description = "Delimiter of --fields. Default: ${DEFAULT-VALUE}.")
    String delimiter = ",";

    @Option(names = "--poll-millis", description = "How often files are checked. Default: ${DEFAULT-VALUE}.")
    long pollMillis = 250;

    private final ProducerConfig.Builder producerDefaults;
    private final Map<Object, TailedFile> files = new LinkedHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;

    /** An agent whose producer takes credentials and region from the SDK's default chains (or --config). */
    public LogAgent() {
        this(ProducerConfig.builder());
    }

    /**
     * An agent whose producer uses these settings (tests, backend-local), unless --config replaces them.
     *
     * @param producerDefaults the producer's settings
     */
    public LogAgent(ProducerConfig.Builder producerDefaults) {
        this.producerDefaults = producerDefaults;
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the options; {@code --help} lists them
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new LogAgent()).execute(args));
    }

    /**
     * A line as it is sent: as it is, or as JSON with the configured field names.
     *
     * @param line the line, without its line break
     * @param file the file it was read from
     * @return the record's data
     */
    protected byte[] transform(String line, Path file) {
        if (fields == null || fields.isEmpty()) {
            return line.getBytes(StandardCharsets.UTF_8);
        }
        String[] values = line.split(java.util.regex.Pattern.quote(delimiter), -1);
        ObjectNode json = JSON.createObjectNode();
        for (int i = 0; i < fields.size(); i++) {
            json.put(fields.get(i), i < values.length ? values[i] : null);
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Integer call() throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping = true;
            try {
                stopped.await(40, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        run();
        return 0;
    }

    /**
     * Tails until {@link #stop()}; then flushes and saves the positions.
     *
     * @throws IOException when the position file cannot be written
     * @throws InterruptedException when interrupted while flushing
     */
    public void run() throws IOException, InterruptedException {
        try {
            tail();
        } finally {
            stopped.countDown();
        }
    }

    private void tail() throws IOException, InterruptedException {
        ProducerConfig.Builder builder = config == null ? producerDefaults : ProducerConfig.fromKplProperties(config);
        Map<String, Saved> saved = load();
        try (KinesisProducer producer = KinesisProducer.create(builder.build())) {
            while (!stopping) {
                scan(saved);
                boolean read = false;
                for (TailedFile file : files.values()) {
                    read |= pump(producer, file);
                }
                save();
                if (!read) {
                    Thread.sleep(pollMillis);
                }
            }
            producer.flushSync(Duration.ofSeconds(30));
            for (TailedFile file : files.values()) {
                file.settle(line -> producer.addUserRecord(stream, partitionKey(file), transform(line,
                        file.path())));
            }
        } finally {
            save();
        }
    }

    /** A file's saved position and first bytes. */
    record Saved(long offset, String head) {
    }

    /** Stops after the current pass, flushing and saving. */
    public void stop() {
        stopping = true;
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long sent() {
        return sent.get();
    }

    private static String partitionKey(TailedFile file) {
        return file.key().toString();
    }

    /** Sends the new lines of a file; whether there were any. */
    private boolean pump(KinesisProducer producer, TailedFile file) throws IOException {
        file.settle(line -> producer.addUserRecord(stream, partitionKey(file), transform(line, file.path())));
        if (file.isGone()) {
            return false;
        }
        List<TailedFile.Line> lines = file.read(1_000);
        for (TailedFile.Line line : lines) {
            CompletableFuture<?> ack = producer.addUserRecord(stream, partitionKey(file),
                    transform(line.text(), file.path()));
            file.sent(line, ack);
            sent.incrementAndGet();
        }
        return !lines.isEmpty();
    }

    /**
     * Finds the files: a known file is followed by its key under whatever name it has now (rotated away, it may no
     * longer match the pattern) and read to its end; a new file matching the pattern is read from its start (or
     * its saved position).
     */
    private void scan(Map<String, Saved> saved) throws IOException {
        Map<Object, Path> byKey = new HashMap<>();
        List<Path> matching = new ArrayList<>();
        java.nio.file.PathMatcher matcher = directory.getFileSystem().getPathMatcher("glob:" + pattern);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path path : entries) {
                if (!Files.isRegularFile(path) || path.equals(checkpoint)) {
                    continue;
                }
                Object id = id(path);
                if (id == null) {
                    continue;
                }
                byKey.put(id, path);
                // New files that match; and, after a restart, rotated files with a saved position.
                if (matcher.matches(path.getFileName()) || saved.containsKey(id.toString())) {
                    matching.add(path);
                }
            }
        }
        for (TailedFile file : files.values()) {
            Path now = byKey.get(file.key());
            if (now != null) {
                file.path(now);
            } else {
                file.gone();
            }
        }
        // Oldest first, so a rotated file's rest is sent before its successor's start.
        matching.sort(Comparator.comparing(p -> {
            try {
                return Files.getLastModifiedTime(p);
            } catch (IOException e) {
                return java.nio.file.attribute.FileTime.fromMillis(0);
            }
        }));
        for (Path path : matching) {
            Object id = id(path);
            if (id != null && !files.containsKey(id)) {
                Saved position = saved.remove(id.toString());
                byte[] head = position == null ? null : java.util.Base64.getDecoder().decode(position.head());
                // A reused inode is another file: its first bytes differ from the saved ones.
                if (position != null && !TailedFile.sameHead(head, firstBytes(path))) {
                    position = null;
                    head = null;
                }
                files.put(id, new TailedFile(id, path, position == null ? 0 : position.offset(), head));
            }
        }
        files.values().removeIf(f -> f.isGone() && f.idle());
    }

    /** A file's key (its inode), or {@code null} if it went away meanwhile. */
    private static Object id(Path path) throws IOException {
        try {
            Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            return key != null ? key.toString() : path.toAbsolutePath().toString();
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    private static byte[] firstBytes(Path path) throws IOException {
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(path.toFile(), "r")) {
            return TailedFile.readHead(file, file.length());
        } catch (java.io.FileNotFoundException e) {
            return new byte[0];
        }
    }

    private Map<String, Saved> load() throws IOException {
        if (!Files.exists(checkpoint)) {
            return new HashMap<>();
        }
        return new HashMap<>(JSON.readValue(checkpoint.toFile(), new TypeReference<Map<String, Saved>>() {
        }));
    }

    /** Saves each file's acknowledged position, by file key, atomically. */
    private void save() throws IOException {
        Map<String, Saved> positions = new LinkedHashMap<>();
        for (TailedFile file : files.values()) {
            positions.put(file.key().toString(), new Saved(file.committed(), file.head()));
        }
        Path temp = checkpoint.resolveSibling(checkpoint.getFileName() + ".tmp");
        Files.write(temp, JSON.writeValueAsBytes(positions));
        Files.move(temp, checkpoint, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
