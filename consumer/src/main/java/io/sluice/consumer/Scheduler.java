package io.sluice.consumer;

import io.sluice.consumer.internal.Worker;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * A consumer worker, the KCL's {@code Scheduler}: it leases shards of a stream in the application's lease table,
 * shares them fairly with the other workers of the application, reads each leased shard (polling or enhanced
 * fan-out) and hands its records to a {@link ShardRecordProcessor}, parents before children.
 *
 * <pre>{@code
 * Scheduler scheduler = Scheduler.create(ConsumerConfig.builder("my-app", "my-stream").build(),
 *         MyProcessor::new, kinesisAsyncClient, dynamoDbClient);
 * scheduler.start();
 * ...
 * scheduler.shutdownGracefully(Duration.ofSeconds(30));
 * }</pre>
 *
 * <p><b>Threads.</b> {@link #start()} starts one lease coordinator thread ({@code sluice-lease-coordinator-<worker>}),
 * a timer for shard sync, and one thread per shard it holds ({@code sluice-shard-<shardId>}), on which that
 * shard's processor is called; with polling, one more per shard reads ahead ({@code sluice-poll-<shardId>}).
 * The clients are not closed by the scheduler: they belong to the caller.
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public final class Scheduler implements AutoCloseable {

    /** How long {@link #close()} waits for a graceful shutdown. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private final ConsumerConfig config;
    private final Worker worker;
    private boolean started;

    private Scheduler(ConsumerConfig config, Worker worker) {
        this.config = config;
        this.worker = worker;
    }

    /**
     * A worker for {@code config} that reads with {@code kinesis} (the async client: HTTP/2 for fan-out) and keeps
     * leases with {@code dynamo} (keep the client's retries on: they absorb DynamoDB throttling).
     *
     * @param config the application, stream and settings
     * @param processorFactory makes one processor per shard
     * @param kinesis the Kinesis client records are read with
     * @param dynamo the DynamoDB client of the lease and worker tables
     * @return a scheduler not yet started
     */
    public static Scheduler create(ConsumerConfig config, ShardRecordProcessorFactory processorFactory,
            KinesisAsyncClient kinesis, DynamoDbClient dynamo) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(processorFactory, "processorFactory");
        Objects.requireNonNull(kinesis, "kinesis");
        Objects.requireNonNull(dynamo, "dynamo");
        return new Scheduler(config, new Worker(config, processorFactory, kinesis, dynamo));
    }

    /**
     * Creates the lease and worker tables if absent (waiting until they are active), registers the fan-out
     * consumer when fan-out is configured, lists the shards once, and starts the worker's threads. Returns once
     * they run; leases are taken from one take interval later.
     *
     * @throws io.sluice.checkpoint.CheckpointStoreException when the tables cannot be created or read
     * @throws ConsumerException when the fan-out consumer cannot be registered
     */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("Scheduler of " + config.workerId() + " was already started");
        }
        started = true;
        worker.start();
    }

    /**
     * The configuration this worker runs with.
     *
     * @return the configuration
     */
    public ConsumerConfig config() {
        return config;
    }

    /**
     * The shards this worker processes now.
     *
     * @return a snapshot of their ids
     */
    public Set<String> heldShards() {
        return Set.copyOf(worker.shardStates().keySet());
    }

    /**
     * Each processed shard's state, for status pages.
     *
     * @return shard id to state ({@code WAITING_ON_PARENTS}, {@code PROCESSING}, ...)
     */
    public Map<String, String> shardStates() {
        return worker.shardStates();
    }

    /**
     * Shuts down gracefully: the worker stops taking leases and tells the others it is leaving, every processor
     * gets {@link ShardRecordProcessor#shutdownRequested} to checkpoint, and each lease is released as soon as its
     * processor returns, so other workers take it within one take interval instead of the failover time.
     *
     * @param timeout the longest wait for the processors
     * @return true when every shard finished within {@code timeout} (the rest are left to expire)
     */
    public boolean shutdownGracefully(Duration timeout) {
        return worker.shutdownGracefully(Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * Stops at once without calling processors or releasing leases, as a crash would: other workers take the
     * leases after the failover time and resume from the last checkpoints. For tests and emergencies.
     */
    public void shutdownNow() {
        worker.halt();
    }

    /** {@link #shutdownGracefully} with {@link #DEFAULT_SHUTDOWN_TIMEOUT}. */
    @Override
    public void close() {
        shutdownGracefully(DEFAULT_SHUTDOWN_TIMEOUT);
    }
}
