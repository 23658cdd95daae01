package io.sluice.samples.producer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.logging.LoggingMeterRegistry;
import io.micrometer.core.instrument.logging.LoggingRegistryConfig;
import io.sluice.producer.KinesisProducer;
import io.sluice.producer.ProducerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Template: a producer application. It reads lines (JSON or text) from a file or standard input and puts each as a
 * record with Sluice's producer, which aggregates, batches, paces each shard and retries. Copy it and replace
 * {@link #partitionKey(String)} and the input with your own.
 *
 * <p>Configuration: a KPL-style properties file ({@code --config}, the KPL's own keys: {@code Region},
 * {@code KinesisEndpoint}, {@code KinesisPort}, {@code AggregationEnabled}, {@code RecordMaxBufferedTime},
 * {@code RateLimit}...), then the environment: {@code SLUICE_PRODUCER_<KEY>} in upper snake case overrides a key
 * (for example {@code SLUICE_PRODUCER_RECORD_MAX_BUFFERED_TIME=200}). Credentials come from the SDK's default chain.
 *
 * <p>A full buffer blocks the reader (back-pressure) instead of growing memory. At the end of the input, or on
 * Ctrl-C/SIGTERM, it stops reading, flushes what it holds (waiting at most {@code --flush-seconds}) and prints what
 * was acknowledged (after a signal the exit code is the JVM's, 130 or 143). Metrics (Micrometer) are logged every {@code --metrics-seconds}. Not thread-safe; one per
 * process.
 */
@Command(name = "producer-app", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Puts each input line as a record with Sluice's producer.")
public class ProducerApp implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--stream", required = true, description = "Stream to write to.")
    String stream;

    @Option(names = "--config", description = "KPL-style properties file.")
    Path config;

    @Option(names = "--input", description = "File of records, one per line. Default: standard input.")
    Path input;

    @Option(names = "--key-field", description = "JSON field whose value is the partition key. Default: a hash "
            + "of the line.")
    String keyField;

    @Option(names = "--flush-seconds", description = "How long the final flush may take. Default: "
            + "${DEFAULT-VALUE}.")
    int flushSeconds = 30;

    @Option(names = "--metrics-seconds", description = "How often metrics are logged. Default: ${DEFAULT-VALUE}.")
    int metricsSeconds = 30;

    private final AwsCredentialsProvider credentials;
    private final Map<String, String> environment;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean stopping;

    /** An application configured from the process's environment, with the SDK's default credentials. */
    public ProducerApp() {
        this(null, System.getenv());
    }

    /**
     * An application with these credentials and this environment (tests, backend-local).
     *
     * @param credentials the client's credentials
     * @param environment variables read for {@code SLUICE_PRODUCER_*} settings
     */
    public ProducerApp(AwsCredentialsProvider credentials, Map<String, String> environment) {
        this.credentials = credentials;
        this.environment = environment;
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the options; {@code --help} lists them
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ProducerApp()).execute(args));
    }

    /**
     * The partition key of a record: the key field's value, else the line itself (hashed by the producer).
     *
     * @param line the input line
     * @return the partition key
     */
    protected String partitionKey(String line) {
        if (keyField != null) {
            try {
                JsonNode value = JSON.readTree(line).get(keyField);
                if (value != null && !value.isNull()) {
                    return value.asText();
                }
            } catch (IOException e) {
                // Not JSON: fall back to the line.
            }
        }
        return line.length() > 256 ? Integer.toHexString(line.hashCode()) : line.isEmpty() ? "empty" : line;
    }

    @Override
    public Integer call() throws Exception {
        ProducerConfig.Builder builder = config == null ? ProducerConfig.builder()
                : ProducerConfig.fromKplProperties(config);
        builder = applyEnvironment(builder);
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
        LoggingMeterRegistry metrics = new LoggingMeterRegistry(new LoggingRegistryConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public Duration step() {
                return Duration.ofSeconds(metricsSeconds);
            }
        }, io.micrometer.core.instrument.Clock.SYSTEM);
        builder.meterRegistry(metrics);
        // Ctrl-C or SIGTERM: stop reading, then let the flush and the summary finish before the JVM exits.
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopping = true;
            try {
                done.await(flushSeconds + 5L, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        long started = System.nanoTime();
        long lines = 0;
        // Lines are read on a daemon thread: a read from standard input cannot be interrupted.
        java.util.concurrent.BlockingQueue<String> queue = new java.util.concurrent.ArrayBlockingQueue<>(1_000);
        String end = new String("end of input");
        Thread readerThread = new Thread(() -> {
            try (BufferedReader reader = input == null
                    ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                    : Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    queue.put(line);
                }
            } catch (IOException e) {
                System.err.println("Reading stopped: " + e);
            } catch (InterruptedException e) {
                return;
            }
            try {
                queue.put(end);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "producer-app-reader");
        readerThread.setDaemon(true);
        readerThread.start();
        try (KinesisProducer producer = KinesisProducer.create(builder.build())) {
            while (!stopping) {
                String line = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (line == end) {
                    break;
                }
                if (line != null) {
                    producer.addUserRecord(stream, partitionKey(line), line.getBytes(StandardCharsets.UTF_8))
                            .whenComplete((result, error) -> (error == null ? acknowledged : failed)
                                    .incrementAndGet());
                    lines++;
                }
            }
            if (!producer.flushSync(Duration.ofSeconds(flushSeconds))) {
                System.err.println("The flush did not finish within " + flushSeconds + " s");
            }
        } finally {
            metrics.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Shutting down: the hook waits for the summary below.
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "%d lines read, %d acknowledged, %d failed, in %.1f s%n", lines,
                acknowledged.get(), failed.get(), seconds);
        done.countDown();
        return failed.get() == 0 && acknowledged.get() == lines ? 0 : 1;
    }

    long acknowledged() {
        return acknowledged.get();
    }

    /** Settings from {@code SLUICE_PRODUCER_<KEY>} variables, keys turned back into the KPL's spelling. */
    static Properties fromEnvironment(Map<String, String> environment) {
        Properties properties = new Properties();
        environment.forEach((name, value) -> {
            if (name.startsWith("SLUICE_PRODUCER_") && name.length() > "SLUICE_PRODUCER_".length()) {
                StringBuilder key = new StringBuilder();
                for (String part : name.substring("SLUICE_PRODUCER_".length()).split("_")) {
                    if (!part.isEmpty()) {
                        key.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
                    }
                }
                properties.setProperty(key.toString(), value);
            }
        });
        return properties;
    }

    private ProducerConfig.Builder applyEnvironment(ProducerConfig.Builder builder) {
        Properties overrides = fromEnvironment(environment);
        if (overrides.isEmpty()) {
            return builder;
        }
        // The environment wins: its keys are applied over what the file set.
        Properties merged = new Properties();
        if (config != null) {
            try (var in = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                merged.load(in);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        merged.putAll(overrides);
        return ProducerConfig.fromKplProperties(merged);
    }
}
