package io.sluice.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** What the consumer's tests share: creating streams, putting keyed records, waiting for a condition. */
final class Streams {

    private Streams() {
    }

    static void create(KinesisClient kinesis, String name, int shards) {
        kinesis.createStream(b -> b.streamName(name).shardCount(shards));
        awaitActive(kinesis, name);
    }

    /** Polls the stream's status itself: the SDK's waiter waits 10 s between checks. */
    static void awaitActive(KinesisClient kinesis, String name) {
        await(Duration.ofSeconds(30), () -> kinesis.describeStreamSummary(b -> b.streamName(name))
                .streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE);
    }

    /**
     * Puts records {@code key-<k>} / {@code <k>:<n>} for keys 0..keys-1 and counters from..from+perKey-1, in
     * counter order per key, checking that every one was accepted.
     */
    static void put(KinesisClient kinesis, String stream, int keys, int from, int perKey) {
        List<PutRecordsRequestEntry> batch = new ArrayList<>();
        for (int n = from; n < from + perKey; n++) {
            for (int k = 0; k < keys; k++) {
                batch.add(PutRecordsRequestEntry.builder().partitionKey("key-" + k)
                        .data(SdkBytes.fromString(k + ":" + n, StandardCharsets.UTF_8)).build());
                if (batch.size() == 500) {
                    send(kinesis, stream, batch);
                }
            }
        }
        if (!batch.isEmpty()) {
            send(kinesis, stream, batch);
        }
    }

    private static void send(KinesisClient kinesis, String stream, List<PutRecordsRequestEntry> batch) {
        PutRecordsResponse response = kinesis.putRecords(b -> b.streamName(stream).records(batch));
        assertThat(response.failedRecordCount()).isZero();
        batch.clear();
    }

    static void await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Condition not met within " + timeout);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
