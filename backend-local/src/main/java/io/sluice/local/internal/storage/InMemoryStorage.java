package io.sluice.local.internal.storage;

import java.util.List;

/**
 * Streams held only in memory; everything is gone when the backend stops. Thread-safe: the page reserve is the only
 * state, and it is thread-safe.
 */
public final class InMemoryStorage implements Storage {

    private final PageReserve reserve = new PageReserve(PageReserve.DEFAULT_MAX_READY_PAGES);

    @Override
    public List<StreamMetadata> loadStreams() {
        return List.of();
    }

    @Override
    public void saveStream(StreamMetadata stream) {
        // The registry's copy is the only copy.
    }

    @Override
    public ShardLog openShardLog(StreamMetadata stream, int shardIndex) {
        return new InMemoryShardLog(0, reserve);
    }

    @Override
    public void deleteStream(StreamMetadata stream) {
        // The logs go with their last reference.
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public void close() {
        reserve.close();
    }
}
