package io.sluice.local;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Reads a whole shard from TRIM_HORIZON to its current end (or a closed shard's last record). */
public final class ShardReads {

    private ShardReads() {
    }

    public static List<Record> readAll(KinesisClient kinesis, String stream, String shardId) {
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        List<Record> out = new ArrayList<>();
        while (true) {
            String current = iterator;
            GetRecordsResponse page = kinesis.getRecords(b -> b.shardIterator(current));
            if (page.records().isEmpty()) {
                return out;
            }
            out.addAll(page.records());
            iterator = page.nextShardIterator();
            if (iterator == null) {
                return out; // a closed shard, read to its end
            }
        }
    }
}
