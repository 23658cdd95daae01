package io.sluice.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How a {@link Scheduler} leases, reads and processes: the application (whose name is the lease table's), the
 * stream, where new shards start, the lease timings, the retrieval mode and its bounds, the failure policy, the
 * metrics registry and the clock.
 *
 * <p>The lease timings default to the KCL's failover time (10 s). A worker is judged alive by its heartbeat in the
 * worker table (every third of the failover time), so each lease's counter needs moving only once per failover
 * time rather than three times as in the KCL, which saves most of the lease table's writes. Leases are taken
 * every {@value #DEFAULT_TAKE_INTERVAL_MILLIS} ms rather than every 20 s: a lease released by a worker that shuts
 * down gracefully is picked up within one take interval, and a crashed worker's within the failover time plus one
 * take interval. One take costs one consistent scan of the lease table and one of the worker table.
 *
 * <p>Immutable and thread-safe. Built by {@link #builder(String, String)}, whose setters reject a bad value at the
 * call that gives it, and whose {@link Builder#build()} rejects contradictions between values.
 */
public final class ConsumerConfig {

    /** Default: a worker with no checkpoint for a shard starts after its last record. */
    public static final InitialPosition DEFAULT_INITIAL_POSITION = InitialPosition.LATEST;
    /** Default time after which a lease whose counter has not moved is taken from its owner (the KCL's). */
    public static final Duration DEFAULT_FAILOVER_TIME = Duration.ofSeconds(10);
    /** Default interval between attempts to take leases, in milliseconds. */
    public static final long DEFAULT_TAKE_INTERVAL_MILLIS = 1_000;
    /** Default interval between attempts to take leases. */
    public static final Duration DEFAULT_TAKE_INTERVAL = Duration.ofMillis(DEFAULT_TAKE_INTERVAL_MILLIS);
    /** Default interval between shard listings (new leases also come from shard ends at once). */
    public static final Duration DEFAULT_SHARD_SYNC_INTERVAL = Duration.ofSeconds(60);
    /** Default: no limit on the leases one worker holds. */
    public static final int DEFAULT_MAX_LEASES_PER_WORKER = Integer.MAX_VALUE;
    /** Default number of leases stolen from an overloaded worker in one take (the KCL's). */
    public static final int DEFAULT_MAX_LEASES_TO_STEAL_AT_ONCE = 1;
    /** Default retrieval mode: polling, which costs nothing beyond GetRecords calls. */
    public static final RetrievalMode DEFAULT_RETRIEVAL_MODE = RetrievalMode.POLLING;
    /** Default wait between GetRecords calls of a shard that is caught up (a shard behind is read again sooner). */
    public static final Duration DEFAULT_POLLING_INTERVAL = Duration.ofMillis(500);
    /** Default and largest number of records asked for in one GetRecords call. */
    public static final int DEFAULT_MAX_RECORDS = 10_000;
    /** Default bound on user records fetched ahead of the processor, per shard. */
    public static final int DEFAULT_MAX_PREFETCH_RECORDS = 20_000;
    /** Default bound on bytes fetched ahead of the processor, per shard (16 MiB). */
    public static final long DEFAULT_MAX_PREFETCH_BYTES = 16L * 1024 * 1024;
    /** Default longest wait for the lease and worker tables to become active at start. */
    public static final Duration DEFAULT_TABLE_TIMEOUT = Duration.ofMinutes(2);

    private final String applicationName;
    private final String streamName;
    private final InitialPosition initialPosition;
    private final String workerId;
    private final Duration failoverTime;
    private final Duration renewInterval;
    private final Duration heartbeatInterval;
    private final Duration takeInterval;
    private final Duration shardSyncInterval;
    private final int maxLeasesPerWorker;
    private final int maxLeasesToStealAtOnce;
    private final RetrievalMode retrievalMode;
    private final String consumerName;
    private final Duration pollingInterval;
    private final int maxRecords;
    private final int maxPrefetchRecords;
    private final long maxPrefetchBytes;
    private final FailurePolicy failurePolicy;
    private final Duration tableTimeout;
    private final MeterRegistry meterRegistry;
    private final Clock clock;

    private ConsumerConfig(Builder b) {
        applicationName = b.applicationName;
        streamName = b.streamName;
        initialPosition = b.initialPosition;
        workerId = b.workerId != null ? b.workerId : "worker-" + UUID.randomUUID();
        failoverTime = b.failoverTime;
        renewInterval = b.renewInterval != null ? b.renewInterval : b.failoverTime.multipliedBy(9).dividedBy(10);
        heartbeatInterval = b.heartbeatInterval != null ? b.heartbeatInterval : b.failoverTime.dividedBy(3);
        takeInterval = b.takeInterval;
        shardSyncInterval = b.shardSyncInterval;
        maxLeasesPerWorker = b.maxLeasesPerWorker;
        maxLeasesToStealAtOnce = b.maxLeasesToStealAtOnce;
        retrievalMode = b.retrievalMode;
        consumerName = b.consumerName != null ? b.consumerName : b.applicationName;
        pollingInterval = b.pollingInterval;
        maxRecords = b.maxRecords;
        maxPrefetchRecords = b.maxPrefetchRecords;
        maxPrefetchBytes = b.maxPrefetchBytes;
        failurePolicy = b.failurePolicy;
        tableTimeout = b.tableTimeout;
        meterRegistry = b.meterRegistry != null ? b.meterRegistry : new SimpleMeterRegistry();
        clock = b.clock;
        if (renewInterval.compareTo(failoverTime) >= 0) {
            throw new IllegalArgumentException("renewInterval " + renewInterval + " must be shorter than failoverTime "
                    + failoverTime + ", or every lease would expire between renewals");
        }
        if (heartbeatInterval.compareTo(failoverTime.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("heartbeatInterval " + heartbeatInterval + " must be at most half of "
                    + "failoverTime " + failoverTime + ", or a live worker would look dead between heartbeats");
        }
    }

    /**
     * A builder for an application reading a stream.
     *
     * @param applicationName the application's name, also the lease table's (3 to 255 characters of
     *     {@code [a-zA-Z0-9_.-]}); its worker table is {@code <applicationName>-workers}
     * @param streamName the stream's name, or its ARN
     * @return a builder with every other setting at its default
     */
    public static Builder builder(String applicationName, String streamName) {
        return new Builder(applicationName, streamName);
    }

    /**
     * The application's name, which is also the lease table's.
     *
     * @return the {@code applicationName} setting
     */
    public String applicationName() {
        return applicationName;
    }

    /**
     * The lease table's name (the application's name).
     *
     * @return the {@code leaseTableName} setting
     */
    public String leaseTableName() {
        return applicationName;
    }

    /**
     * The stream's name or ARN.
     *
     * @return the {@code streamName} setting
     */
    public String streamName() {
        return streamName;
    }

    /**
     * Where a shard with no checkpoint is first read (default {@link #DEFAULT_INITIAL_POSITION}).
     *
     * @return the {@code initialPosition} setting
     */
    public InitialPosition initialPosition() {
        return initialPosition;
    }

    /**
     * This worker's id, unique in the application.
     *
     * @return the {@code workerId} setting
     */
    public String workerId() {
        return workerId;
    }

    /**
     * How long a lease's counter may stand still before other workers take the lease (default {@link
     * #DEFAULT_FAILOVER_TIME}).
     *
     * @return the {@code failoverTime} setting
     */
    public Duration failoverTime() {
        return failoverTime;
    }

    /**
     * How often each held lease's counter is moved (nine tenths of the failover time unless set).
     *
     * @return the {@code renewInterval} setting
     */
    public Duration renewInterval() {
        return renewInterval;
    }

    /**
     * How often the worker publishes its heartbeat to the worker table (a third of the failover time).
     *
     * @return the {@code heartbeatInterval} setting
     */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /**
     * How often the worker tries to take leases: expired ones, unowned ones, and its fair share from overloaded workers
     * (default {@link #DEFAULT_TAKE_INTERVAL}).
     *
     * @return the {@code takeInterval} setting
     */
    public Duration takeInterval() {
        return takeInterval;
    }

    /**
     * How often the stream's shards are listed to create leases for new ones (default {@link
     * #DEFAULT_SHARD_SYNC_INTERVAL}); a shard's children get leases as soon as it ends, without waiting for a listing.
     *
     * @return the {@code shardSyncInterval} setting
     */
    public Duration shardSyncInterval() {
        return shardSyncInterval;
    }

    /**
     * The most leases this worker holds at once (default no limit).
     *
     * @return the {@code maxLeasesPerWorker} setting
     */
    public int maxLeasesPerWorker() {
        return maxLeasesPerWorker;
    }

    /**
     * The most leases taken from overloaded workers in one take (default {@link #DEFAULT_MAX_LEASES_TO_STEAL_AT_ONCE}).
     *
     * @return the {@code maxLeasesToStealAtOnce} setting
     */
    public int maxLeasesToStealAtOnce() {
        return maxLeasesToStealAtOnce;
    }

    /**
     * How records are read: by polling GetRecords or by enhanced fan-out SubscribeToShard (default {@link
     * #DEFAULT_RETRIEVAL_MODE}).
     *
     * @return the {@code retrievalMode} setting
     */
    public RetrievalMode retrievalMode() {
        return retrievalMode;
    }

    /**
     * The enhanced fan-out consumer's name (the application's name unless set).
     *
     * @return the {@code consumerName} setting
     */
    public String consumerName() {
        return consumerName;
    }

    /**
     * The wait between GetRecords calls of a shard that is caught up (default {@link #DEFAULT_POLLING_INTERVAL}); a
     * shard that is behind is read again at once.
     *
     * @return the {@code pollingInterval} setting
     */
    public Duration pollingInterval() {
        return pollingInterval;
    }

    /**
     * Records asked for in one GetRecords call (default and most {@link #DEFAULT_MAX_RECORDS}).
     *
     * @return the {@code maxRecords} setting
     */
    public int maxRecords() {
        return maxRecords;
    }

    /**
     * The most user records fetched ahead of the processor, per shard (default {@link #DEFAULT_MAX_PREFETCH_RECORDS});
     * reading pauses at this bound.
     *
     * @return the {@code maxPrefetchRecords} setting
     */
    public int maxPrefetchRecords() {
        return maxPrefetchRecords;
    }

    /**
     * The most bytes fetched ahead of the processor, per shard (default {@link #DEFAULT_MAX_PREFETCH_BYTES}, at least 1
     * MiB); reading pauses at this bound.
     *
     * @return the {@code maxPrefetchBytes} setting
     */
    public long maxPrefetchBytes() {
        return maxPrefetchBytes;
    }

    /**
     * What happens when a processor throws (default {@link FailurePolicy#defaults()}).
     *
     * @return the {@code failurePolicy} setting
     */
    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    /**
     * The longest wait for the lease and worker tables to become active at start (default {@link
     * #DEFAULT_TABLE_TIMEOUT}).
     *
     * @return the {@code tableTimeout} setting
     */
    public Duration tableTimeout() {
        return tableTimeout;
    }

    /**
     * The registry meters go to (a private {@link SimpleMeterRegistry} unless one was given).
     *
     * @return the {@code meterRegistry} setting
     */
    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    /**
     * The clock of lease timings and metrics (the system's UTC clock unless set; tests give a fake one).
     *
     * @return the {@code clock} setting
     */
    public Clock clock() {
        return clock;
    }

    /**
     * A builder holding this configuration's values, to derive a changed copy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(applicationName, streamName);
        b.initialPosition = initialPosition;
        b.workerId = workerId;
        b.failoverTime = failoverTime;
        b.renewInterval = renewInterval;
        b.heartbeatInterval = heartbeatInterval;
        b.takeInterval = takeInterval;
        b.shardSyncInterval = shardSyncInterval;
        b.maxLeasesPerWorker = maxLeasesPerWorker;
        b.maxLeasesToStealAtOnce = maxLeasesToStealAtOnce;
        b.retrievalMode = retrievalMode;
        b.consumerName = consumerName;
        b.pollingInterval = pollingInterval;
        b.maxRecords = maxRecords;
        b.maxPrefetchRecords = maxPrefetchRecords;
        b.maxPrefetchBytes = maxPrefetchBytes;
        b.failurePolicy = failurePolicy;
        b.tableTimeout = tableTimeout;
        b.meterRegistry = meterRegistry;
        b.clock = clock;
        return b;
    }

    @Override
    public String toString() {
        return "ConsumerConfig[application=" + applicationName + ", stream=" + streamName + ", worker=" + workerId
                + ", initialPosition=" + initialPosition + ", failover=" + failoverTime + ", renew=" + renewInterval
                + ", heartbeat=" + heartbeatInterval + ", take=" + takeInterval + ", retrieval=" + retrievalMode + ", " + failurePolicy + "]";
    }

    /** Builds a {@link ConsumerConfig}. Not thread-safe. */
    public static final class Builder {

        private final String applicationName;
        private final String streamName;
        private InitialPosition initialPosition = DEFAULT_INITIAL_POSITION;
        private String workerId;
        private Duration failoverTime = DEFAULT_FAILOVER_TIME;
        private Duration renewInterval;
        private Duration heartbeatInterval;
        private Duration takeInterval = DEFAULT_TAKE_INTERVAL;
        private Duration shardSyncInterval = DEFAULT_SHARD_SYNC_INTERVAL;
        private int maxLeasesPerWorker = DEFAULT_MAX_LEASES_PER_WORKER;
        private int maxLeasesToStealAtOnce = DEFAULT_MAX_LEASES_TO_STEAL_AT_ONCE;
        private RetrievalMode retrievalMode = DEFAULT_RETRIEVAL_MODE;
        private String consumerName;
        private Duration pollingInterval = DEFAULT_POLLING_INTERVAL;
        private int maxRecords = DEFAULT_MAX_RECORDS;
        private int maxPrefetchRecords = DEFAULT_MAX_PREFETCH_RECORDS;
        private long maxPrefetchBytes = DEFAULT_MAX_PREFETCH_BYTES;
        private FailurePolicy failurePolicy = FailurePolicy.defaults();
        private Duration tableTimeout = DEFAULT_TABLE_TIMEOUT;
        private MeterRegistry meterRegistry;
        private Clock clock = Clock.systemUTC();

        private Builder(String applicationName, String streamName) {
            Objects.requireNonNull(applicationName, "applicationName");
            if (!applicationName.matches("[a-zA-Z0-9_.-]{3,255}")) {
                throw new IllegalArgumentException("applicationName names the lease table, so it needs 3 to 255 "
                        + "characters of [a-zA-Z0-9_.-]: " + applicationName);
            }
            if (Objects.requireNonNull(streamName, "streamName").isEmpty()) {
                throw new IllegalArgumentException("streamName must not be empty");
            }
            this.applicationName = applicationName;
            this.streamName = streamName;
        }

        /**
         * Where a shard with no checkpoint is first read (default {@link #DEFAULT_INITIAL_POSITION}).
         *
         * @param initialPosition the new value
         * @return this builder
         */
        public Builder initialPosition(InitialPosition initialPosition) {
            this.initialPosition = Objects.requireNonNull(initialPosition, "initialPosition");
            return this;
        }

        /**
         * This worker's id, unique in the application (a random one unless set). Two live processes must never
         * share one: renewals and checkpoints are conditioned on the owner, so they would both process the shards.
         *
         * @param workerId the new value
         * @return this builder
         */
        public Builder workerId(String workerId) {
            if (Objects.requireNonNull(workerId, "workerId").isEmpty()) {
                throw new IllegalArgumentException("workerId must not be empty");
            }
            this.workerId = workerId;
            return this;
        }

        /**
         * How long a lease's counter may stand still before other workers take the lease.
         *
         * @param failoverTime the new value
         * @return this builder
         */
        public Builder failoverTime(Duration failoverTime) {
            this.failoverTime = positive(failoverTime, "failoverTime");
            return this;
        }

        /**
         * How often each held lease's counter is moved (nine tenths of the failover time unless set). A Sluice
         * worker is judged alive by its heartbeat, so renewals mainly show readers of the lease table that
         * know nothing of the worker table (a KCL tool, say) that the lease is held.
         *
         * @param renewInterval the new value
         * @return this builder
         */
        public Builder renewInterval(Duration renewInterval) {
            this.renewInterval = positive(renewInterval, "renewInterval");
            return this;
        }

        /**
         * How often the worker's heartbeat is published (a third of the failover time unless set).
         *
         * @param heartbeatInterval the new value
         * @return this builder
         */
        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = positive(heartbeatInterval, "heartbeatInterval");
            return this;
        }

        /**
         * How often the worker tries to take leases: expired ones, unowned ones, and its fair share from overloaded
         * workers (default {@link #DEFAULT_TAKE_INTERVAL}).
         *
         * @param takeInterval the new value
         * @return this builder
         */
        public Builder takeInterval(Duration takeInterval) {
            this.takeInterval = positive(takeInterval, "takeInterval");
            return this;
        }

        /**
         * How often the stream's shards are listed to create leases for new ones (default {@link
         * #DEFAULT_SHARD_SYNC_INTERVAL}); a shard's children get leases as soon as it ends, without waiting for a
         * listing.
         *
         * @param shardSyncInterval the new value
         * @return this builder
         */
        public Builder shardSyncInterval(Duration shardSyncInterval) {
            this.shardSyncInterval = positive(shardSyncInterval, "shardSyncInterval");
            return this;
        }

        /**
         * The most leases this worker holds at once (default no limit).
         *
         * @param maxLeasesPerWorker the new value
         * @return this builder
         */
        public Builder maxLeasesPerWorker(int maxLeasesPerWorker) {
            this.maxLeasesPerWorker = atLeastOne(maxLeasesPerWorker, "maxLeasesPerWorker");
            return this;
        }

        /**
         * The most leases taken from overloaded workers in one take (default {@link
         * #DEFAULT_MAX_LEASES_TO_STEAL_AT_ONCE}).
         *
         * @param maxLeasesToStealAtOnce the new value
         * @return this builder
         */
        public Builder maxLeasesToStealAtOnce(int maxLeasesToStealAtOnce) {
            this.maxLeasesToStealAtOnce = atLeastOne(maxLeasesToStealAtOnce, "maxLeasesToStealAtOnce");
            return this;
        }

        /**
         * How records are read: by polling GetRecords or by enhanced fan-out SubscribeToShard (default {@link
         * #DEFAULT_RETRIEVAL_MODE}).
         *
         * @param retrievalMode the new value
         * @return this builder
         */
        public Builder retrievalMode(RetrievalMode retrievalMode) {
            this.retrievalMode = Objects.requireNonNull(retrievalMode, "retrievalMode");
            return this;
        }

        /**
         * The enhanced fan-out consumer's name, 1 to 128 characters of {@code [a-zA-Z0-9_.-]}.
         *
         * @param consumerName the new value
         * @return this builder
         */
        public Builder consumerName(String consumerName) {
            if (!Objects.requireNonNull(consumerName, "consumerName").matches("[a-zA-Z0-9_.-]{1,128}")) {
                throw new IllegalArgumentException("Not a valid consumer name: " + consumerName);
            }
            this.consumerName = consumerName;
            return this;
        }

        /**
         * The wait between GetRecords calls of a shard that is caught up (default {@link #DEFAULT_POLLING_INTERVAL}); a
         * shard that is behind is read again at once.
         *
         * @param pollingInterval the new value
         * @return this builder
         */
        public Builder pollingInterval(Duration pollingInterval) {
            this.pollingInterval = positive(pollingInterval, "pollingInterval");
            return this;
        }

        /**
         * Records asked for in one GetRecords call, 1 to 10,000.
         *
         * @param maxRecords the new value
         * @return this builder
         */
        public Builder maxRecords(int maxRecords) {
            if (maxRecords < 1 || maxRecords > DEFAULT_MAX_RECORDS) {
                throw new IllegalArgumentException("maxRecords must be 1 to 10000: " + maxRecords);
            }
            this.maxRecords = maxRecords;
            return this;
        }

        /**
         * The most user records fetched ahead of the processor, per shard (default {@link
         * #DEFAULT_MAX_PREFETCH_RECORDS}); reading pauses at this bound.
         *
         * @param maxPrefetchRecords the new value
         * @return this builder
         */
        public Builder maxPrefetchRecords(int maxPrefetchRecords) {
            this.maxPrefetchRecords = atLeastOne(maxPrefetchRecords, "maxPrefetchRecords");
            return this;
        }

        /**
         * The most bytes fetched ahead of the processor, per shard (default {@link #DEFAULT_MAX_PREFETCH_BYTES}, at
         * least 1 MiB); reading pauses at this bound.
         *
         * @param maxPrefetchBytes the new value
         * @return this builder
         */
        public Builder maxPrefetchBytes(long maxPrefetchBytes) {
            if (maxPrefetchBytes < 1024 * 1024) {
                throw new IllegalArgumentException("maxPrefetchBytes must be at least 1 MiB (one record's most): "
                        + maxPrefetchBytes);
            }
            this.maxPrefetchBytes = maxPrefetchBytes;
            return this;
        }

        /**
         * What happens when a processor throws (default {@link FailurePolicy#defaults()}).
         *
         * @param failurePolicy the new value
         * @return this builder
         */
        public Builder failurePolicy(FailurePolicy failurePolicy) {
            this.failurePolicy = Objects.requireNonNull(failurePolicy, "failurePolicy");
            return this;
        }

        /**
         * The longest wait for the lease and worker tables to become active at start (default {@link
         * #DEFAULT_TABLE_TIMEOUT}).
         *
         * @param tableTimeout the new value
         * @return this builder
         */
        public Builder tableTimeout(Duration tableTimeout) {
            this.tableTimeout = positive(tableTimeout, "tableTimeout");
            return this;
        }

        /**
         * Where the consumer's meters are registered (a private {@code SimpleMeterRegistry} unless set).
         *
         * @param meterRegistry the new value
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
            return this;
        }

        /**
         * The clock lease expiry, renewals and metrics are judged by.
         *
         * @param clock the new value
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Checks the values against each other and builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException when the renew interval is not shorter than the failover time, or the
         *     heartbeat interval is longer than half of it
         */
        public ConsumerConfig build() {
            return new ConsumerConfig(this);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }

        private static int atLeastOne(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1: " + value);
            }
            return value;
        }
    }
}
