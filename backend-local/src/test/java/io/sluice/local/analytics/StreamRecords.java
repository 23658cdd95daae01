package io.sluice.local.analytics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Writes JSON lines to a data stream and reads back what arrived, for the Analytics tests. */
final class StreamRecords {

    private StreamRecords() {
    }

    /** Creates a one-shard stream and returns its ARN once it is active. */
    static String create(KinesisClient kinesis, String name) {
        kinesis.createStream(b -> b.streamName(name).shardCount(1));
        kinesis.waiter().waitUntilStreamExists(b -> b.streamName(name));
        return kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().streamARN();
    }

    static void put(KinesisClient kinesis, String stream, List<String> records) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey("k" + i)
                    .data(SdkBytes.fromString(records.get(i), StandardCharsets.UTF_8)).build());
        }
        for (int from = 0; from < entries.size(); from += 500) {
            List<PutRecordsRequestEntry> batch = entries.subList(from, Math.min(entries.size(), from + 500));
            if (kinesis.putRecords(b -> b.streamName(stream).records(batch)).failedRecordCount() != 0) {
                throw new IllegalStateException("records refused");
            }
        }
    }

    /** Everything in the stream (every shard from its start). */
    static List<String> all(KinesisClient kinesis, String stream) {
        List<String> out = new ArrayList<>();
        for (Shard shard : kinesis.listShards(b -> b.streamName(stream)).shards()) {
            String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String current = iterator;
                var response = kinesis.getRecords(b -> b.shardIterator(current));
                response.records().forEach(r -> out.add(r.data().asUtf8String()));
                if (response.records().isEmpty()) {
                    break;
                }
                iterator = response.nextShardIterator();
            }
        }
        return out;
    }

    /** Waits until the stream holds at least {@code count} records, and returns them. */
    static List<String> await(KinesisClient kinesis, String stream, int count, Duration timeout)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        List<String> seen = all(kinesis, stream);
        while (seen.size() < count && System.nanoTime() < end) {
            Thread.sleep(50);
            seen = all(kinesis, stream);
        }
        return seen;
    }
}
