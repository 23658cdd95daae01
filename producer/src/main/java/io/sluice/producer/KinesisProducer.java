package io.sluice.producer;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.sluice.aggregation.HashKey;
import io.sluice.producer.internal.ProducerCore;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * Puts user records into Kinesis Data Streams the way the KPL does (aggregated, batched, paced per shard, retried
 * with backoff), in pure Java, with a memory bound the application can rely on.
 *
 * <pre>{@code
 * try (KinesisProducer producer = KinesisProducer.create(ProducerConfig.builder().region("eu-west-1").build())) {
 *     producer.addUserRecord("clicks", userId, json.getBytes(UTF_8))
 *             .whenComplete((result, error) -> ...);
 * }
 * }</pre>
 *
 * <p><b>Thread-safety.</b> Every method may be called from any thread. One sender thread does the work; each
 * record's future is completed on the callback executor ({@link ProducerConfig.Builder#callbackExecutor}),
 * never on the sender thread and never inside {@code addUserRecord}, except for input refused up front, whose
 * future is returned already failed.
 *
 * <p><b>What a future can fail with</b> (all {@link ProducerException}s): {@link InvalidUserRecordException}
 * (fatal: the record is malformed), {@link BufferFullException} (retriable: the buffer stayed full for the
 * block time), {@link ProducerClosedException} (fatal: added after close), and
 * {@link UserRecordFailedException} with its {@link UserRecordFailedException.Reason}: expired, rejected by
 * Kinesis, throttled with fail-if-throttled on, or closed before it was confirmed. Each lists every attempt.
 *
 * <p><b>Ordering.</b> Records with the same partition key reach the stream in the order they were added, retries
 * and reshards included.
 */
public final class KinesisProducer implements AutoCloseable {

    private final ProducerCore core;

    private KinesisProducer(ProducerCore core) {
        this.core = core;
    }

    /**
     * A producer with its own Kinesis client, built from the configuration's region, endpoint, credentials,
     * connection count and timeouts. The client is closed with the producer.
     *
     * @param config the settings
     * @return a started producer
     */
    public static KinesisProducer create(ProducerConfig config) {
        return new KinesisProducer(ProducerCore.start(config, null,
                config.meterRegistry().orElseGet(CompositeMeterRegistry::new)));
    }

    /**
     * A producer that sends through the given client, which it does not close. The configuration's region,
     * endpoint, credentials, connection count and timeouts are then the client's business; the client's own
     * retries should be off, since the producer retries each record itself.
     *
     * @param config the settings
     * @param client the client to send through
     * @return a started producer
     */
    public static KinesisProducer create(ProducerConfig config, KinesisAsyncClient client) {
        Objects.requireNonNull(client, "client");
        return new KinesisProducer(ProducerCore.start(config, client,
                config.meterRegistry().orElseGet(CompositeMeterRegistry::new)));
    }

    /**
     * As {@link #addUserRecord(String, String, String, byte[])} without an explicit hash key.
     *
     * @param stream the stream's name or ARN
     * @param partitionKey 1 to 256 characters; records with the same key keep their order
     * @param data the payload
     * @return the record's future
     */
    public CompletableFuture<UserRecordResult> addUserRecord(String stream, String partitionKey, byte[] data) {
        return addUserRecord(stream, partitionKey, null, data);
    }

    /**
     * As {@link #addUserRecord(String, String, String, byte[])}, copying the buffer's remaining bytes.
     *
     * @param stream the stream's name or ARN
     * @param partitionKey 1 to 256 characters; records with the same key keep their order
     * @param explicitHashKey a decimal hash key that routes the record, or {@code null}
     * @param data the payload (its remaining bytes; the buffer's position does not move)
     * @return the record's future
     */
    public CompletableFuture<UserRecordResult> addUserRecord(String stream, String partitionKey,
            String explicitHashKey, ByteBuffer data) {
        return addUserRecord(stream, partitionKey, explicitHashKey, copy(data));
    }

    /**
     * Adds a user record. When the buffer is full, waits up to the configured block time for room, then returns
     * a future failed with {@link BufferFullException}. The producer keeps its own reference to {@code data}
     * until the record is encoded; do not change the array after the call.
     *
     * @param stream the stream's name or ARN
     * @param partitionKey 1 to 256 characters; records with the same key keep their order
     * @param explicitHashKey a decimal number below 2^128 that routes the record instead of the key's MD5, or
     *     {@code null}
     * @param data the payload; data plus partition key at most 1 MiB
     * @return the record's future
     * @throws NullPointerException when stream, partition key or data is null
     */
    public CompletableFuture<UserRecordResult> addUserRecord(String stream, String partitionKey,
            String explicitHashKey, byte[] data) {
        return core.add(stream, partitionKey, explicitHashKey, data, true);
    }

    /**
     * As {@link #addUserRecord(String, String, String, byte[])}, but never waits: when the buffer is full the
     * returned future has already failed with {@link BufferFullException}.
     *
     * @param stream the stream's name or ARN
     * @param partitionKey 1 to 256 characters; records with the same key keep their order
     * @param explicitHashKey a decimal hash key that routes the record, or {@code null}
     * @param data the payload
     * @return the record's future
     */
    public CompletableFuture<UserRecordResult> tryAddUserRecord(String stream, String partitionKey,
            String explicitHashKey, byte[] data) {
        return core.add(stream, partitionKey, explicitHashKey, data, false);
    }

    /** Sends everything buffered now, without waiting for the buffered time. Returns at once. */
    public void flush() {
        core.flush();
    }

    /**
     * Sends everything buffered now and waits until every record added before this call has completed.
     *
     * @throws InterruptedException when the wait is interrupted
     */
    public void flushSync() throws InterruptedException {
        core.flushSync(Long.MAX_VALUE);
    }

    /**
     * As {@link #flushSync()}, waiting at most {@code timeout}.
     *
     * @param timeout the longest wait
     * @return whether every record added before the call completed in time
     * @throws InterruptedException when the wait is interrupted
     */
    public boolean flushSync(Duration timeout) throws InterruptedException {
        return core.flushSync(timeout.toNanos());
    }

    /**
     * User records added and not completed yet.
     *
     * @return their count
     */
    public long outstandingRecordsCount() {
        return core.outstandingRecords();
    }

    /**
     * Bytes the buffer holds for the outstanding records: data, keys and a fixed estimate of each record's
     * bookkeeping.
     *
     * @return the bytes held
     */
    public long outstandingBytes() {
        return core.outstandingBytes();
    }

    /**
     * The hash key Kinesis routes a partition key by: the MD5 of its UTF-8 bytes.
     *
     * @param partitionKey the partition key
     * @return its hash key, as a decimal number
     */
    public static String hashKeyOf(String partitionKey) {
        return HashKey.ofPartitionKey(partitionKey).toString();
    }

    /** Closes with the configured close timeout. */
    @Override
    public void close() {
        core.close(core.config().closeTimeout());
    }

    /**
     * Refuses new records, sends what is buffered, waits up to {@code timeout} for it to complete, then fails
     * what is left with {@link UserRecordFailedException.Reason#CLOSED} and releases the threads and (if the
     * producer made it) the client.
     *
     * @param timeout the longest wait for what is buffered
     */
    public void close(Duration timeout) {
        core.close(timeout);
    }

    private static byte[] copy(ByteBuffer data) {
        ByteBuffer view = data.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
