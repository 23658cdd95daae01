package io.sluice.local.internal.streams;

import io.sluice.local.internal.storage.ShardMetadata;
import io.sluice.local.internal.storage.Storage;
import io.sluice.local.internal.storage.StreamMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every stream of the backend, by region and name, and the storage behind them.
 *
 * <p>Deleted streams stay visible as DELETING until their delete delay has passed, then disappear at the next
 * lookup or {@link #sweep}. Thread-safe: the map is concurrent; creation and removal of a name are serialized
 * by {@link #namesLock}.
 */
public final class StreamRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamRegistry.class);

    /** Streams are per region, as in AWS: the same name in two regions is two streams. */
    public record Key(String region, String name) {
    }

    private final Storage storage;
    private final String accountId;
    private final LifecycleDelays delays;
    private final Object namesLock = new Object();
    private final Map<Key, Stream> streams = new ConcurrentHashMap<>();
    /** The newest creation time of each name this run has seen. Guarded by {@link #namesLock}. */
    private final Map<Key, Long> lastCreatedAt = new java.util.HashMap<>();

    public StreamRegistry(Storage storage, String accountId, LifecycleDelays delays) {
        this.storage = storage;
        this.accountId = accountId;
        this.delays = delays;
        try {
            for (StreamMetadata metadata : storage.loadStreams()) {
                Key key = new Key(metadata.region(), metadata.name());
                streams.put(key, new Stream(metadata, accountId, storage));
                lastCreatedAt.put(key, metadata.createdAtMillis());
            }
        } catch (RuntimeException e) {
            streams.values().forEach(Stream::closeLogs);
            throw e;
        }
        if (!streams.isEmpty()) {
            log.info("Loaded {} streams from storage", streams.size());
        }
    }

    public Storage storage() {
        return storage;
    }

    public LifecycleDelays delays() {
        return delays;
    }

    public String accountId() {
        return accountId;
    }

    /**
     * Creates a stream whose shards split the hash key space evenly.
     *
     * @return the new stream, or {@code null} when a stream of that name exists in the region (in any status)
     */
    public Stream create(String region, String name, int shardCount, String streamMode, Map<String, String> tags,
            int maxRecordSizeKiB, String recordDistributionStrategy, long nowMillis) {
        synchronized (namesLock) {
            if (find(region, name, nowMillis) != null) {
                return null;
            }
            Key key = new Key(region, name);
            // A stream recreated under the same name must not accept the old one's iterators or sequence numbers,
            // which carry its creation time: creation times of one name only ever grow.
            long createdAt = Math.max(nowMillis, lastCreatedAt.getOrDefault(key, Long.MIN_VALUE) + 1);
            List<ShardMetadata> shards = new ArrayList<>(shardCount);
            for (int i = 0; i < shardCount; i++) {
                HashRanges.Range range = HashRanges.evenSplit(i, shardCount);
                shards.add(new ShardMetadata(i, range.start(), range.end(), null, null, createdAt, null, null));
            }
            StreamMetadata metadata = new StreamMetadata(region, name, createdAt, nowMillis + delays.create().toMillis(),
                    null, null, streamMode, KinesisRules.DEFAULT_RETENTION_HOURS, "NONE", null, List.of(), tags,
                    maxRecordSizeKiB, shards, null, 0, null, List.of(), List.of(), List.of(), recordDistributionStrategy);
            // Logs first, metadata last: a stream whose logs cannot be opened (too many open files, say) must
            // leave nothing behind that would stop the next start.
            Stream stream;
            try {
                stream = new Stream(metadata, accountId, storage);
            } catch (RuntimeException e) {
                storage.deleteStream(metadata);
                throw e;
            }
            try {
                storage.saveStream(metadata);
            } catch (RuntimeException e) {
                stream.closeLogs();
                storage.deleteStream(metadata);
                throw e;
            }
            streams.put(key, stream);
            lastCreatedAt.put(key, createdAt);
            return stream;
        }
    }

    /** Whether a stream ARN names a stream of this registry that is not being deleted. */
    public boolean exists(String arn, long nowMillis) {
        StreamArns.Parsed parsed = StreamArns.parse(arn);
        if (parsed == null) {
            return false;
        }
        Stream stream = find(parsed.region(), parsed.streamName(), nowMillis);
        return stream != null && stream.status(nowMillis) != StreamStatus.DELETING;
    }

    /** The stream of that name in the region, in whatever status, or {@code null} once it is gone. */
    public Stream find(String region, String name, long nowMillis) {
        Stream stream = streams.get(new Key(region, name));
        if (stream == null) {
            return null;
        }
        Long goneAt = stream.metadata().deletedAtMillis();
        if (goneAt != null && nowMillis >= goneAt) {
            remove(stream);
            return null;
        }
        return stream;
    }

    /** The streams of a region that still exist, ordered by name. */
    public List<Stream> list(String region, long nowMillis) {
        List<Stream> out = new ArrayList<>();
        for (Stream stream : streams.values()) {
            if (stream.metadata().region().equals(region) && find(region, stream.name(), nowMillis) != null) {
                out.add(stream);
            }
        }
        out.sort(Comparator.comparing(Stream::name));
        return out;
    }

    /** Marks a stream DELETING; it disappears once the delete delay has passed. */
    public void delete(Stream stream, long nowMillis) {
        stream.update(m -> m.toBuilder().deletion(nowMillis, nowMillis + delays.delete().toMillis()).build(), storage);
        stream.signalAll();
        if (delays.delete().isZero()) {
            remove(stream);
        }
    }

    /** Removes streams whose deletion has completed and trims records past their retention. */
    public void sweep(long nowMillis) {
        for (Stream stream : List.copyOf(streams.values())) {
            if (find(stream.metadata().region(), stream.name(), nowMillis) == null) {
                continue;
            }
            for (ShardMetadata shard : stream.metadata().shards()) {
                stream.enforceRetention(shard.index(), nowMillis);
            }
        }
    }

    private void remove(Stream stream) {
        synchronized (namesLock) {
            Key key = new Key(stream.metadata().region(), stream.name());
            if (streams.remove(key, stream)) {
                stream.signalAll();
                stream.closeLogs();
                storage.deleteStream(stream.metadata());
            }
        }
    }

    @Override
    public void close() {
        for (Stream stream : streams.values()) {
            stream.closeLogs();
        }
        streams.clear();
        storage.close();
    }
}
