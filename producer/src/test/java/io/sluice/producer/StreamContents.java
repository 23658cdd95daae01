package io.sluice.producer;

import io.sluice.aggregation.Deaggregator;
import io.sluice.aggregation.HashKey;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads everything a stream holds, as a consumer would: every shard from TRIM_HORIZON, aggregates deaggregated,
 * and user records outside their shard's hash key range dropped (the KCL's rule after a reshard).
 */
final class StreamContents {

    /** One user record as a consumer sees it. */
    record Delivered(String shardId, String sequenceNumber, long subSequenceNumber, String partitionKey,
            byte[] data) {
        String text() {
            return new String(data, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private StreamContents() {
    }

    static List<Delivered> read(KinesisClient kinesis, String stream) {
        List<Delivered> out = new ArrayList<>();
        List<Shard> shards = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = next == null ? kinesis.listShards(b -> b.streamName(stream))
                    : kinesis.listShards(b -> b.nextToken(next));
            shards.addAll(page.shards());
            token = page.nextToken();
        } while (token != null);
        for (Shard shard : shards) {
            HashKey start = HashKey.parseDecimal(shard.hashKeyRange().startingHashKey());
            HashKey end = HashKey.parseDecimal(shard.hashKeyRange().endingHashKey());
            String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse page = kinesis.getRecords(b -> b.shardIterator(current).limit(10_000));
                iterator = null;
                for (Record record : page.records()) {
                    for (Deaggregator.UserRecord user : Deaggregator.deaggregate(record.partitionKey(), null,
                            record.data().asByteArrayUnsafe(), start, end)) {
                        out.add(new Delivered(shard.shardId(), record.sequenceNumber(), user.subSequenceNumber(),
                                user.partitionKey(), user.data()));
                    }
                }
                if (!page.records().isEmpty() || page.millisBehindLatest() > 0) {
                    iterator = page.nextShardIterator();
                }
            }
        }
        return out;
    }
}
