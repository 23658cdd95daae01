package io.sluice.local.internal.streams;

import io.sluice.aggregation.HashKey;
import io.sluice.local.internal.storage.ShardLog;
import io.sluice.local.internal.storage.ShardMetadata;
import io.sluice.local.internal.storage.Storage;
import io.sluice.local.internal.storage.StreamMetadata;
import io.sluice.local.internal.streams.model.ShardNaming;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;

/**
 * A live stream: its metadata, its shard logs and the router that picks a shard for a hash key.
 *
 * <p>Concurrency: metadata is an immutable snapshot in a volatile field; changes are made under {@link #lock},
 * stored, then published, so readers never lock and never see a change that is not stored. Shard logs are
 * thread-safe themselves.
 */
public final class Stream implements ShardNaming {

    private final Object lock = new Object();
    /**
     * Appends hold the read side while they route and append, so a reshard (the write side) sees no append in
     * flight when it reads a parent's end position, and no append routed by the old topology lands afterwards.
     */
    private final ReentrantReadWriteLock topology = new ReentrantReadWriteLock();
    private final String arn;
    private final long incarnation;
    private final Map<Integer, ShardLog> logs = new ConcurrentHashMap<>();
    /** Per shard index: its throughput allowance, made on first use. */
    private final Map<Integer, ShardThrottle> throttles = new ConcurrentHashMap<>();
    /** Per shard index: who wants to hear of appends and of the shard closing (fan-out subscriptions). */
    private final Map<Integer, List<Runnable>> shardListeners = new ConcurrentHashMap<>();
    /** Per shard index: its id and the first digits of its sequence numbers, formatted once. */
    private volatile String[] shardIds = new String[0];
    private volatile byte[][] shardIdBytes = new byte[0][];
    private volatile byte[][] sequencePrefixBytes = new byte[0][];
    private volatile StreamMetadata metadata;
    private volatile boolean removed;
    /** Whose turn it is under AUTO record distribution. */
    private final java.util.concurrent.atomic.AtomicInteger turns = new java.util.concurrent.atomic.AtomicInteger();
    private volatile ShardRouter router;

    Stream(StreamMetadata metadata, String accountId, Storage storage) {
        this.metadata = metadata;
        this.arn = StreamArns.format(metadata.region(), accountId, metadata.name());
        this.incarnation = SequenceNumbers.incarnation(metadata.createdAtMillis());
        this.router = new ShardRouter(metadata);
        try {
            for (ShardMetadata shard : metadata.shards()) {
                logs.put(shard.index(), storage.openShardLog(metadata, shard.index()));
            }
        } catch (RuntimeException e) {
            closeLogs();
            throw e;
        }
    }

    public StreamMetadata metadata() {
        return metadata;
    }

    public String name() {
        return metadata.name();
    }

    public String arn() {
        return arn;
    }

    public StreamStatus status(long nowMillis) {
        return StreamStatus.of(metadata, nowMillis);
    }

    /** The shard with that index, or {@code null}. */
    public ShardMetadata shard(int index) {
        List<ShardMetadata> shards = metadata.shards();
        return index >= 0 && index < shards.size() ? shards.get(index) : null;
    }

    public ShardLog log(int shardIndex) {
        return logs.get(shardIndex);
    }

    /**
     * The open shard that a record with this hash key goes to, or -1: the shard whose range holds the key, or with
     * the AUTO record distribution strategy the next open shard in turn, whatever the key.
     */
    public int route(HashKey key) {
        ShardRouter current = router;
        return current.spreadEvenly() ? current.spread(turns.getAndIncrement()) : current.route(key);
    }

