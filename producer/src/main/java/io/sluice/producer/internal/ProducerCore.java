package io.sluice.producer.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.aggregation.HashKey;
import io.sluice.producer.BufferFullException;
import io.sluice.producer.InvalidUserRecordException;
import io.sluice.producer.ProducerClosedException;
import io.sluice.producer.ProducerConfig;
import io.sluice.producer.UserRecordResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * The producer behind the public facade: validates and admits records against the buffer bound, hands them to
 * the sender thread, and runs flush and close.
 *
 * <p>Thread-safe: callers on any thread; the sender's state is touched only by the sender thread.
 */
public final class ProducerCore {

    /**
     * A fixed estimate of what the producer's bookkeeping costs per buffered record (the record object, its
     * future with one dependent callback, its key string, hash key, queue node and aggregate entry), counted
     * against the byte bound so the bound is close to the heap really used.
     */
    static final int RECORD_OVERHEAD_BYTES = 320;
    private static final int MAX_STREAM_NAME = 128;
    private static final int MAX_STREAM_ARN = 2048;
    private static final int MAX_PARTITION_KEY_LENGTH = 256;

    private final ProducerConfig config;
    private final KinesisAsyncClient kinesis;
    private final KinesisClients.Owned ownedClient;
    private final ExecutorService ownedCallbacks;
    private final BufferAccount account;
    private final ProducerMetrics metrics;
    private final Sender sender;
    private final Thread senderThread;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ProducerCore(ProducerConfig config, KinesisAsyncClient client, MeterRegistry registry) {
        this.config = config;
        this.ownedClient = client == null ? KinesisClients.build(config) : null;
        this.kinesis = client != null ? client : ownedClient.client();
        this.ownedCallbacks = config.callbackExecutor().isPresent() ? null
                : Executors.newFixedThreadPool(2, daemonThreads("sluice-producer-callback-"));
        this.account = new BufferAccount(config.maxBufferedRecordBytes(), config.maxBufferedRecords());
        this.metrics = new ProducerMetrics(registry, account::records, account::bytes);
        this.sender = new Sender(config, kinesis, account, metrics,
                config.callbackExecutor().orElse(ownedCallbacks), new Random());
        this.senderThread = new Thread(sender, "sluice-producer-sender");
        senderThread.setDaemon(true);
    }

    /** Builds the producer and starts its sender thread; {@code client} null means build one from the config. */
    public static ProducerCore start(ProducerConfig config, KinesisAsyncClient client, MeterRegistry registry) {
        Objects.requireNonNull(config, "config");
        ProducerCore core = new ProducerCore(config, client, registry);
        core.senderThread.start();
        return core;
    }

    public ProducerConfig config() {
        return config;
    }

    /** Validates, admits and enqueues one record. */
    public CompletableFuture<UserRecordResult> add(String stream, String partitionKey, String explicitHashKey,
            byte[] data, boolean mayBlock) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(data, "data");
        if (closed.get()) {
            return CompletableFuture.failedFuture(new ProducerClosedException(
                    "The producer is closed; the record to " + stream + " was not added"));
        }
        String problem = checkStream(stream);
        if (problem == null) {
            problem = checkPartitionKey(partitionKey);
        }
        HashKey hashKey = null;
        byte[] keyUtf8 = partitionKey.getBytes(StandardCharsets.UTF_8);
        if (problem == null && explicitHashKey != null) {
            try {
                hashKey = HashKey.parseDecimal(explicitHashKey);
            } catch (NumberFormatException e) {
                problem = "Explicit hash key must be a decimal number from 0 to 2^128 - 1 without leading zeros: "
                        + abbreviate(explicitHashKey);
            }
        }
        if (problem == null && (long) data.length + keyUtf8.length > ProducerLimits.MAX_RECORD_BYTES) {
            problem = "Record too large: data (" + data.length + " bytes) plus partition key (" + keyUtf8.length
                    + " bytes) exceed " + ProducerLimits.MAX_RECORD_BYTES + " bytes";
        }
        if (problem != null) {
            return CompletableFuture.failedFuture(new InvalidUserRecordException(problem));
        }
        if (hashKey == null) {
            hashKey = HashKey.ofPartitionKeyUtf8(keyUtf8);
        }
        long size = (long) data.length + keyUtf8.length
                + (explicitHashKey == null ? 0 : explicitHashKey.length()) + RECORD_OVERHEAD_BYTES;
        int epoch;
        try {
            epoch = account.reserve(size, mayBlock ? config.maxBlockTime().toNanos() : 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new BufferFullException(
                    "Interrupted while waiting for room in the producer's buffer"));
        }
        if (epoch == BufferAccount.CLOSED) {
            return CompletableFuture.failedFuture(new ProducerClosedException(
                    "The producer is closed; the record to " + stream + " was not added"));
        }
        if (epoch == BufferAccount.FULL) {
            return CompletableFuture.failedFuture(new BufferFullException("The producer's buffer is full ("
                    + account.records() + " records, " + account.bytes() + " of " + config.maxBufferedBytes()
                    + " bytes) and stayed full for " + (mayBlock ? config.maxBlockTime() : Duration.ZERO)));
        }
        CompletableFuture<UserRecordResult> future = new CompletableFuture<>();
        PendingUserRecord record = new PendingUserRecord(stream, partitionKey, explicitHashKey, hashKey,
                keyUtf8.length, data, size, config.clock().millis(), epoch, future);
        metrics.received(stream);
        sender.enqueue(record);
        if (sender.terminated() && sender.withdraw(record)) {
            account.release(size, 1, Map.of(epoch, 1));
            future.completeExceptionally(new ProducerClosedException(
                    "The producer closed while the record was added"));
        }
        return future;
    }

    public void flush() {
        sender.requestFlush();
    }

    public boolean flushSync(long timeoutNanos) throws InterruptedException {
        int epoch = account.nextEpoch();
        sender.requestFlush();
        return account.awaitEpochs(epoch, timeoutNanos);
    }

    public long outstandingRecords() {
        return account.records();
    }

    public long outstandingBytes() {
        return account.bytes();
    }

    /** Refuses new records, drains within the deadline, then stops everything. Idempotent. */
    public void close(Duration timeout) {
        if (closed.compareAndSet(false, true)) {
            account.close();
            boolean interrupted = false;
            try {
                flushSync(timeout.toNanos());
            } catch (InterruptedException e) {
                interrupted = true;
            }
            sender.stop();
            try {
                senderThread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (ownedCallbacks != null) {
                ownedCallbacks.shutdown();
                try {
                    ownedCallbacks.awaitTermination(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (ownedClient != null) {
                ownedClient.close();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String checkStream(String stream) {
        if (stream.startsWith("arn:")) {
            return stream.length() <= MAX_STREAM_ARN ? null : "Stream ARN longer than " + MAX_STREAM_ARN;
        }
        if (stream.isEmpty() || stream.length() > MAX_STREAM_NAME) {
            return "Stream name must be 1 to " + MAX_STREAM_NAME + " characters: '" + abbreviate(stream) + "'";
        }
        for (int i = 0; i < stream.length(); i++) {
            char c = stream.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
                    || c == '.')) {
                return "Stream name may hold only a-z, A-Z, 0-9, '_', '-' and '.': '" + abbreviate(stream) + "'";
            }
        }
        return null;
    }

    private static String checkPartitionKey(String key) {
        if (key.isEmpty()) {
            return "Partition key must not be empty";
        }
        if (key.length() > MAX_PARTITION_KEY_LENGTH) {
            return "Partition key must be at most " + MAX_PARTITION_KEY_LENGTH + " characters, not " + key.length();
        }
        return null;
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
