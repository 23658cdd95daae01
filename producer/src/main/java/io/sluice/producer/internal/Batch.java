package io.sluice.producer.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * One PutRecords request, and the rule that builds it from a stream's shard queues ({@link #next}): Kinesis
 * records of one stream, no two of them (and none of them and a record in flight) sharing a partition key.
 *
 * <p>Not thread-safe: owned by the sender thread.
 */
final class Batch {

    final StreamState stream;
    final List<PendingKinesisRecord> records = new ArrayList<>();
    final List<ShardQueue> queues = new ArrayList<>();
    long bytes;
    long sentMillis;

    Batch(StreamState stream) {
        this.stream = stream;
    }

    /**
     * The next request of one stream, or null when nothing should go yet: a request goes when it is full, or
     * when one of its records has waited its buffered time, is a retry, or was flushed, or when {@code goNow}.
     * It takes records from the front of each shard's queue while they fit the request ({@code maxCount},
     * {@code maxSize}, and the {@code budget} of bytes in flight), the shard's limiter allows them, their backoff
     * is over and none of their keys is in flight or already taken; the records taken leave their queues.
     */
    static Batch next(StreamState stream, long nowMillis, long budget, int maxCount, int maxSize,
            long maxBufferedMillis, boolean goNow) {
        Batch batch = new Batch(stream);
        List<Integer> counts = new ArrayList<>();
        boolean due = false;
        boolean full = false;
        int count = 0;
        // One set for the whole request: one key may route to two shards when explicit hash keys differ.
        Set<String> keys = new HashSet<>();
        for (ShardQueue queue : stream.queues.values()) {
            if (full) {
                break;
            }
            if (queue.ready.isEmpty() || queue.ready.peekFirst().notBeforeMillis > nowMillis) {
                continue;
            }
            int taken = 0;
            long takenBytes = 0;
            for (PendingKinesisRecord record : queue.ready) {
                if (count == maxCount
                        || (count > 0 && batch.bytes + record.bytes > maxSize)
                        || batch.bytes + record.bytes > budget) {
                    full = true;
                    break;
                }
                if (record.notBeforeMillis > nowMillis || !queue.limiter.canTake(nowMillis, taken + 1,
                        takenBytes + record.bytes)) {
                    break;
                }
                if (!takeKeys(record, queue.keysInFlight, keys)) {
                    break;
                }
                taken++;
                takenBytes += record.bytes;
                count++;
                batch.bytes += record.bytes;
                due |= record.forced || record.retried() || nowMillis - record.oldestAddedMillis >= maxBufferedMillis;
            }
            if (taken > 0) {
                batch.queues.add(queue);
                counts.add(taken);
            }
        }
        if (batch.queues.isEmpty() || !(due || full || goNow)) {
            return null;
        }
        for (int i = 0; i < batch.queues.size(); i++) {
            ShardQueue queue = batch.queues.get(i);
            long bytes = 0;
            int taken = counts.get(i);
            for (int j = 0; j < taken; j++) {
                PendingKinesisRecord record = queue.ready.pollFirst();
                bytes += record.bytes;
                batch.records.add(record);
                queue.sent(record);
            }
            queue.limiter.take(taken, bytes);
            queue.inFlight++;
        }
        return batch;
    }

    /** The PutRecords request that carries this batch. */
    PutRecordsRequest toRequest() {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(records.size());
        for (PendingKinesisRecord record : records) {
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey(record.record.partitionKey())
                    .explicitHashKey(record.record.explicitHashKey())
                    .data(SdkBytes.fromByteArrayUnsafe(record.record.data()))
                    .build());
        }
        PutRecordsRequest.Builder request = PutRecordsRequest.builder().records(entries);
        return (stream.isArn() ? request.streamARN(stream.name) : request.streamName(stream.name)).build();
    }

    /**
     * Whether the record may join: none of its partition keys is in flight for its shard or already taken into
     * this request. If so its keys are taken.
     */
    static boolean takeKeys(PendingKinesisRecord record, Map<String, Integer> inFlight, Set<String> taken) {
        for (PendingUserRecord user : record.users) {
            if (inFlight.containsKey(user.partitionKey) || taken.contains(user.partitionKey)) {
                return false;
            }
        }
        for (PendingUserRecord user : record.users) {
            taken.add(user.partitionKey);
        }
        return true;
    }

}
