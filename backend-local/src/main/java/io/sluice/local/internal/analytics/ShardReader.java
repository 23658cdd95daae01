package io.sluice.local.internal.analytics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads an application's source data stream through this backend's Kinesis API: one GetRecords per readable shard
 * per round, parents before children. Starts where the application was started: NOW (records from the start
 * time on), TRIM_HORIZON, or where it was read to before (shards it never read then, being newer, from their
 * start). Not thread-safe: used on the application's thread.
 */
final class ShardReader {

    private static final int MAX_RECORDS = 10_000;
    /**
     * The key under which positions keep the time an application first started reading at NOW, so a restart
     * before any shard position was committed starts there again.
     */
    static final String FIRST_START = "$start";

    /** Records of one shard from one GetRecords, with the shard's place among the shards (for parallelism). */
    record Batch(String shardId, int shardIndex, List<Record> records, long millisBehindLatest) {
    }

    private final KinesisClient kinesis;
    private final String streamArn;
    private final String position;
    private final Instant startTime;
    private final Map<String, String> readTo;
    private final Set<String> finished = new HashSet<>();
    private final Map<String, String> iterators = new HashMap<>();

    /**
     * @param position NOW, TRIM_HORIZON or LAST_STOPPED_POINT (with {@code readTo} holding where; when it also
     *     holds {@link #FIRST_START}, shards not read yet start from that time)
     * @param readTo the last sequence number read per shard (LAST_STOPPED_POINT), updated as rows are read
     */
    ShardReader(KinesisClient kinesis, String streamArn, String position, Instant startTime,
            Map<String, String> readTo) {
        this.kinesis = kinesis;
        this.streamArn = streamArn;
        String first = readTo.remove(FIRST_START);
        // Shards not read yet start at the first start's time when the application first read at NOW (children
        // of later reshards hold only later records), else at their beginning.
        boolean fromTime = "NOW".equals(position) || first != null
                || ("LAST_STOPPED_POINT".equals(position) && readTo.isEmpty());
        this.position = fromTime ? "NOW" : "TRIM_HORIZON";
        this.startTime = first != null ? Instant.ofEpochMilli(Long.parseLong(first)) : startTime;
        this.readTo = readTo;
    }

    /** One round: a GetRecords on every shard that can be read now. */
    List<Batch> round() {
        List<Shard> shards;
        try {
            shards = kinesis.listShards(b -> b.streamARN(streamArn)).shards();
        } catch (SdkException e) {
            return List.of();
        }
        Set<String> known = new HashSet<>();
        shards.forEach(s -> known.add(s.shardId()));
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            Shard shard = shards.get(i);
            if (finished.contains(shard.shardId()) || !parentsDone(shard, known)) {
                continue;
            }
            Batch batch = read(shard.shardId(), i);
            if (batch != null) {
                batches.add(batch);
            }
        }
        return batches;
    }

    private boolean parentsDone(Shard shard, Set<String> known) {
        for (String parent : new String[] {shard.parentShardId(), shard.adjacentParentShardId()}) {
            if (parent != null && known.contains(parent) && !finished.contains(parent)) {
                return false;
            }
        }
        return true;
    }

    private Batch read(String shardId, int index) {
        GetRecordsResponse response;
        try {
            String iterator = iterators.get(shardId);
            if (iterator == null) {
                iterator = iterator(shardId);
            }
            String current = iterator;
            response = kinesis.getRecords(b -> b.shardIterator(current).limit(MAX_RECORDS));
        } catch (ExpiredIteratorException e) {
            iterators.remove(shardId);
            return null;
        } catch (SdkException e) {
            // Throttled, gone, or a failed call: this shard waits for the next round; the others' batches stand.
            return null;
        }
        if (response.nextShardIterator() == null) {
            finished.add(shardId);
            iterators.remove(shardId);
        } else {
            iterators.put(shardId, response.nextShardIterator());
        }
        if (!response.records().isEmpty()) {
            readTo.put(shardId, response.records().get(response.records().size() - 1).sequenceNumber());
        }
        long behind = response.millisBehindLatest() == null ? 0 : response.millisBehindLatest();
        return new Batch(shardId, index, response.records(), behind);
    }

    private String iterator(String shardId) {
        String after = readTo.get(shardId);
        if (after != null) {
            return kinesis.getShardIterator(b -> b.streamARN(streamArn).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(after))
                    .shardIterator();
        }
        if ("NOW".equals(position)) {
            return kinesis.getShardIterator(b -> b.streamARN(streamArn).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(startTime)).shardIterator();
        }
        return kinesis.getShardIterator(b -> b.streamARN(streamArn).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
    }
}
