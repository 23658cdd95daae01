package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.local.junit.LocalBackendExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Our producer, aggregation on, feeding a data stream that a Firehose delivery stream of backend-local reads:
 * every user record lands in the S3 folder on its own line, the aggregates split as AWS's Firehose splits KPL
 * aggregates.
 */
class FirehoseSourceTest {

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b
            .createDelay(Duration.ZERO).updateDelay(Duration.ZERO).shardThroughputLimits(false));

    @Test
    void aggregatedUserRecordsAreDeliveredOneByOne() throws Exception {
        int count = 5_000;
        try (KinesisClient kinesis = BACKEND.clients().kinesis().build();
             FirehoseClient firehose = BACKEND.clients().firehose().build()) {
            LocalStreams.create(kinesis, "clicks", 3);
            String arn = kinesis.describeStreamSummary(b -> b.streamName("clicks")).streamDescriptionSummary()
                    .streamARN();
            firehose.createDeliveryStream(b -> b.deliveryStreamName("clicks-to-s3")
                    .deliveryStreamType("KinesisStreamAsSource")
                    .kinesisStreamSourceConfiguration(s -> s.kinesisStreamARN(arn)
                            .roleARN("arn:aws:iam::000000000000:role/firehose"))
                    .extendedS3DestinationConfiguration(d -> d.roleARN("arn:aws:iam::000000000000:role/firehose")
                            .bucketARN("arn:aws:s3:::clicks").compressionFormat("GZIP")
                            .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(1))));
            List<CompletableFuture<UserRecordResult>> futures = new ArrayList<>();
            try (KinesisProducer producer = KinesisProducer.create(LocalStreams.config(BACKEND.clients())
                    .aggregationEnabled(true).build())) {
                for (int i = 0; i < count; i++) {
                    futures.add(producer.addUserRecord("clicks", "user-" + (i % 97),
                            ("{\"click\":" + i + "}\n").getBytes(StandardCharsets.UTF_8)));
                }
                producer.flushSync();
            }
            for (CompletableFuture<UserRecordResult> future : futures) {
                assertThat(future.get(5, TimeUnit.SECONDS).sequenceNumber()).isNotNull();
            }
            assertThat(StreamContents.read(kinesis, "clicks")).as("user records in the stream, aggregated")
                    .hasSize(count).anyMatch(d -> d.subSequenceNumber() > 0);

            Path bucket = BACKEND.backend().s3Directory().resolve("clicks");
            Set<String> delivered = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (delivered.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(100);
                delivered = lines(bucket);
            }
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < count; i++) {
                expected.add("{\"click\":" + i + "}");
            }
            assertThat(delivered).isEqualTo(expected);
        }
    }

    static Set<String> lines(Path bucket) throws Exception {
        Set<String> lines = new HashSet<>();
        if (!Files.isDirectory(bucket)) {
            return lines;
        }
        try (Stream<Path> files = Files.walk(bucket)) {
            for (Path object : files.filter(Files::isRegularFile).toList()) {
                try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(object))) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        lines.add(line);
                    }
                }
            }
        }
        return lines;
    }
}
