package io.sluice.producer.internal;

import io.sluice.producer.Attempt;
import io.sluice.producer.UserRecordFailedException;
import io.sluice.producer.UserRecordFailedException.Reason;
import io.sluice.producer.UserRecordResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User records' outcomes, gathered during one turn of the sender's loop and completed together on the callback
 * executor: one task per turn, never the sender thread (unless the executor refuses). Room in the buffer is freed
 * before the futures complete, so a callback that adds a record does not wait on itself; flush epochs are
 * released after, so {@code flushSync} returns only once the futures are complete.
 *
 * <p>Not thread-safe: the sender thread gathers and dispatches.
 */
final class Outcomes {

    private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);

    /** A user record's outcome, to be completed on the callback executor. */
    private record Finished(PendingUserRecord user, UserRecordResult result, Throwable error) {
    }

    private final BufferAccount account;
    private final ProducerMetrics metrics;
    private final Executor callbacks;
    private final List<Finished> finished = new ArrayList<>();

    Outcomes(BufferAccount account, ProducerMetrics metrics, Executor callbacks) {
        this.account = account;
        this.metrics = metrics;
        this.callbacks = callbacks;
    }

    void succeedAll(PendingKinesisRecord record, String shardId, String sequenceNumber) {
        List<Attempt> attempts = List.copyOf(record.attempts);
        for (int i = 0; i < record.users.size(); i++) {
            succeed(record.users.get(i), record, attempts, shardId, sequenceNumber, i);
        }
        ProducerMetrics.ShardMeters shard = metrics.shard(record.queue.stream.name, shardId);
        shard.kinesisRecordsPut.increment();
        shard.kinesisRecordsDataPut.increment(record.bytes);
        shard.userRecordsPerKinesisRecord.record(record.users.size());
    }

    void succeed(PendingUserRecord user, PendingKinesisRecord record, List<Attempt> attempts, String shardId,
            String sequenceNumber, int index) {
        long subSequence = record.aggregated() ? index : 0;
        finished.add(new Finished(user, new UserRecordResult(shardId, sequenceNumber, subSequence, attempts), null));
        ProducerMetrics.ShardMeters shard = metrics.shard(user.stream, shardId);
        shard.userRecordsPut.increment();
        shard.userRecordsDataPut.increment(user.dataLength);
        metrics.stream(user.stream).retriesPerRecord.record(attempts.size() - 1);
    }

    void failAll(PendingKinesisRecord record, Reason reason, String message) {
        List<Attempt> attempts = List.copyOf(record.attempts);
        for (PendingUserRecord user : record.users) {
            fail(user, reason, message, attempts);
        }
    }

    void fail(PendingUserRecord user, Reason reason, String message, List<Attempt> attempts) {
        finished.add(new Finished(user, null, new UserRecordFailedException(reason, message, attempts)));
        metrics.stream(user.stream).retriesPerRecord.record(Math.max(0, attempts.size() - 1));
    }

    void dispatch() {
        if (finished.isEmpty()) {
            return;
        }
        List<Finished> done = List.copyOf(finished);
        finished.clear();
        long bytes = 0;
        for (Finished outcome : done) {
            bytes += outcome.user().accountedBytes;
        }
        account.release(bytes, done.size(), Map.of());
        Runnable complete = () -> {
            Map<Integer, Integer> epochs = new HashMap<>();
            for (Finished outcome : done) {
                if (outcome.error() == null) {
                    outcome.user().future.complete(outcome.result());
                } else {
                    outcome.user().future.completeExceptionally(outcome.error());
                }
                epochs.merge(outcome.user().flushEpoch, 1, Integer::sum);
            }
            account.release(0, 0, epochs);
        };
        try {
            callbacks.execute(complete);
        } catch (RuntimeException e) {
            LOG.warn("The callback executor refused a task; completing futures on the sender thread", e);
            complete.run();
        }
    }
}
