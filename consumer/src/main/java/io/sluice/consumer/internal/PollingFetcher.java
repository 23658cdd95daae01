package io.sluice.consumer.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * Reads a shard with GetRecords on a thread of its own ({@code sluice-poll-<shardId>}), ahead of the processor up
 * to the prefetch bound. It calls at most once per {@value #MIN_GAP_MILLIS} ms (the shard's 5 reads/s), again at
 * that pace while the shard is behind, and every polling interval once caught up. An expired iterator is replaced
 * from just after the last record fetched; throttling and other errors are retried with backoff. At the shard's
 * end it adds a batch carrying the children and stops.
 *
 * <p>Thread-safe: {@link #start} and {@link #close} may be called from any thread.
 */
final class PollingFetcher implements RecordFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(PollingFetcher.class);

    /** The shortest gap between two GetRecords calls on one shard: 5 calls/s. */
    static final long MIN_GAP_MILLIS = 200;

    private final KinesisAsyncClient kinesis;
    private final StreamRef stream;
    private final String shardId;
    private final int maxRecords;
    private final Duration pollingInterval;
    private final Clock clock;
    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
    private final CountDownLatch closed = new CountDownLatch(1);
    private Thread thread;

    PollingFetcher(KinesisAsyncClient kinesis, StreamRef stream, String shardId, int maxRecords,
            Duration pollingInterval, Clock clock) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.shardId = shardId;
        this.maxRecords = maxRecords;
        this.pollingInterval = pollingInterval;
        this.clock = clock;
    }

    @Override
    public synchronized void start(StartPosition position, PrefetchBuffer buffer) {
        thread = new Thread(() -> run(position, buffer), "sluice-poll-" + shardId);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void close() {
        closed.countDown();
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run(StartPosition start, PrefetchBuffer buffer) {
        String iterator = null;
        String lastSequence = null;
        int failures = 0;
        try {
            while (closed.getCount() > 0) {
                try {
                    if (iterator == null) {
                        iterator = iterator(lastSequence == null ? start : StartPosition.after(lastSequence));
                    }
                    while (!buffer.awaitRoom(1_000)) {
                        if (closed.getCount() == 0) {
                            return;
                        }
                    }
                    String current = iterator;
                    GetRecordsResponse response = kinesis.getRecords(b -> stream.apply(b).shardIterator(current)
                            .limit(maxRecords)).join();
                    failures = 0;
                    List<Record> records = response.records();
                    if (!records.isEmpty()) {
                        lastSequence = records.get(records.size() - 1).sequenceNumber();
                    }
                    iterator = response.nextShardIterator();
                    boolean ended = iterator == null;
                    buffer.add(FetchedBatch.of(records, response.millisBehindLatest(), clock.instant(),
                            ended ? response.childShards() : null));
                    if (ended) {
                        return;
                    }
                    boolean behind = !records.isEmpty() && response.millisBehindLatest() != null
                            && response.millisBehindLatest() > 0;
                    pause(behind ? MIN_GAP_MILLIS : Math.max(MIN_GAP_MILLIS, pollingInterval.toMillis()));
                } catch (RuntimeException e) {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof ExpiredIteratorException) {
                        iterator = null;
                        continue;
                    }
                    if (cause instanceof ResourceNotFoundException && !stillListed()) {
                        // Trimmed away (past retention) before it was finished: it ends here, as in the KCL.
                        LOG.warn("{} is no longer in the stream; treating it as ended", shardId);
                        buffer.add(FetchedBatch.of(List.of(), 0L, clock.instant(), List.of()));
                        return;
                    }
                    failures++;
                    if (!(cause instanceof ProvisionedThroughputExceededException)) {
                        LOG.warn("GetRecords on {} failed ({} in a row): {}", shardId, failures, cause.toString());
                    }
                    pause(Math.max(MIN_GAP_MILLIS, backoff.delayMillis(failures)));
                }
            }
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the stream still lists this shard (a failed listing counts as yes: retry rather than end). */
    private boolean stillListed() {
        try {
            return kinesis.listShards(b -> stream.apply(b).shardFilter(f -> f.type(
                    software.amazon.awssdk.services.kinesis.model.ShardFilterType.FROM_TRIM_HORIZON)))
                    .join().shards().stream().anyMatch(s -> s.shardId().equals(shardId));
        } catch (RuntimeException e) {
            return true;
        }
    }

    private String iterator(StartPosition position) {
        return kinesis.getShardIterator(b -> stream.apply(b).shardId(shardId).shardIteratorType(position.type())
                .startingSequenceNumber(position.sequenceNumber()).timestamp(position.timestamp()))
                .join().shardIterator();
    }

    private void pause(long millis) throws InterruptedException {
        closed.await(millis, TimeUnit.MILLISECONDS);
    }
}
