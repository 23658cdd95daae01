package io.sluice.local.internal.firehose;

import io.sluice.aggregation.Deaggregator;
import io.sluice.local.internal.firehose.delivery.DeliveryPipeline;
import io.sluice.local.internal.firehose.delivery.SourceRecord.KinesisOrigin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The KinesisStreamAsSource side of a delivery stream: reads its data stream through the Kinesis API of this same
 * backend (so it meets the same limits a remote reader does), one GetRecords per shard per round (a round a
 * second), from the delivery start time on (LATEST at creation), parents before children. KPL aggregates are
 * split into their user records. A shard's position moves only once its records are in the delivery stream's
 * log, and is saved with the stream, so a restart goes on where it was (records read but not yet saved come
 * again: at least once). Not thread-safe: one round runs at a time, on the delivery thread pool.
 */
final class StreamSourceReader {

    private static final Logger log = LoggerFactory.getLogger(StreamSourceReader.class);
    private static final int MAX_RECORDS = 10_000;

    private final String streamArn;
    private final Instant deliveryStart;
    private final KinesisClient kinesis;
    private final DeliveryPipeline pipeline;
    private final SourcePositions positions;
    private final Consumer<SourcePositions> save;
    private final DeliveryTaps.Tap tap;
    private final Map<String, String> iterators = new HashMap<>();

    /**
     * @param positions where each shard was read to (restored from the data directory)
     * @param save stores the positions after they moved
     * @param tap passes what was taken in to the stream's readers
     */
    StreamSourceReader(String streamArn, Instant deliveryStart, KinesisClient kinesis, DeliveryPipeline pipeline,
            SourcePositions positions, Consumer<SourcePositions> save, DeliveryTaps.Tap tap) {
        this.tap = tap;
        this.streamArn = streamArn;
        this.deliveryStart = deliveryStart;
        this.kinesis = kinesis;
        this.pipeline = pipeline;
        this.positions = positions;
        this.save = save;
    }

    /** One round: every readable shard gets one GetRecords. */
    void round() {
        List<Shard> shards;
        try {
            shards = kinesis.listShards(b -> b.streamARN(streamArn)).shards();
        } catch (ResourceNotFoundException e) {
            return;
        }
        Set<String> known = new HashSet<>();
        shards.forEach(s -> known.add(s.shardId()));
        boolean moved = false;
        for (Shard shard : shards) {
            if (positions.finished().contains(shard.shardId()) || !parentsDone(shard, known)) {
                continue;
            }
            moved |= read(shard.shardId());
        }
        if (moved) {
            save.accept(positions);
        }
    }

    private boolean parentsDone(Shard shard, Set<String> known) {
        for (String parent : new String[] {shard.parentShardId(), shard.adjacentParentShardId()}) {
            if (parent != null && known.contains(parent) && !positions.finished().contains(parent)) {
                return false;
            }
        }
        return true;
    }

    /** Reads a shard once; whether its position moved. */
    private boolean read(String shardId) {
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
            return false;
        } catch (ProvisionedThroughputExceededException | ResourceNotFoundException e) {
            return false;
        }
        List<byte[]> data = new ArrayList<>();
        List<Long> arrivals = new ArrayList<>();
        List<KinesisOrigin> origins = new ArrayList<>();
        for (Record record : response.records()) {
            long arrival = record.approximateArrivalTimestamp().toEpochMilli();
            for (Deaggregator.UserRecord user : Deaggregator.deaggregate(record.partitionKey(), null,
                    record.data().asByteArrayUnsafe())) {
                data.add(user.data());
                arrivals.add(arrival);
                origins.add(new KinesisOrigin(shardId, user.partitionKey(), record.sequenceNumber(),
                        user.subSequenceNumber()));
            }
        }
        if (!data.isEmpty() && !pipeline.acceptFromStream(data, arrivals, origins)) {
            return false;
        }
        if (!data.isEmpty()) {
            tap.accept(data, arrivals.get(arrivals.size() - 1));
        }
        boolean moved = false;
        if (!response.records().isEmpty()) {
            positions.read().put(shardId, response.records().get(response.records().size() - 1).sequenceNumber());
            moved = true;
        }
        if (response.nextShardIterator() == null) {
            positions.finished().add(shardId);
            positions.read().remove(shardId);
            iterators.remove(shardId);
            log.debug("Source shard {} of {} finished", shardId, streamArn);
            return true;
        }
        iterators.put(shardId, response.nextShardIterator());
        return moved;
    }

    private String iterator(String shardId) {
        String after = positions.read().get(shardId);
        if (after != null) {
            return kinesis.getShardIterator(b -> b.streamARN(streamArn).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(after))
                    .shardIterator();
        }
        return kinesis.getShardIterator(b -> b.streamARN(streamArn).shardId(shardId)
                .shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(deliveryStart)).shardIterator();
    }

    /**
     * How far each shard of the source was read: the last sequence number taken per shard, and the shards read
     * to their end. Mutable; owned by one reader.
     */
    record SourcePositions(Map<String, String> read, Set<String> finished) {

        static SourcePositions empty() {
            return new SourcePositions(new HashMap<>(), new HashSet<>());
        }
    }
}