    /** The sequence number of the record at {@code position} of a shard. */
    public String sequenceNumber(int shardIndex, long position) {
        byte[] digits = new byte[SequenceNumbers.LENGTH];
        sequenceNumberUtf8(shardIndex, position, digits);
        return new String(digits, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** A copy of {@code values} with one more entry; racing writers at worst compute an entry twice. */
    private static String[] withEntry(String[] values, int index, String value) {
        String[] grown = java.util.Arrays.copyOf(values, Math.max(values.length, index + 1));
        grown[index] = value;
        return grown;
    }

    /** The id of the shard with that index, formatted once. */
    public String shardId(int shardIndex) {
        String[] ids = shardIds;
        String id = shardIndex < ids.length ? ids[shardIndex] : null;
        if (id == null) {
            id = ShardIds.format(shardIndex);
            shardIds = withEntry(ids, shardIndex, id);
        }
        return id;
    }

    @Override
    public byte[] shardIdUtf8(int shardIndex) {
        byte[][] all = shardIdBytes;
        byte[] id = shardIndex < all.length ? all[shardIndex] : null;
        if (id == null) {
            id = shardId(shardIndex).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[][] grown = java.util.Arrays.copyOf(all, Math.max(all.length, shardIndex + 1));
            grown[shardIndex] = id;
            shardIdBytes = grown;
        }
        return id;
    }

    @Override
    public void sequenceNumberUtf8(int shardIndex, long position, byte[] out) {
        byte[][] all = sequencePrefixBytes;
        byte[] prefix = shardIndex < all.length ? all[shardIndex] : null;
        if (prefix == null) {
            prefix = SequenceNumbers.prefix(incarnation, shardIndex).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[][] grown = java.util.Arrays.copyOf(all, Math.max(all.length, shardIndex + 1));
            grown[shardIndex] = prefix;
            sequencePrefixBytes = grown;
        }
        SequenceNumbers.formatInto(prefix, position, out);
    }

    /** The incarnation stamped into this stream's sequence numbers. */
    public long incarnation() {
        return incarnation;
    }

    /** Makes records older than the retention period unreadable in one shard. */
    public void enforceRetention(int shardIndex, long nowMillis) {
        ShardLog log = logs.get(shardIndex);
        if (log != null) {
            log.trimBefore(nowMillis - Duration.ofHours(metadata.retentionHours()).toMillis());
        }
    }

    /** Applies a change to the metadata, stores it, then publishes it. */
    public StreamMetadata update(UnaryOperator<StreamMetadata> change, Storage storage) {
        synchronized (lock) {
            StreamMetadata updated = change.apply(metadata);
            storage.saveStream(updated);
            metadata = updated;
            router = new ShardRouter(updated);
            return updated;
        }
    }

    /** Held by an append from routing until its records are in the log; see {@link #reshard}. */
    public Lock appendLock() {
        return topology.readLock();
    }

    /**
     * Changes the shard topology: pauses appends, computes the new metadata from the current one (parents' end
     * positions are final while appends are paused), opens the logs of new shards, stores and publishes the
     * metadata, then lets appends go on against the new router.
     */
    public StreamMetadata reshard(UnaryOperator<StreamMetadata> change, Storage storage) {
        synchronized (lock) {
            topology.writeLock().lock();
            try {
                StreamMetadata updated = change.apply(metadata);
                List<Integer> opened = new java.util.ArrayList<>();
                try {
                    for (ShardMetadata shard : updated.shards()) {
                        if (!logs.containsKey(shard.index())) {
                            logs.put(shard.index(), storage.openShardLog(updated, shard.index()));
                            opened.add(shard.index());
                        }
                    }
                    storage.saveStream(updated);
                } catch (RuntimeException e) {
                    for (Integer index : opened) {
                        logs.remove(index).close();
                    }
                    throw e;
                }
                StreamMetadata before = metadata;
                metadata = updated;
                router = new ShardRouter(updated);
                for (ShardMetadata shard : before.shards()) {
                    if (shard.isOpen() && !updated.shards().get(shard.index()).isOpen()) {
                        signal(shard.index());
                    }
                }
                return updated;
            } finally {
                topology.writeLock().unlock();
            }
        }
    }

    /**
     * The position one past the last record a reader can get from a shard: the log's end, and for a closed shard
     * never past its recorded end (a log that lost an unsynced tail in a crash may end earlier).
     */
    public long readableEnd(ShardMetadata shard) {
        long end = logs.get(shard.index()).endPosition();
        return shard.isOpen() ? end : Math.min(end, shard.endingPosition());
    }

    /**
     * Calls {@code listener} after every append to a shard and when the shard closes, until the returned handle
     * is run. Listeners run on the appending thread and must only hand work off.
     */
    public Runnable listen(int shardIndex, Runnable listener) {
        shardListeners.computeIfAbsent(shardIndex, i -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(listener);
        return () -> shardListeners.get(shardIndex).remove(listener);
    }

    /** The throughput allowance of a shard; see {@link ThroughputLimits}. */
    ShardThrottle throttle(int shardIndex) {
        return throttles.computeIfAbsent(shardIndex, i -> new ShardThrottle());
    }

    /** Tells a shard's listeners that it has new records or has closed. */
    public void signal(int shardIndex) {
        List<Runnable> listeners = shardListeners.get(shardIndex);
        if (listeners != null) {
            for (Runnable listener : listeners) {
                listener.run();
            }
        }
    }

    /** Tells every listener of every shard to look again (the stream is going away). */
    void signalAll() {
        shardListeners.keySet().forEach(this::signal);
    }

    /** Runs {@code action} while no other metadata change can happen. */
    public <T> T locked(java.util.function.Supplier<T> action) {
        synchronized (lock) {
            return action.get();
        }
    }

    /** Whether the stream is gone from the registry (deleted) and its logs are closed. */
    public boolean isRemoved() {
        return removed;
    }

    void closeLogs() {
        removed = true;
        for (ShardLog log : logs.values()) {
            log.close();
        }
    }
}
