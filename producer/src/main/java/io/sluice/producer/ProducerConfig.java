package io.sluice.producer;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executor;
import io.sluice.producer.internal.KplProperties;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * How a {@link KinesisProducer} aggregates, batches, paces, retries and bounds its memory. The KPL's settings keep
 * their names and defaults; Sluice adds the buffer bounds, the time {@code addUserRecord} may block, and the
 * backoff bounds. {@link #fromKplProperties} reads a KPL {@code .properties} file.
 *
 * <p>Immutable and thread-safe. Built by {@link #builder()}, whose setters reject a bad value at the call that
 * gives it.
 */
public final class ProducerConfig {

    /** Default: user records are aggregated into KPL aggregated records. */
    public static final boolean DEFAULT_AGGREGATION_ENABLED = true;
    /** Default and largest number of user records in one aggregated record (the KPL's, 2^32 - 1). */
    public static final long DEFAULT_AGGREGATION_MAX_COUNT = 4_294_967_295L;
    /** Default size limit of an aggregated record in bytes, data plus partition key (the KPL's). */
    public static final int DEFAULT_AGGREGATION_MAX_SIZE = 51_200;
    /** Default and largest number of Kinesis records in one PutRecords request. */
    public static final int DEFAULT_COLLECTION_MAX_COUNT = 500;
    /** Default and largest size of one PutRecords request in bytes (5 MiB). */
    public static final int DEFAULT_COLLECTION_MAX_SIZE = 5 * 1024 * 1024;
    /** Default longest time a user record waits to be batched. */
    public static final Duration DEFAULT_RECORD_MAX_BUFFERED_TIME = Duration.ofMillis(100);
    /** Default time after which a user record not yet put fails as expired. */
    public static final Duration DEFAULT_RECORD_TTL = Duration.ofSeconds(30);
    /** Default pace of each shard, in percent of its limits (1,000 records/s and 1 MiB/s). */
    public static final long DEFAULT_RATE_LIMIT = 150;
    /** Default number of PutRecords requests in flight at once (the KPL's connection count). */
    public static final int DEFAULT_MAX_CONNECTIONS = 24;
    /** Default time a PutRecords request may take. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMillis(6_000);
    /** Default time to open a connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(6_000);
    /** Default: a throttled record is retried, not failed. */
    public static final boolean DEFAULT_FAIL_IF_THROTTLED = false;
    /** Default bound on the heap used for buffering, 32 MiB (as Kafka's producer's {@code buffer.memory}). */
    public static final long DEFAULT_MAX_BUFFERED_BYTES = 32L * 1024 * 1024;
    /** Default bound on buffered user records. */
    public static final int DEFAULT_MAX_BUFFERED_RECORDS = 200_000;
    /** Default longest time {@code addUserRecord} blocks while the buffer is full. */
    public static final Duration DEFAULT_MAX_BLOCK_TIME = Duration.ofSeconds(60);
    /** Default base of the exponential backoff between retries. */
    public static final Duration DEFAULT_RETRY_BASE_DELAY = Duration.ofMillis(100);
    /** Default cap of the backoff between retries. */
    public static final Duration DEFAULT_RETRY_MAX_DELAY = Duration.ofSeconds(5);
    /** Default deadline of {@link KinesisProducer#close()}. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /** The most Kinesis allows in one record and one request, and the smallest aggregate worth making. */
    static final int MIN_AGGREGATION_MAX_SIZE = 64;
    static final int MAX_RECORD_SIZE = 1024 * 1024;

    private final String region;
    private final URI endpoint;
    private final AwsCredentialsProvider credentialsProvider;
    private final boolean verifyCertificate;
    private final boolean aggregationEnabled;
    private final long aggregationMaxCount;
    private final int aggregationMaxSize;
    private final int collectionMaxCount;
    private final int collectionMaxSize;
    private final Duration recordMaxBufferedTime;
    private final Duration recordTtl;
    private final long rateLimit;
    private final int maxConnections;
    private final Duration requestTimeout;
    private final Duration connectTimeout;
    private final boolean failIfThrottled;
    private final long maxBufferedBytes;
    private final int maxBufferedRecords;
    private final Duration maxBlockTime;
    private final Duration retryBaseDelay;
    private final Duration retryMaxDelay;
    private final Duration closeTimeout;
    private final Executor callbackExecutor;
    private final MeterRegistry meterRegistry;
    private final Clock clock;

    private ProducerConfig(Builder b) {
        this.region = b.region;
        this.endpoint = b.endpoint;
        this.credentialsProvider = b.credentialsProvider;
        this.verifyCertificate = b.verifyCertificate;
        this.aggregationEnabled = b.aggregationEnabled;
        this.aggregationMaxCount = b.aggregationMaxCount;
        this.aggregationMaxSize = b.aggregationMaxSize;
        this.collectionMaxCount = b.collectionMaxCount;
        this.collectionMaxSize = b.collectionMaxSize;
        this.recordMaxBufferedTime = b.recordMaxBufferedTime;
        this.recordTtl = b.recordTtl;
        this.rateLimit = b.rateLimit;
        this.maxConnections = b.maxConnections;
        this.requestTimeout = b.requestTimeout;
        this.connectTimeout = b.connectTimeout;
        this.failIfThrottled = b.failIfThrottled;
        this.maxBufferedBytes = b.maxBufferedBytes;
        this.maxBufferedRecords = b.maxBufferedRecords;
        this.maxBlockTime = b.maxBlockTime;
        this.retryBaseDelay = b.retryBaseDelay;
        this.retryMaxDelay = b.retryMaxDelay;
        this.closeTimeout = b.closeTimeout;
        this.callbackExecutor = b.callbackExecutor;
        this.meterRegistry = b.meterRegistry;
        this.clock = b.clock;
    }

    /**
     * A builder with every default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Every default; the region and endpoint come from the SDK's chains.
     *
     * @return the default configuration
     */
    public static ProducerConfig defaults() {
        return builder().build();
    }

    /**
     * Reads a KPL configuration file: the KPL's key names (for example {@code AggregationMaxSize},
     * {@code RecordTtl} in milliseconds, {@code KinesisEndpoint} and {@code KinesisPort}) and Sluice's own
     * ({@code MaxBufferedBytes}, {@code MaxBufferedRecords}, {@code MaxBlockTime}, {@code RetryBaseDelay},
     * {@code RetryMaxDelay}, in bytes and milliseconds). Settings of the KPL that have no meaning here (its native
     * process, its CloudWatch upload) are accepted and logged as ignored.
     *
     * @param file the {@code .properties} file (UTF-8)
     * @return a builder holding the file's settings over the defaults
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException naming the key, when a value is malformed or out of range, or a key is
     *     unknown
     */
    public static Builder fromKplProperties(Path file) throws IOException {
        return KplProperties.load(file);
    }

    /**
     * As {@link #fromKplProperties(Path)}, from properties already read.
     *
     * @param properties the settings
     * @return a builder holding them over the defaults
     */
    public static Builder fromKplProperties(Properties properties) {
        return KplProperties.apply(properties, builder());
    }

    /**
     * A builder holding this configuration's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.region = region;
        b.endpoint = endpoint;
        b.credentialsProvider = credentialsProvider;
        b.verifyCertificate = verifyCertificate;
        b.aggregationEnabled = aggregationEnabled;
        b.aggregationMaxCount = aggregationMaxCount;
        b.aggregationMaxSize = aggregationMaxSize;
        b.collectionMaxCount = collectionMaxCount;
        b.collectionMaxSize = collectionMaxSize;
        b.recordMaxBufferedTime = recordMaxBufferedTime;
        b.recordTtl = recordTtl;
        b.rateLimit = rateLimit;
        b.maxConnections = maxConnections;
        b.requestTimeout = requestTimeout;
        b.connectTimeout = connectTimeout;
        b.failIfThrottled = failIfThrottled;
        b.maxBufferedBytes = maxBufferedBytes;
        b.maxBufferedRecords = maxBufferedRecords;
        b.maxBlockTime = maxBlockTime;
        b.retryBaseDelay = retryBaseDelay;
        b.retryMaxDelay = retryMaxDelay;
        b.closeTimeout = closeTimeout;
        b.callbackExecutor = callbackExecutor;
        b.meterRegistry = meterRegistry;
        b.clock = clock;
        return b;
    }

    /**
     * The region to sign for, or empty for the SDK's region chain.
     *
     * @return the {@code region} setting
     */
    public Optional<String> region() {
        return Optional.ofNullable(region);
    }

    /**
     * The Kinesis endpoint, or empty for the region's.
     *
     * @return the {@code endpoint} setting
     */
    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /**
     * The credentials, or empty for the SDK's default chain.
     *
     * @return the {@code credentialsProvider} setting
     */
    public Optional<AwsCredentialsProvider> credentialsProvider() {
        return Optional.ofNullable(credentialsProvider);
    }

    /**
     * The {@code verifyCertificate} setting.
     *
     * @return the {@code verifyCertificate} setting
     */
    public boolean verifyCertificate() {
        return verifyCertificate;
    }

    /**
     * The {@code aggregationEnabled} setting.
     *
     * @return the {@code aggregationEnabled} setting
     */
    public boolean aggregationEnabled() {
        return aggregationEnabled;
    }

    /**
     * The {@code aggregationMaxCount} setting.
     *
     * @return the {@code aggregationMaxCount} setting
     */
    public long aggregationMaxCount() {
        return aggregationMaxCount;
    }

    /**
     * The {@code aggregationMaxSize} setting.
     *
     * @return the {@code aggregationMaxSize} setting
     */
    public int aggregationMaxSize() {
        return aggregationMaxSize;
    }

    /**
     * The {@code collectionMaxCount} setting.
     *
     * @return the {@code collectionMaxCount} setting
     */
    public int collectionMaxCount() {
        return collectionMaxCount;
    }

    /**
     * The {@code collectionMaxSize} setting.
     *
     * @return the {@code collectionMaxSize} setting
     */
    public int collectionMaxSize() {
        return collectionMaxSize;
    }

    /**
     * The {@code recordMaxBufferedTime} setting.
     *
     * @return the {@code recordMaxBufferedTime} setting
     */
    public Duration recordMaxBufferedTime() {
        return recordMaxBufferedTime;
    }

    /**
     * The {@code recordTtl} setting.
     *
     * @return the {@code recordTtl} setting
     */
    public Duration recordTtl() {
        return recordTtl;
    }

    /**
     * The {@code rateLimit} setting.
     *
     * @return the {@code rateLimit} setting
     */
    public long rateLimit() {
        return rateLimit;
    }

    /**
     * The {@code maxConnections} setting.
     *
     * @return the {@code maxConnections} setting
     */
    public int maxConnections() {
        return maxConnections;
    }

    /**
     * The {@code requestTimeout} setting.
     *
     * @return the {@code requestTimeout} setting
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * The {@code connectTimeout} setting.
     *
     * @return the {@code connectTimeout} setting
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * The {@code failIfThrottled} setting.
     *
     * @return the {@code failIfThrottled} setting
     */
    public boolean failIfThrottled() {
        return failIfThrottled;
    }

    /**
     * The {@code maxBufferedBytes} setting.
     *
     * @return the {@code maxBufferedBytes} setting
     */
    public long maxBufferedBytes() {
        return maxBufferedBytes;
    }

    /**
     * The most bytes of PutRecords requests in flight at once, derived from the buffer bound: an eighth of it, and
     * at least one request of {@link #collectionMaxSize()} (and 1 MiB). The SDK holds each request twice more
     * while it marshals and sends it, so user records may fill the bound less twice this.
     *
     * @return the {@code maxInFlightBytes} setting
     */
    public long maxInFlightBytes() {
        return inFlightBytes(maxBufferedBytes, collectionMaxSize);
    }

    /**
     * The part of the buffer bound user records may fill: the bound less twice {@link #maxInFlightBytes()}.
     *
     * @return the {@code maxBufferedRecordBytes} setting
     */
    public long maxBufferedRecordBytes() {
        return maxBufferedBytes - 2 * maxInFlightBytes();
    }

    private static long inFlightBytes(long bound, int collectionMaxSize) {
        return Math.max(bound / 8, Math.max(collectionMaxSize, MAX_RECORD_SIZE));
    }

    /**
     * The {@code maxBufferedRecords} setting.
     *
     * @return the {@code maxBufferedRecords} setting
     */
    public int maxBufferedRecords() {
        return maxBufferedRecords;
    }

    /**
     * The {@code maxBlockTime} setting.
     *
     * @return the {@code maxBlockTime} setting
     */
    public Duration maxBlockTime() {
        return maxBlockTime;
    }

    /**
     * The {@code retryBaseDelay} setting.
     *
     * @return the {@code retryBaseDelay} setting
     */
    public Duration retryBaseDelay() {
        return retryBaseDelay;
    }

    /**
     * The {@code retryMaxDelay} setting.
     *
     * @return the {@code retryMaxDelay} setting
     */
    public Duration retryMaxDelay() {
        return retryMaxDelay;
    }

    /**
     * The {@code closeTimeout} setting.
     *
     * @return the {@code closeTimeout} setting
     */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /**
     * Where futures are completed (and so where their callbacks run), or empty for the producer's own threads.
     *
     * @return the {@code callbackExecutor} setting
     */
    public Optional<Executor> callbackExecutor() {
        return Optional.ofNullable(callbackExecutor);
    }

    /**
     * Where metrics go, or empty for nowhere.
     *
     * @return the {@code meterRegistry} setting
     */
    public Optional<MeterRegistry> meterRegistry() {
        return Optional.ofNullable(meterRegistry);
    }

    /**
     * The {@code clock} setting.
     *
     * @return the {@code clock} setting
     */
    public Clock clock() {
        return clock;
    }

    /**
     * Builds a {@link ProducerConfig}. Each setter validates its value and throws {@link IllegalArgumentException}
     * naming the setting; {@link #build()} checks the settings against each other.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {

        private String region;
        private URI endpoint;
        private AwsCredentialsProvider credentialsProvider;
        private boolean verifyCertificate = true;
        private boolean aggregationEnabled = DEFAULT_AGGREGATION_ENABLED;
        private long aggregationMaxCount = DEFAULT_AGGREGATION_MAX_COUNT;
        private int aggregationMaxSize = DEFAULT_AGGREGATION_MAX_SIZE;
        private int collectionMaxCount = DEFAULT_COLLECTION_MAX_COUNT;
        private int collectionMaxSize = DEFAULT_COLLECTION_MAX_SIZE;
        private Duration recordMaxBufferedTime = DEFAULT_RECORD_MAX_BUFFERED_TIME;
        private Duration recordTtl = DEFAULT_RECORD_TTL;
        private long rateLimit = DEFAULT_RATE_LIMIT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private boolean failIfThrottled = DEFAULT_FAIL_IF_THROTTLED;
        private long maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES;
        private int maxBufferedRecords = DEFAULT_MAX_BUFFERED_RECORDS;
        private Duration maxBlockTime = DEFAULT_MAX_BLOCK_TIME;
        private Duration retryBaseDelay = DEFAULT_RETRY_BASE_DELAY;
        private Duration retryMaxDelay = DEFAULT_RETRY_MAX_DELAY;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private Executor callbackExecutor;
        private MeterRegistry meterRegistry;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * The region to sign for, for example {@code us-east-1}.
         *
         * @param region the new value
         * @return this builder
         */
        public Builder region(String region) {
            if (region == null || region.isBlank()) {
                throw new IllegalArgumentException("region must not be blank");
            }
            this.region = region;
            return this;
        }

        /**
         * The Kinesis endpoint, {@code http://} or {@code https://}.
         *
         * @param endpoint the new value
         * @return this builder
         */
        public Builder endpoint(URI endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
                throw new IllegalArgumentException("endpoint must be http:// or https://: " + endpoint);
            }
            this.endpoint = endpoint;
            return this;
        }

        /**
         * Sets {@code credentialsProvider}.
         *
         * @param credentialsProvider the new value
         * @return this builder
         */
        public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
            this.credentialsProvider = Objects.requireNonNull(credentialsProvider, "credentialsProvider");
            return this;
        }

        /**
         * Whether the endpoint's TLS certificate is checked (default true). Turning it off trusts any certificate,
         * as the KPL's {@code VerifyCertificate=false} does: for a local endpoint only.
         *
         * @param verifyCertificate the new value
         * @return this builder
         */
        public Builder verifyCertificate(boolean verifyCertificate) {
            this.verifyCertificate = verifyCertificate;
            return this;
        }

        /**
         * Sets {@code aggregationEnabled}.
         *
         * @param aggregationEnabled the new value
         * @return this builder
         */
        public Builder aggregationEnabled(boolean aggregationEnabled) {
            this.aggregationEnabled = aggregationEnabled;
            return this;
        }

        /**
         * The most user records in one aggregated record: 1 to 4,294,967,295.
         *
         * @param aggregationMaxCount the new value
         * @return this builder
         */
        public Builder aggregationMaxCount(long aggregationMaxCount) {
            this.aggregationMaxCount = check("aggregationMaxCount", aggregationMaxCount, 1,
                    DEFAULT_AGGREGATION_MAX_COUNT);
            return this;
        }

        /**
         * The most bytes of one aggregated record, data plus partition key: 64 to 1,048,576.
         *
         * @param aggregationMaxSize the new value
         * @return this builder
         */
        public Builder aggregationMaxSize(int aggregationMaxSize) {
            this.aggregationMaxSize = (int) check("aggregationMaxSize", aggregationMaxSize, MIN_AGGREGATION_MAX_SIZE,
                    MAX_RECORD_SIZE);
            return this;
        }

        /**
         * The most Kinesis records in one PutRecords request: 1 to 500.
         *
         * @param collectionMaxCount the new value
         * @return this builder
         */
        public Builder collectionMaxCount(int collectionMaxCount) {
            this.collectionMaxCount = (int) check("collectionMaxCount", collectionMaxCount, 1,
                    DEFAULT_COLLECTION_MAX_COUNT);
            return this;
        }

        /**
         * The most bytes in one PutRecords request, data plus partition keys: 52,224 to 5 MiB.
         *
         * @param collectionMaxSize the new value
         * @return this builder
         */
        public Builder collectionMaxSize(int collectionMaxSize) {
            this.collectionMaxSize = (int) check("collectionMaxSize", collectionMaxSize, 52_224,
                    DEFAULT_COLLECTION_MAX_SIZE);
            return this;
        }

        /**
         * The longest a user record waits for others to share its aggregate and request: 0 to 10 minutes.
         *
         * @param recordMaxBufferedTime the new value
         * @return this builder
         */
        public Builder recordMaxBufferedTime(Duration recordMaxBufferedTime) {
            this.recordMaxBufferedTime = checkDuration("recordMaxBufferedTime", recordMaxBufferedTime,
                    Duration.ZERO, Duration.ofMinutes(10));
            return this;
        }

        /**
         * How long a user record may stay unput before it fails as expired: 100 ms to 1 day.
         *
         * @param recordTtl the new value
         * @return this builder
         */
        public Builder recordTtl(Duration recordTtl) {
            this.recordTtl = checkDuration("recordTtl", recordTtl, Duration.ofMillis(100), Duration.ofDays(1));
            return this;
        }

        /**
         * Each shard's pace in percent of its limits (1,000 records/s, 1 MiB/s): 1 to 1,000,000. Above 100 the
         * producer leans on Kinesis's own throttling for the rest, as the KPL's default of 150 does.
         *
         * @param rateLimit the new value
         * @return this builder
         */
        public Builder rateLimit(long rateLimit) {
            this.rateLimit = check("rateLimit", rateLimit, 1, 1_000_000);
            return this;
        }

        /**
         * The most PutRecords requests in flight, and HTTP connections open: 1 to 256.
         *
         * @param maxConnections the new value
         * @return this builder
         */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = (int) check("maxConnections", maxConnections, 1, 256);
            return this;
        }

        /**
         * How long one PutRecords request may take: 100 ms to 10 minutes.
         *
         * @param requestTimeout the new value
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = checkDuration("requestTimeout", requestTimeout, Duration.ofMillis(100),
                    Duration.ofMinutes(10));
            return this;
        }

        /**
         * How long opening a connection may take: 100 ms to 5 minutes.
         *
         * @param connectTimeout the new value
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = checkDuration("connectTimeout", connectTimeout, Duration.ofMillis(100),
                    Duration.ofMinutes(5));
            return this;
        }

        /**
         * Whether a throttled record fails at once instead of being retried with backoff.
         *
         * @param failIfThrottled the new value
         * @return this builder
         */
        public Builder failIfThrottled(boolean failIfThrottled) {
            this.failIfThrottled = failIfThrottled;
            return this;
        }

        /**
         * The bound on the heap the producer's buffering uses: 4 MiB to 64 GiB. Part of it is for requests in flight
         * ({@link ProducerConfig#maxInFlightBytes()}, counted three times because the SDK copies each request twice
         * while sending it); user records (data, keys and a fixed estimate of their bookkeeping) fill the rest, from
         * being added until their future completes. A record that finds no room waits (see {@link #maxBlockTime}).
         * With the default collectionMaxSize of 5 MiB, the bound must be at least 12 MiB.
         *
         * @param maxBufferedBytes the new value
         * @return this builder
         */
        public Builder maxBufferedBytes(long maxBufferedBytes) {
            this.maxBufferedBytes = check("maxBufferedBytes", maxBufferedBytes, 4L * 1024 * 1024,
                    64L * 1024 * 1024 * 1024);
            return this;
        }

        /**
         * The most user records held at once: 1 to 100,000,000.
         *
         * @param maxBufferedRecords the new value
         * @return this builder
         */
        public Builder maxBufferedRecords(int maxBufferedRecords) {
            this.maxBufferedRecords = (int) check("maxBufferedRecords", maxBufferedRecords, 1, 100_000_000);
            return this;
        }

        /**
         * How long {@code addUserRecord} waits for buffer space before failing: 0 to 1 hour.
         *
         * @param maxBlockTime the new value
         * @return this builder
         */
        public Builder maxBlockTime(Duration maxBlockTime) {
            this.maxBlockTime = checkDuration("maxBlockTime", maxBlockTime, Duration.ZERO, Duration.ofHours(1));
            return this;
        }

        /**
         * The base of the exponential backoff: retry n waits a random time up to base * 2^(n-1).
         *
         * @param retryBaseDelay the new value
         * @return this builder
         */
        public Builder retryBaseDelay(Duration retryBaseDelay) {
            this.retryBaseDelay = checkDuration("retryBaseDelay", retryBaseDelay, Duration.ofMillis(1),
                    Duration.ofMinutes(1));
            return this;
        }

        /**
         * The cap of the backoff between retries.
         *
         * @param retryMaxDelay the new value
         * @return this builder
         */
        public Builder retryMaxDelay(Duration retryMaxDelay) {
            this.retryMaxDelay = checkDuration("retryMaxDelay", retryMaxDelay, Duration.ofMillis(1),
                    Duration.ofMinutes(10));
            return this;
        }

        /**
         * The deadline of {@link KinesisProducer#close()}: 0 to 1 hour.
         *
         * @param closeTimeout the new value
         * @return this builder
         */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = checkDuration("closeTimeout", closeTimeout, Duration.ZERO, Duration.ofHours(1));
            return this;
        }

        /**
         * Where user records' futures are completed, so where their dependent callbacks run. Never the sender
         * thread; by default two daemon threads of the producer's own.
         *
         * @param callbackExecutor the new value
         * @return this builder
         */
        public Builder callbackExecutor(Executor callbackExecutor) {
            this.callbackExecutor = Objects.requireNonNull(callbackExecutor, "callbackExecutor");
            return this;
        }

        /**
         * Where the KPL-named metrics go (by default nowhere).
         *
         * @param meterRegistry the new value
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
            return this;
        }

        /**
         * The clock every time decision reads; tests pass a fake one.
         *
         * @param clock the new value
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The configuration.
         *
         * @return the configuration, immutable
         * @throws IllegalArgumentException when settings contradict each other
         */
        public ProducerConfig build() {
            if (retryMaxDelay.compareTo(retryBaseDelay) < 0) {
                throw new IllegalArgumentException("retryMaxDelay (" + retryMaxDelay
                        + ") must not be below retryBaseDelay (" + retryBaseDelay + ")");
            }
            long recordRoom = maxBufferedBytes - 2 * inFlightBytes(maxBufferedBytes, collectionMaxSize);
            if (recordRoom < 2L * MAX_RECORD_SIZE) {
                throw new IllegalArgumentException("maxBufferedBytes (" + maxBufferedBytes + ") leaves " + recordRoom
                        + " bytes for records once requests in flight are counted; it must be at least 2 MiB plus "
                        + "twice the larger of collectionMaxSize (" + collectionMaxSize + ") and 1 MiB");
            }
            if (aggregationMaxSize > collectionMaxSize) {
                throw new IllegalArgumentException("aggregationMaxSize (" + aggregationMaxSize
                        + ") must not be above collectionMaxSize (" + collectionMaxSize + ")");
            }
            return new ProducerConfig(this);
        }

        private static long check(String name, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be " + min + " to " + max + ": " + value);
            }
            return value;
        }

        private static Duration checkDuration(String name, Duration value, Duration min, Duration max) {
            Objects.requireNonNull(value, name);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + " must be " + min + " to " + max + ": " + value);
            }
            return value;
        }
    }
}
