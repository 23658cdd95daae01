package io.sluice.consumer.internal;

import io.sluice.checkpoint.LeaseStore;
import io.sluice.consumer.ConsumerConfig;
import io.sluice.consumer.RetrievalMode;
import io.sluice.consumer.ShardRecordProcessorFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * What every shard consumer of one worker shares: configuration, clients, the lease store, the shard syncer,
 * metrics, and how to make a fetcher. Immutable (the fan-out consumer's ARN is set once at start, before any
 * shard consumer exists) and thread-safe.
 */
final class WorkerContext {

    private final ConsumerConfig config;
    private final KinesisAsyncClient kinesis;
    private final StreamRef stream;
    private final LeaseStore store;
    private final ShardSyncer syncer;
    private final ConsumerMetrics metrics;
    private final ShardRecordProcessorFactory processorFactory;
    private final ScheduledExecutorService timers;
    private final Backoff processingBackoff;
    private final AtomicLong leaseEpoch;
    private volatile String consumerArn;

    WorkerContext(ConsumerConfig config, KinesisAsyncClient kinesis, LeaseStore store, ShardSyncer syncer,
            ConsumerMetrics metrics, ShardRecordProcessorFactory processorFactory, ScheduledExecutorService timers,
            AtomicLong leaseEpoch) {
        this.config = config;
        this.kinesis = kinesis;
        this.stream = new StreamRef(config.streamName());
        this.store = store;
        this.syncer = syncer;
        this.metrics = metrics;
        this.processorFactory = processorFactory;
        this.timers = timers;
        this.leaseEpoch = leaseEpoch;
        this.processingBackoff = new Backoff(config.failurePolicy().baseBackoff(),
                config.failurePolicy().maxBackoff());
    }

    void consumerArn(String arn) {
        this.consumerArn = arn;
    }

    /** Tells the other workers (through the next heartbeat) that this one created or gave up leases. */
    void leasesChanged() {
        leaseEpoch.incrementAndGet();
    }

    ConsumerConfig config() {
        return config;
    }

    LeaseStore store() {
        return store;
    }

    ShardSyncer syncer() {
        return syncer;
    }

    ConsumerMetrics metrics() {
        return metrics;
    }

    ShardRecordProcessorFactory processorFactory() {
        return processorFactory;
    }

    Clock clock() {
        return config.clock();
    }

    Backoff processingBackoff() {
        return processingBackoff;
    }

    Instant atTimestamp() {
        return config.initialPosition().timestamp();
    }

    RecordFetcher newFetcher(String shardId) {
        if (config.retrievalMode() == RetrievalMode.FAN_OUT) {
            return new FanOutFetcher(kinesis, consumerArn, shardId, timers, config.clock());
        }
        return new PollingFetcher(kinesis, stream, shardId, config.maxRecords(), config.pollingInterval(),
                config.clock());
    }
}
