package io.sluice.consumer.internal;

import io.sluice.aggregation.Deaggregator;
import io.sluice.aggregation.Deaggregator.UserRecord;
import io.sluice.aggregation.HashKey;
import io.sluice.checkpoint.Checkpoint;
import io.sluice.consumer.KinesisClientRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Turns Kinesis records into the user records a processor sees: KPL aggregates are deaggregated (subsequence
 * numbers 0..n-1 under the Kinesis sequence number), user records whose effective hash key lies outside the
 * shard's range are dropped (REFERENCE section 3: after a reshard an aggregate may carry records of another
 * shard), and records at or below the position processing resumed from are dropped, so nothing checkpointed is
 * delivered again.
 *
 * <p>Not thread-safe: one per shard consumer, used by its shard thread.
 */
final class RecordConverter {

    private final HashKey start;
    private final HashKey end;
    private Checkpoint resumeAfter;

    /**
     * @param startingHashKey the shard's first hash key, or {@code null} when unknown (nothing is dropped then)
     * @param endingHashKey the shard's last hash key, or {@code null}
     * @param resumeAfter the checkpoint processing resumes from; records at or below it are dropped
     */
    RecordConverter(String startingHashKey, String endingHashKey, Checkpoint resumeAfter) {
        this.start = startingHashKey == null ? null : HashKey.parseDecimal(startingHashKey);
        this.end = endingHashKey == null ? null : HashKey.parseDecimal(endingHashKey);
        this.resumeAfter = resumeAfter.isSentinel() ? null : resumeAfter;
    }

    List<KinesisClientRecord> convert(List<Record> records) {
        List<KinesisClientRecord> out = new ArrayList<>(records.size());
        for (Record record : records) {
            byte[] data = record.data().asByteArrayUnsafe();
            List<UserRecord> users = start == null
                    ? Deaggregator.deaggregate(record.partitionKey(), null, data)
                    : Deaggregator.deaggregate(record.partitionKey(), null, data, start, end);
            for (UserRecord user : users) {
                if (resumeAfter != null && !isAfterResumePoint(record.sequenceNumber(), user.subSequenceNumber())) {
                    continue;
                }
                out.add(new KinesisClientRecord(record.sequenceNumber(), user.subSequenceNumber(),
                        user.partitionKey(), user.explicitHashKey(), ByteBuffer.wrap(user.data()),
                        record.approximateArrivalTimestamp(), user.aggregated()));
            }
        }
        return out;
    }

    private boolean isAfterResumePoint(String sequenceNumber, long subSequenceNumber) {
        int bySequence = Positions.compareSequences(sequenceNumber, resumeAfter.sequenceNumber());
        if (bySequence > 0 || (bySequence == 0 && subSequenceNumber > resumeAfter.subSequenceNumber())) {
            resumeAfter = null; // Records come in order: everything from here on is new.
            return true;
        }
        return false;
    }
}
