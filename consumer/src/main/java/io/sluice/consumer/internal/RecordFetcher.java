package io.sluice.consumer.internal;

/**
 * Reads one shard ahead of its processor into a {@link PrefetchBuffer}, by polling or by a fan-out subscription,
 * until the shard ends or it is closed. Transient errors are retried with backoff inside; expired iterators and
 * ended subscriptions resume from the last record fetched.
 *
 * <p>Thread-safe: started and closed by the shard thread, while the fetch itself runs on the fetcher's own thread
 * or the SDK's.
 */
interface RecordFetcher extends AutoCloseable {

    void start(StartPosition position, PrefetchBuffer buffer);

    @Override
    void close();
}
