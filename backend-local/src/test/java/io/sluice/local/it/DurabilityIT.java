package io.sluice.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import io.sluice.local.ShardReads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The backend as a child process on a data directory: what it acknowledged is still there, with the same sequence
 * numbers, after SIGKILL in the middle of a write load, after a torn tail, and after SIGTERM.
 */
class DurabilityIT {

    @TempDir
    Path dataDir;

    static KinesisClient client(URI endpoint) {
        return KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    /** Every record the backend acknowledged, by sequence number: its shard and data. */
    record Acked(String shardId, String data) {
    }

    @Test
    void everyAcknowledgedRecordSurvivesSigkillUnderLoad() throws Exception {
        Map<String, Acked> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger failedCalls = new AtomicInteger();
        try (BackendProcess backend = BackendProcess.start("--data-dir", dataDir.toString(), "--create-delay", "0",
                "--no-throughput-limits")) {
            try (KinesisClient kinesis = client(backend.endpoint())) {
                kinesis.createStream(b -> b.streamName("crash").shardCount(4));
            }
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService writers = Executors.newFixedThreadPool(4);
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.submit(() -> {
                    try (KinesisClient kinesis = client(backend.endpoint())) {
                        for (int batch = 0; !stop.get(); batch++) {
                            List<PutRecordsRequestEntry> entries = new ArrayList<>();
                            for (int i = 0; i < 100; i++) {
                                entries.add(PutRecordsRequestEntry.builder().partitionKey("w" + writer + "-" + i)
                                        .data(SdkBytes.fromUtf8String("w" + writer + "-b" + batch + "-" + i)).build());
                            }
                            try {
                                PutRecordsResponse response = kinesis.putRecords(b -> b.streamName("crash").records(entries));
                                for (int i = 0; i < entries.size(); i++) {
                                    var result = response.records().get(i);
                                    if (result.errorCode() == null) {
                                        acknowledged.put(result.sequenceNumber(),
                                                new Acked(result.shardId(), entries.get(i).data().asUtf8String()));
                                    }
                                }
                            } catch (RuntimeException e) {
                                // Not acknowledged: the backend may or may not have stored these.
                                failedCalls.incrementAndGet();
                                if (stop.get()) {
                                    return;
                                }
                            }
                        }
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (acknowledged.size() < 20_000 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            backend.kill();
            stop.set(true);
            writers.shutdown();
            assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(5_000);

        try (BackendProcess restarted = BackendProcess.start("--data-dir", dataDir.toString());
             KinesisClient kinesis = client(restarted.endpoint())) {
            Map<String, Record> stored = new HashMap<>();
            Map<String, String> shardOf = new HashMap<>();
            for (Shard shard : kinesis.listShards(b -> b.streamName("crash")).shards()) {
                List<Record> records = ShardReads.readAll(kinesis, "crash", shard.shardId());
                assertThat(records).extracting(r -> new BigInteger(r.sequenceNumber())).isSorted().doesNotHaveDuplicates();
                for (Record record : records) {
                    stored.put(record.sequenceNumber(), record);
                    shardOf.put(record.sequenceNumber(), shard.shardId());
                }
            }
            for (Map.Entry<String, Acked> ack : acknowledged.entrySet()) {
                Record record = stored.get(ack.getKey());
                assertThat(record).as("acknowledged record %s", ack.getKey()).isNotNull();
                assertThat(record.data().asUtf8String()).isEqualTo(ack.getValue().data());
                assertThat(shardOf.get(ack.getKey())).isEqualTo(ack.getValue().shardId());
            }
            // Writes go on after the crash, with sequence numbers past every stored one.
            var after = kinesis.putRecord(b -> b.streamName("crash").partitionKey("w0-0")
                    .data(SdkBytes.fromUtf8String("after")));
            BigInteger newest = stored.keySet().stream().filter(seq -> shardOf.get(seq).equals(after.shardId()))
                    .map(BigInteger::new).max(BigInteger::compareTo).orElse(BigInteger.ZERO);
            assertThat(new BigInteger(after.sequenceNumber())).isGreaterThan(newest);
        }
    }

    @Test
    void aTornTailLeftByACrashIsCutAndAcknowledgedRecordsStay() throws Exception {
        List<String> sequenceNumbers = new ArrayList<>();
        try (BackendProcess backend = BackendProcess.start("--data-dir", dataDir.toString(), "--create-delay", "0",
                "--no-throughput-limits");
             KinesisClient kinesis = client(backend.endpoint())) {
            kinesis.createStream(b -> b.streamName("torn").shardCount(1));
            for (int i = 0; i < 50; i++) {
                int n = i;
                sequenceNumbers.add(kinesis.putRecord(b -> b.streamName("torn").partitionKey("k")
                        .data(SdkBytes.fromUtf8String("r" + n))).sequenceNumber());
            }
            backend.kill();
        }
        // What a crash in the middle of a multi-part write leaves: the start of a frame and no end.
        Path segment = BackendProcess.lastSegment(dataDir, "shard-000000000000");
        long size = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 60, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
        }
        try (BackendProcess restarted = BackendProcess.start("--data-dir", dataDir.toString());
             KinesisClient kinesis = client(restarted.endpoint())) {
            assertThat(restarted.printed("Cutting a torn tail of 13 bytes")).isTrue();
            assertThat(Files.size(segment)).isEqualTo(size);
            List<Record> records = ShardReads.readAll(kinesis, "torn", "shardId-000000000000");
            assertThat(records).extracting(Record::sequenceNumber).containsExactlyElementsOf(sequenceNumbers);
            kinesis.putRecord(b -> b.streamName("torn").partitionKey("k").data(SdkBytes.fromUtf8String("r50")));
            assertThat(ShardReads.readAll(kinesis, "torn", "shardId-000000000000")).hasSize(51);
        }
    }

    @Test
    void sigtermStopsCleanlyAndKeepsEverything() throws Exception {
        String sequenceNumber;
        try (BackendProcess backend = BackendProcess.start("--data-dir", dataDir.toString(), "--create-delay", "0",
                "--fsync");
             KinesisClient kinesis = client(backend.endpoint())) {
            kinesis.createStream(b -> b.streamName("term").shardCount(1));
            sequenceNumber = kinesis.putRecord(b -> b.streamName("term").partitionKey("k")
                    .data(SdkBytes.fromUtf8String("kept"))).sequenceNumber();
            assertThat(backend.terminate()).isEqualTo(143);
            assertThat(backend.printed("Sluice backend-local stopped")).as("%s", backend.output()).isTrue();
        }
        try (BackendProcess restarted = BackendProcess.start("--data-dir", dataDir.toString());
             KinesisClient kinesis = client(restarted.endpoint())) {
            assertThat(ShardReads.readAll(kinesis, "term", "shardId-000000000000")).extracting(Record::sequenceNumber)
                    .containsExactly(sequenceNumber);
        }
    }

}
