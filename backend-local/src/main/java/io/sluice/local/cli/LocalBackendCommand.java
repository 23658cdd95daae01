package io.sluice.local.cli;

import io.sluice.local.LocalBackend;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The runnable jar's command line: starts a backend, prints its endpoint, and runs until SIGTERM or Ctrl-C, when
 * it closes the backend cleanly (every acknowledged record is already in its log).
 */
@Command(name = "sluice-local", mixinStandardHelpOptions = true, versionProvider = LocalBackendCommand.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs a local Amazon Kinesis Data Streams, Firehose, Kinesis Data Analytics (SQL) and DynamoDB "
                + "backend on one port "
                + "(HTTP/1.1 and HTTP/2, AWS JSON 1.1 and CBOR).")
public final class LocalBackendCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on; 0 picks a free one. "
            + "Default: ${DEFAULT-VALUE}.")
    int port = LocalBackend.DEFAULT_PORT;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to bind. Default: ${DEFAULT-VALUE} "
            + "(this machine only).")
    String bind = LocalBackend.DEFAULT_BIND_ADDRESS;

    @ArgGroup(exclusive = true)
    Storage storage = new Storage();

    static final class Storage {
        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "Keep streams and records in DIR; they survive restarts and crashes.")
        Path dataDir;

        @Option(names = "--in-memory", description = "Keep everything in memory (the default).")
        boolean inMemory;
    }

    @Option(names = "--fsync", description = "With --data-dir: acknowledge a record only once it is on the disk.")
    boolean fsync;

    @Option(names = "--s3-dir", paramLabel = "DIR",
            description = "Where Firehose writes S3 objects (DIR/<bucket>/<key>); default <data-dir>/s3, or a "
                    + "temporary folder in memory.")
    Path s3Dir;

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "Deliver Firehose's S3 objects to this S3-compatible endpoint (path-style) instead of "
                    + "the folder; credentials from SLUICE_S3_ACCESS_KEY_ID and SLUICE_S3_SECRET_ACCESS_KEY.")
    java.net.URI s3Endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION", description = "With --s3-endpoint: the region requests "
            + "are signed for. Default: ${DEFAULT-VALUE}.")
    String s3Region = "us-east-1";

    @Option(names = "--lambda", paramLabel = "NAME=CLASS|URL",
            description = "Answer Firehose's Lambda function NAME with CLASS, a RecordTransformer on the classpath, "
                    + "or by POSTing its event to an http(s) URL.")
    java.util.List<String> lambdas = new java.util.ArrayList<>();

    @Option(names = "--create-delay", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a new stream stays CREATING (e.g. 500ms, 2s, 0). Default: 500ms.")
    Duration createDelay = LocalBackend.DEFAULT_CREATE_DELAY;

    @Option(names = "--delete-delay", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a deleted stream stays DELETING. Default: 500ms.")
    Duration deleteDelay = LocalBackend.DEFAULT_DELETE_DELAY;

    @Option(names = "--update-delay", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a stream stays UPDATING after a reshard or another change. Default: 500ms.")
    Duration updateDelay = LocalBackend.DEFAULT_UPDATE_DELAY;

    @Option(names = "--throughput-limits", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Hold shards of PROVISIONED streams to AWS's per-shard limits (1 MiB/s and 1,000 "
                    + "records/s in, 5 reads/s and 2 MiB/s out). --no-throughput-limits turns them off. Default: on.")
    boolean throughputLimits = true;

    @Option(names = "--tls", description = "Also serve HTTPS (HTTP/1.1 and HTTP/2, with or without ALPN) on the "
            + "same port, with a certificate for localhost made at start-up unless --tls-keystore is given.")
    boolean tls;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "With --tls: serve the first key of this "
            + "PKCS#12 or JKS key store.")
    Path tlsKeyStore;

    @Option(names = "--tls-keystore-password", paramLabel = "PASSWORD", description = "The key store's password "
            + "(default: environment variable SLUICE_TLS_KEYSTORE_PASSWORD, else empty).", arity = "0..1",
            interactive = false)
    String tlsKeyStorePassword;

    @Option(names = "--auth", paramLabel = "ACCESS_KEY:SECRET", split = ",", description = "Verify SigV4 "
            + "signatures against these keys (comma-separated). Default: any credentials are accepted.")
    List<String> auth = List.of();

    @Option(names = "--region", paramLabel = "REGION", description = "Region of unsigned requests. "
            + "Default: ${DEFAULT-VALUE}.")
    String region = LocalBackend.DEFAULT_REGION;

    @Option(names = "--shard-limit", paramLabel = "N", description = "Open shards allowed per region. "
            + "Default: ${DEFAULT-VALUE}.")
    int shardLimit = 20_000;

    @Option(names = "--io-threads", paramLabel = "N", description = "Netty event loop threads (default: the "
            + "number of processors, at least 2).")
    Integer ioThreads;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "ERROR, WARN, INFO, DEBUG or TRACE. "
            + "Default: ${DEFAULT-VALUE}.")
    LogLevel logLevel = LogLevel.INFO;

    enum LogLevel { ERROR, WARN, INFO, DEBUG, TRACE }

    private final CountDownLatch stopped = new CountDownLatch(1);

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the options; {@code --help} lists them
     */
    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new LocalBackendCommand());
        System.exit(commandLine.execute(args));
    }

    private io.sluice.local.RecordTransformer transformer(String className) {
        try {
            return (io.sluice.local.RecordTransformer) Class.forName(className).getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--lambda: " + className
                    + " is not a RecordTransformer with a no-argument constructor on the classpath (" + e + ")");
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        applyLogLevel(logLevel);
        LocalBackend.Builder builder = LocalBackend.builder()
                .port(port)
                .bindAddress(bind)
                .createDelay(createDelay)
                .deleteDelay(deleteDelay)
                .updateDelay(updateDelay)
                .shardThroughputLimits(throughputLimits)
                .defaultRegion(region)
                .shardLimit(shardLimit)
                .fsync(fsync);
        if (storage.dataDir != null) {
            builder.dataDirectory(storage.dataDir);
        }
        if (s3Dir != null) {
            builder.s3Directory(s3Dir);
        }
        if (s3Endpoint != null) {
            String key = System.getenv("SLUICE_S3_ACCESS_KEY_ID");
            String secret = System.getenv("SLUICE_S3_SECRET_ACCESS_KEY");
            if (key == null || secret == null) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--s3-endpoint needs "
                        + "SLUICE_S3_ACCESS_KEY_ID and SLUICE_S3_SECRET_ACCESS_KEY in the environment");
            }
            builder.s3Endpoint(s3Endpoint, s3Region, software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
                    .create(software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(key, secret)));
        }
        for (String lambda : lambdas) {
            int equals = lambda.indexOf('=');
            if (equals <= 0 || equals == lambda.length() - 1) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--lambda takes NAME=CLASS or NAME=URL, not '" + lambda + "'");
            }
            String target = lambda.substring(equals + 1);
            if (target.startsWith("http://") || target.startsWith("https://")) {
                builder.transformer(lambda.substring(0, equals), java.net.URI.create(target));
            } else {
                builder.transformer(lambda.substring(0, equals), transformer(target));
            }
        }
        if (ioThreads != null) {
            builder.ioThreads(ioThreads);
        }
        if (!auth.isEmpty()) {
            Map<String, String> keys = new LinkedHashMap<>();
            for (String pair : auth) {
                int colon = pair.indexOf(':');
                if (colon <= 0 || colon == pair.length() - 1) {
                    throw new CommandLine.ParameterException(new CommandLine(this),
                            "--auth takes ACCESS_KEY:SECRET pairs, not '" + pair + "'");
                }
                keys.put(pair.substring(0, colon), pair.substring(colon + 1));
            }
            builder.authentication(keys);
        }
        if (tlsKeyStore != null) {
            String password = tlsKeyStorePassword != null ? tlsKeyStorePassword
                    : System.getenv().getOrDefault("SLUICE_TLS_KEYSTORE_PASSWORD", "");
            builder.tls(tlsKeyStore, password.toCharArray());
        } else if (tls) {
            builder.tls();
        }
        LocalBackend backend = builder.build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            backend.close();
            System.out.println("Sluice backend-local stopped");
            System.out.flush();
            stopped.countDown();
        }, "sluice-shutdown"));
        PrintWriter out = new PrintWriter(System.out, true);
        out.println("Sluice backend-local listening on " + backend.endpoint() + " ("
                + (storage.dataDir == null ? "in memory" : "data in " + storage.dataDir.toAbsolutePath()) + ")");
        out.println("  AWS CLI: aws kinesis list-streams --endpoint-url " + backend.endpoint() + " --region "
                + region + "   (any credentials; with AWS_EC2_METADATA_DISABLED=true)");
        stopped.await();
        return 0;
    }

    /**
     * Sets the level of Sluice's loggers in the jar's Logback. (A system property read by the Logback configuration
     * would come too late: Logback is configured when the first class with a logger loads, before options apply.)
     */
    static void applyLogLevel(LogLevel level) {
        org.slf4j.Logger sluice = org.slf4j.LoggerFactory.getLogger("io.sluice");
        if (sluice instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(ch.qos.logback.classic.Level.toLevel(level.name()));
        }
    }

    /** Reads {@code 500ms}, {@code 2s}, {@code 1m}, a plain number of milliseconds, or ISO-8601 ({@code PT2S}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(java.util.Locale.ROOT);
            try {
                if (text.startsWith("p")) {
                    return Duration.parse(value.trim());
                }
                if (text.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).trim()));
                }
                if (text.endsWith("s")) {
                    return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
                }
                if (text.endsWith("m")) {
                    return Duration.ofSeconds(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 60));
                }
                return Duration.ofMillis(Long.parseLong(text));
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("Not a duration: '" + value
                        + "' (use e.g. 500ms, 2s, 1m or PT2S)");
            }
        }
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LocalBackendCommand.class.getPackage().getImplementationVersion();
            return new String[] {"sluice-local " + (version == null ? "(development build)" : version)};
        }
    }
}
