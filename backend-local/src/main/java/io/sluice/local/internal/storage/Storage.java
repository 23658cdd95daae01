package io.sluice.local.internal.storage;

import java.util.List;

/**
 * Where streams live: their metadata and one {@link ShardLog} per shard. In memory, or in a data directory that
 * survives restarts. Implementations are thread-safe; callers serialize changes to any one stream.
 */
public interface Storage extends AutoCloseable {

    /** The streams stored before this start (none in memory). */
    List<StreamMetadata> loadStreams();

    /** Stores a stream's metadata, replacing what was stored, atomically. */
    void saveStream(StreamMetadata stream);

    /** Opens (or creates) the log of one shard of a stream. */
    ShardLog openShardLog(StreamMetadata stream, int shardIndex);

    /** Removes a stream's metadata and records; its shard logs must be closed first. */
    void deleteStream(StreamMetadata stream);

    /** Whether acknowledged records survive the backend's exit. */
    boolean durable();

    @Override
    void close();
}
