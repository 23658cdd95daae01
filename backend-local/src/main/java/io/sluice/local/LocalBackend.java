package io.sluice.local;

import io.sluice.local.internal.api.ApiRouter;
import io.sluice.local.internal.dynamodb.DynamoDbLocal;
import io.sluice.local.internal.analytics.AnalyticsRuntime;
import io.sluice.local.internal.firehose.FirehoseRuntime;
import io.sluice.local.internal.server.BackendServer;
import io.sluice.local.internal.server.TlsContexts;
import io.sluice.local.internal.storage.FileStorage;
import io.sluice.local.internal.storage.InMemoryStorage;
import io.sluice.local.internal.storage.Storage;
import io.sluice.local.internal.streams.KinesisService;
import io.sluice.local.internal.streams.LifecycleDelays;
import io.sluice.local.internal.streams.AccountLimits;
import io.sluice.local.internal.streams.StreamRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local backend speaking the Kinesis Data Streams wire protocol (AWS JSON 1.1 and CBOR, over HTTP/1.1 and
 * HTTP/2 cleartext) on one port, so the AWS SDKs, the AWS CLI and Sluice's libraries run against it unchanged.
 *
 * <pre>{@code
 * try (LocalBackend backend = LocalBackend.builder().port(0).build().start()) {
 *     KinesisClient kinesis = KinesisClient.builder()
 *             .endpointOverride(backend.endpoint())
 *             .region(Region.of(backend.region()))
 *             .credentialsProvider(backend.credentialsProvider())
 *             .build();
 *     ...
 * }
 * }</pre>
 *
 * <p>Records live in memory by default, or in a data directory that survives restarts (and SIGKILL: a record is
 * acknowledged only once it is written to its shard's log). Every request is signed for some region; streams are
 * kept per region, under the single account {@value #ACCOUNT_ID}. Credentials are not checked unless
 * {@link Builder#authentication} names the keys to accept.
 *
 * <p>Thread-safety: {@link #start()} and {@link #close()} are meant for one owning thread; the accessors may be
 * called from any thread once started. The backend runs its own Netty and worker threads, and {@link #close()}
 * releases every thread, port and file it took.
 */
public final class LocalBackend implements AutoCloseable {

    /** The port of the command line's backend. */
    public static final int DEFAULT_PORT = 4567;
    /** Loopback only: nothing beyond this machine reaches the backend unless asked. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    /** How long a new stream stays CREATING. */
    public static final Duration DEFAULT_CREATE_DELAY = Duration.ofMillis(500);
    /** How long a deleted stream stays DELETING. */
    public static final Duration DEFAULT_DELETE_DELAY = Duration.ofMillis(500);
    /** How long a stream stays UPDATING after a change, unless set. */
    public static final Duration DEFAULT_UPDATE_DELAY = Duration.ofMillis(500);
    /** How long a SubscribeToShard call lasts, unless set: five minutes, as in AWS. */
    public static final Duration DEFAULT_SUBSCRIPTION_LIFETIME = Duration.ofMinutes(5);
    /** The region of requests that are not SigV4-signed. */
    public static final String DEFAULT_REGION = "us-east-1";
    /** The account every resource belongs to, as in ARNs. */
    public static final String ACCOUNT_ID = "000000000000";
    /** The largest request body taken; larger ones get 413. PutRecords' 5 MiB in base64 JSON fits. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024;
    /** How often expired records are trimmed and deleted streams removed in the background. */
    public static final Duration DEFAULT_MAINTENANCE_INTERVAL = Duration.ofSeconds(5);
    /** The access key id clients may use; any is accepted. */
    public static final String ACCESS_KEY_ID = "sluice-local";
    /** The secret key clients may use; any is accepted. */
    public static final String SECRET_ACCESS_KEY = "sluice-local-secret";

    private static final Logger log = LoggerFactory.getLogger(LocalBackend.class);

    private final Builder config;
    private StreamRegistry registry;
    private BackendServer server;
    private ScheduledExecutorService maintenance;
    private InetSocketAddress address;
    private TlsContexts.Identity tlsIdentity;
    private DynamoDbLocal dynamoDb;
    private FirehoseRuntime firehose;
    private AnalyticsRuntime analytics;

    private LocalBackend(Builder config) {
        this.config = config;
    }

    /**
     * A builder of a backend: in memory, on port {@value #DEFAULT_PORT} of {@value #DEFAULT_BIND_ADDRESS}, unless
     * set otherwise.
     *
     * @return a builder with every setting at its default
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens the storage, binds the port and starts serving.
     *
     * @return this backend, started
     * @throws IllegalStateException if it was started before
     */
    public synchronized LocalBackend start() {
        if (server != null || registry != null) {
            throw new IllegalStateException("Backend already started");
        }
        Storage storage = config.dataDirectory == null ? new InMemoryStorage()
                : new FileStorage(config.dataDirectory, config.fsync, config.segmentBytes);
        try {
            registry = new StreamRegistry(storage, ACCOUNT_ID,
                    new LifecycleDelays(config.createDelay, config.deleteDelay, config.updateDelay));
        } catch (RuntimeException | Error e) {
            storage.close();
            throw e;
        }
        try {
            KinesisService kinesis = new KinesisService(registry, new KinesisService.Settings(config.shardLimit,
                    AccountLimits.DEFAULT_ON_DEMAND_STREAM_LIMIT, config.subscriptionLifetime, config.clock,
                    config.shardThroughputLimits));
            dynamoDb = new DynamoDbLocal(config.dataDirectory == null ? null
                    : config.dataDirectory.resolve("dynamodb"));
            firehose = startFirehose();
            analytics = startAnalytics();
            if (config.tls) {
                tlsIdentity = config.tlsKeyStore == null ? TlsContexts.selfSigned(Clock.systemUTC())
                        : TlsContexts.fromKeyStore(config.tlsKeyStore, config.tlsKeyStorePassword);
            }
            server = new BackendServer(new BackendServer.Settings(config.bindAddress, config.port,
                    config.maxRequestBytes, config.ioThreads, config.apiThreads, config.defaultRegion, ACCOUNT_ID,
                    storage.durable(), tlsIdentity == null ? null : TlsContexts.server(tlsIdentity),
                    config.accessKeys),
                    new ApiRouter(List.of(kinesis.definition(), firehose.definition(), analytics.definition()),
                            List.of(dynamoDb)),
                    config.clock);
            address = server.start();
            firehose.start();
            analytics.start();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sluice-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        long every = config.maintenanceInterval.toMillis();
        StreamRegistry streams = registry;
        maintenance.scheduleWithFixedDelay(() -> {
            try {
                streams.sweep(config.clock.millis());
            } catch (RuntimeException e) {
                log.warn("Background maintenance failed", e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
        log.info("Sluice backend-local listening on {} ({})", endpoint(),
                config.dataDirectory == null ? "in memory" : "data in " + config.dataDirectory);
        return this;
    }

    private AnalyticsRuntime startAnalytics() {
        StreamRegistry streams = registry;
        FirehoseRuntime deliveryStreams = firehose;
        return AnalyticsRuntime.create(new AnalyticsRuntime.Settings(config.dataDirectory, firehose.s3Directory(),
                config.clock, new AnalyticsRuntime.Delays(config.createDelay, config.deleteDelay, config.updateDelay,
                        config.deleteDelay), config.meterRegistry),
                region -> LocalClients.of(this).kinesis().region(software.amazon.awssdk.regions.Region.of(region))
                        .build(),
                region -> LocalClients.of(this).firehose().region(software.amazon.awssdk.regions.Region.of(region))
                        .build(),
                firehose.taps(), (ctx, arn) -> streams.exists(arn, ctx.now().toEpochMilli()),
                deliveryStreams::deliveryStreamExists);
    }

    private FirehoseRuntime startFirehose() {
        Path s3 = config.s3Directory != null ? config.s3Directory
                : config.dataDirectory != null ? config.dataDirectory.resolve("s3") : null;
        StreamRegistry streams = registry;
        return new FirehoseRuntime(new FirehoseRuntime.Settings(config.dataDirectory, config.fsync, s3,
                config.clock, config.createDelay, config.deleteDelay, config.meterRegistry, config.transformers,
                config.transformerUrls, config.s3Endpoint),
                () -> LocalClients.of(this).kinesis().build(), (ctx, arn) -> streams.exists(arn, ctx.now().toEpochMilli()));
    }

    /**
     * The folder S3 destinations of delivery streams write to: object {@code <key>} of bucket {@code <bucket>}
     * is the file {@code <s3Directory>/<bucket>/<key>}. By default {@code <data-dir>/s3}, or a temporary folder
     * (removed at {@link #close()}) for an in-memory backend.
     *
     * @return the folder, which exists
     */
    public Path s3Directory() {
        requireStarted();
        return firehose.s3Directory();
    }

    /**
     * The registry the backend's own metrics (Firehose's delivery metrics) go to.
     *
     * @return the registry given to {@link Builder#meterRegistry}, or the backend's own
     */
    public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
        return config.meterRegistry;
    }

    /**
     * The URI clients use as their endpoint override, for example {@code http://127.0.0.1:4567}.
     *
     * @return the endpoint, {@code https://} with TLS
     */
    public URI endpoint() {
        InetSocketAddress bound = requireStarted();
        String host = bound.getAddress().isAnyLocalAddress() ? "127.0.0.1" : bound.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create((config.tls ? "https://" : "http://") + host + ":" + bound.getPort());
    }

    /**
     * The certificate a TLS backend shows clients (made at start-up unless a key store was given), for trust
     * stores; {@code null} without TLS. {@link LocalClients} trusts it already.
     *
     * @return the certificate, or {@code null}
     */
    public X509Certificate tlsCertificate() {
        requireStarted();
        return tlsIdentity == null ? null : tlsIdentity.chain()[0];
    }

    /**
     * The port actually bound (the free one chosen when port 0 was asked).
     *
     * @return the bound port
     */
    public int port() {
        return requireStarted().getPort();
    }

    /**
     * The region clients should use when they do not care: {@link Builder#defaultRegion(String)}.
     *
     * @return the region's name
     */
    public String region() {
        return config.defaultRegion;
    }

    /**
     * Credentials for clients of this backend: the first access key of {@link Builder#authentication} when
     * signatures are verified, otherwise fixed dummy ones (any are accepted then).
     *
     * @return a provider of fixed credentials
     */
    public software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentialsProvider() {
        String accessKey = ACCESS_KEY_ID;
        String secret = SECRET_ACCESS_KEY;
        if (!config.accessKeys.isEmpty()) {
            Map.Entry<String, String> first = config.accessKeys.entrySet().iterator().next();
            accessKey = first.getKey();
            secret = first.getValue();
        }
        return software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(accessKey, secret));
    }

    /**
     * Whether records survive a restart (a data directory is used).
     *
     * @return true with a data directory
     */
    public boolean isDurable() {
        return config.dataDirectory != null;
    }

    private synchronized InetSocketAddress requireStarted() {
        if (address == null) {
            throw new IllegalStateException("Backend not started");
        }
        return address;
    }

    /** Stops serving and releases every thread, port and file. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (maintenance != null) {
            // Not shutdownNow(): an interrupt during a sweep would close the shard files it is reading.
            maintenance.shutdown();
            try {
                maintenance.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            maintenance = null;
        }
        if (analytics != null) {
            analytics.close();
            analytics = null;
        }
        if (firehose != null) {
            firehose.close();
            firehose = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
        if (dynamoDb != null) {
            dynamoDb.close();
            dynamoDb = null;
        }
        if (registry != null) {
            registry.close();
            registry = null;
        }
        address = null;
    }

    /**
     * Settings of a backend. Each setter validates its value at once; {@link #build()} checks the combination.
     * Not thread-safe.
     */
    public static final class Builder {
        private int port = DEFAULT_PORT;
        private String bindAddress = DEFAULT_BIND_ADDRESS;
        private Path dataDirectory;
        private boolean fsync;
        private Clock clock = Clock.systemUTC();
        private Duration createDelay = DEFAULT_CREATE_DELAY;
        private Duration deleteDelay = DEFAULT_DELETE_DELAY;
        private Duration updateDelay = DEFAULT_UPDATE_DELAY;
        private Duration subscriptionLifetime = DEFAULT_SUBSCRIPTION_LIFETIME;
        private boolean shardThroughputLimits = true;
        private boolean tls;
        private Path tlsKeyStore;
        private Map<String, String> accessKeys = Map.of();
        private char[] tlsKeyStorePassword;
        private String defaultRegion = DEFAULT_REGION;
        private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        private int shardLimit = AccountLimits.DEFAULT_SHARD_LIMIT;
        private long segmentBytes = FileStorage.DEFAULT_SEGMENT_BYTES;
        private Duration maintenanceInterval = DEFAULT_MAINTENANCE_INTERVAL;
        private int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private int apiThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        private Path s3Directory;
        private io.micrometer.core.instrument.MeterRegistry meterRegistry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        private Map<String, RecordTransformer> transformers = Map.of();
        private Map<String, URI> transformerUrls = Map.of();
        private FirehoseRuntime.S3Endpoint s3Endpoint;

        private Builder() {
        }

        /**
         * The port to listen on; 0 picks a free one. Default {@value LocalBackend#DEFAULT_PORT}.
         *
         * @param port 0 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0-65535: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The address to bind. Default {@value LocalBackend#DEFAULT_BIND_ADDRESS}.
         *
         * @param bindAddress a host name or IP address
         * @return this builder
         */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        /**
         * Keep records in memory only (the default).
         *
         * @return this builder
         */
        public Builder inMemory() {
            this.dataDirectory = null;
            return this;
        }

        /**
         * Keep streams and records in this directory, so they survive restarts.
         *
         * @param dataDirectory the directory, created if missing
         * @return this builder
         */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
            return this;
        }

        /**
         * With a data directory: acknowledge a record only once it is on the disk, not just in the page cache
         * (which already survives the process being killed). Default off.
         *
         * @param fsync whether to force each write to the disk
         * @return this builder
         */
        public Builder fsync(boolean fsync) {
            this.fsync = fsync;
            return this;
        }

        /**
         * The clock every time-based decision reads (stream status, retention, iterator expiry).
         *
         * @param clock the clock (a fake one in tests)
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How long a new stream stays CREATING. Default 500 ms.
         *
         * @param createDelay zero or more
         * @return this builder
         */
        public Builder createDelay(Duration createDelay) {
            this.createDelay = nonNegative(createDelay, "createDelay");
            return this;
        }

        /**
         * How long a deleted stream stays DELETING. Default 500 ms.
         *
         * @param deleteDelay zero or more
         * @return this builder
         */
        public Builder deleteDelay(Duration deleteDelay) {
            this.deleteDelay = nonNegative(deleteDelay, "deleteDelay");
            return this;
        }

        /**
         * How long a stream stays UPDATING after a reshard or another change. Default 500 ms.
         *
         * @param updateDelay zero or more
         * @return this builder
         */
        public Builder updateDelay(Duration updateDelay) {
            this.updateDelay = nonNegative(updateDelay, "updateDelay");
            return this;
        }

        /**
         * How long one SubscribeToShard call streams events before the server ends it (clients then subscribe
         * again from where they got to). Default 5 minutes, as AWS.
         *
         * @param lifetime a positive duration
         * @return this builder
         */
        public Builder subscriptionLifetime(Duration lifetime) {
            if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("subscriptionLifetime must be positive: " + lifetime);
            }
            this.subscriptionLifetime = lifetime;
            return this;
        }

        /**
         * Whether the shards of PROVISIONED streams are held to AWS's limits: 1,000 records and 1 MiB written per
         * second (ProvisionedThroughputExceededException per record in PutRecords), 5 GetRecords calls and 2 MiB
         * read per second. ON_DEMAND streams are never limited per shard. Default on, so applications meet
         * throttling locally before they meet it in AWS; switch off for load tests of the client side.
         *
         * @param enforce whether to enforce the per-shard limits
         * @return this builder
         */
        public Builder shardThroughputLimits(boolean enforce) {
            this.shardThroughputLimits = enforce;
            return this;
        }

        /**
         * Serve TLS (HTTP/1.1, and HTTP/2 with or without ALPN) on the port, next to cleartext, with a certificate
         * for localhost and 127.0.0.1 made at start-up. The endpoint becomes {@code https://}.
         *
         * @return this builder
         */
        public Builder tls() {
            this.tls = true;
            this.tlsKeyStore = null;
            this.tlsKeyStorePassword = null;
            return this;
        }

        /**
         * Serve TLS as {@link #tls()} does, with the first key of this PKCS#12 or JKS key store.
         *
         * @param keyStore the key store file
         * @param password its password (copied)
         * @return this builder
         */
        public Builder tls(Path keyStore, char[] password) {
            this.tls = true;
            this.tlsKeyStore = Objects.requireNonNull(keyStore, "keyStore");
            this.tlsKeyStorePassword = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        /**
         * Verify AWS Signature Version 4 on every request (header and query-string forms) against these access
         * keys and their secrets: a request without a signature, with an unknown key or with a wrong signature
         * gets AWS's error. Empty (the default) accepts any credentials, as local use wants.
         *
         * @param secretsByAccessKey secret access keys by access key id
         * @return this builder
         */
        public Builder authentication(Map<String, String> secretsByAccessKey) {
            Map<String, String> keys = new java.util.LinkedHashMap<>();
            secretsByAccessKey.forEach((key, secret) -> {
                if (key == null || key.isEmpty() || secret == null || secret.isEmpty()) {
                    throw new IllegalArgumentException("Access keys and secrets must not be empty");
                }
                keys.put(key, secret);
            });
            this.accessKeys = java.util.Collections.unmodifiableMap(keys);
            return this;
        }

        /**
         * The region of unsigned requests, and the one {@link LocalBackend#region()} suggests.
         *
         * @param defaultRegion a region name such as {@code us-east-1}
         * @return this builder
         */
        public Builder defaultRegion(String defaultRegion) {
            if (!defaultRegion.matches("[a-z0-9][a-z0-9-]{0,30}[a-z0-9]")) {
                throw new IllegalArgumentException("Not a region name: " + defaultRegion);
            }
            this.defaultRegion = defaultRegion;
            return this;
        }

        /**
         * The largest request body accepted; larger ones are answered with 413. Default 16 MiB.
         *
         * @param maxRequestBytes at least 1024
         * @return this builder
         */
        public Builder maxRequestBytes(int maxRequestBytes) {
            if (maxRequestBytes < 1024) {
                throw new IllegalArgumentException("maxRequestBytes must be at least 1024: " + maxRequestBytes);
            }
            this.maxRequestBytes = maxRequestBytes;
            return this;
        }

        /**
         * The open shards allowed per region, as the account's shard quota. Default 20,000.
         *
         * @param shardLimit at least 1
         * @return this builder
         */
        public Builder shardLimit(int shardLimit) {
            if (shardLimit < 1) {
                throw new IllegalArgumentException("shardLimit must be positive: " + shardLimit);
            }
            this.shardLimit = shardLimit;
            return this;
        }

        /**
         * With a data directory: the size at which a shard's segment file is closed. Default 64 MiB.
         *
         * @param segmentBytes at least 4096
         * @return this builder
         */
        public Builder segmentBytes(long segmentBytes) {
            if (segmentBytes < 4096) {
                throw new IllegalArgumentException("segmentBytes must be at least 4096: " + segmentBytes);
            }
            this.segmentBytes = segmentBytes;
            return this;
        }

        /**
         * How often expired records are trimmed in the background. Default 5 s.
         *
         * @param interval a positive duration
         * @return this builder
         */
        public Builder maintenanceInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("maintenanceInterval must be positive: " + interval);
            }
            this.maintenanceInterval = interval;
            return this;
        }

        /**
         * Netty event loop threads. Default: the number of processors, at least 2.
         *
         * @param ioThreads at least 1
         * @return this builder
         */
        public Builder ioThreads(int ioThreads) {
            this.ioThreads = positive(ioThreads, "ioThreads");
            return this;
        }

        /**
         * Threads that answer requests (and may wait for storage). Default: twice the processors, at least 4.
         *
         * @param apiThreads at least 1
         * @return this builder
         */
        public Builder apiThreads(int apiThreads) {
            this.apiThreads = positive(apiThreads, "apiThreads");
            return this;
        }

        /**
         * The folder Firehose's S3 destinations write to ({@code <folder>/<bucket>/<key>}). Default
         * {@code <data-dir>/s3}, or a temporary folder removed at close for an in-memory backend.
         *
         * @param folder the folder, created if missing
         * @return this builder
         */
        public Builder s3Directory(Path folder) {
            this.s3Directory = Objects.requireNonNull(folder, "folder");
            return this;
        }

        /**
         * Deliver Firehose's S3 destinations to an S3-compatible endpoint (path-style PutObject through the SDK's
         * S3 client, signed with these credentials for this region) instead of the folder.
         *
         * @param endpoint the S3-compatible endpoint
         * @param region the region requests are signed for
         * @param credentials the credentials requests are signed with
         * @return this builder
         */
        public Builder s3Endpoint(URI endpoint, String region,
                software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials) {
            this.s3Endpoint = new FirehoseRuntime.S3Endpoint(Objects.requireNonNull(endpoint, "endpoint"),
                    Objects.requireNonNull(region, "region"), Objects.requireNonNull(credentials, "credentials"));
            return this;
        }

        /**
         * Where the backend's metrics (Firehose's delivery metrics) go. Default a new SimpleMeterRegistry.
         *
         * @param registry the registry
         * @return this builder
         */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * A Firehose data transformation answering for the Lambda function of this name: a processor whose
         * LambdaArn is {@code arn:aws:lambda:<region>:<account>:function:<name>} (or just the name) invokes it.
         *
         * @param functionName the function's name
         * @param transformer answers the function's invocations
         * @return this builder
         */
        public Builder transformer(String functionName, RecordTransformer transformer) {
            if (functionName == null || functionName.isEmpty()) {
                throw new IllegalArgumentException("functionName must not be empty");
            }
            Map<String, RecordTransformer> copy = new java.util.LinkedHashMap<>(transformers);
            copy.put(functionName, Objects.requireNonNull(transformer, "transformer"));
            this.transformers = java.util.Collections.unmodifiableMap(copy);
            return this;
        }

        /**
         * Answers for the Lambda function of this name by POSTing its event, as JSON, to a URL (a Lambda function
         * URL, or any HTTP server speaking the Lambda contract), which answers with the response as JSON.
         *
         * @param functionName the function's name
         * @param url an http or https URL
         * @return this builder
         */
        public Builder transformer(String functionName, URI url) {
            if (functionName == null || functionName.isEmpty()) {
                throw new IllegalArgumentException("functionName must not be empty");
            }
            String scheme = Objects.requireNonNull(url, "url").getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new IllegalArgumentException("Not an http(s) URL: " + url);
            }
            Map<String, URI> copy = new java.util.LinkedHashMap<>(transformerUrls);
            copy.put(functionName, url);
            this.transformerUrls = java.util.Collections.unmodifiableMap(copy);
            return this;
        }

        /**
         * A backend with these settings, not started yet.
         *
         * @return the backend
         */
        public LocalBackend build() {
            if (fsync && dataDirectory == null) {
                throw new IllegalStateException("fsync needs a data directory; an in-memory backend has no disk");
            }
            Builder copy = new Builder();
            copy.port = port;
            copy.bindAddress = bindAddress;
            copy.dataDirectory = dataDirectory;
            copy.fsync = fsync;
            copy.clock = clock;
            copy.createDelay = createDelay;
            copy.deleteDelay = deleteDelay;
            copy.updateDelay = updateDelay;
            copy.subscriptionLifetime = subscriptionLifetime;
            copy.shardThroughputLimits = shardThroughputLimits;
            copy.tls = tls;
            copy.accessKeys = accessKeys;
            copy.tlsKeyStore = tlsKeyStore;
            copy.tlsKeyStorePassword = tlsKeyStorePassword == null ? null : tlsKeyStorePassword.clone();
            copy.defaultRegion = defaultRegion;
            copy.maxRequestBytes = maxRequestBytes;
            copy.shardLimit = shardLimit;
            copy.segmentBytes = segmentBytes;
            copy.maintenanceInterval = maintenanceInterval;
            copy.ioThreads = ioThreads;
            copy.apiThreads = apiThreads;
            copy.s3Directory = s3Directory;
            copy.meterRegistry = meterRegistry;
            copy.transformers = transformers;
            copy.transformerUrls = transformerUrls;
            copy.s3Endpoint = s3Endpoint;
            return new LocalBackend(copy);
        }

        private static Duration nonNegative(Duration value, String name) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be zero or positive: " + value);
            }
            return value;
        }

        private static int positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
