package io.sluice.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * Records a delivery stream acknowledged and still held in its buffer survive SIGKILL of the backend: after a
 * restart on the same data directory they are delivered to the S3 folder, none lost; once delivered they leave
 * the log, so a further SIGKILL and start replays nothing.
 */
class FirehoseDurabilityIT {

    static FirehoseClient client(URI endpoint) {
        return FirehoseClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    @Test
    void bufferedRecordsSurviveSigkill(@TempDir Path dataDir) throws Exception {
        Set<String> acknowledged = new HashSet<>();
        try (BackendProcess backend = BackendProcess.start("--data-dir", dataDir.toString(), "--create-delay", "0");
             FirehoseClient firehose = client(backend.endpoint())) {
            firehose.createDeliveryStream(b -> b.deliveryStreamName("durable").extendedS3DestinationConfiguration(
                    d -> d.roleARN("arn:aws:iam::000000000000:role/f").bucketARN("arn:aws:s3:::kept")
                            .compressionFormat("GZIP").bufferingHints(h -> h.sizeInMBs(128).intervalInSeconds(900))));
            for (int batch = 0; batch < 20; batch++) {
                List<Record> records = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    records.add(Record.builder().data(SdkBytes.fromUtf8String("record-" + batch + "-" + i + "\n"))
                            .build());
                }
                PutRecordBatchResponse response = firehose.putRecordBatch(b -> b.deliveryStreamName("durable")
                        .records(records));
                for (int i = 0; i < records.size(); i++) {
                    if (response.requestResponses().get(i).errorCode() == null) {
                        acknowledged.add(records.get(i).data().asUtf8String().trim());
                    }
                }
            }
            assertThat(acknowledged).hasSize(10_000);
            backend.kill();
        }
        assertThat(objects(dataDir.resolve("s3").resolve("kept"))).as("nothing delivered before the kill").isEmpty();

        try (BackendProcess restarted = BackendProcess.start("--data-dir", dataDir.toString());
             FirehoseClient firehose = client(restarted.endpoint())) {
            assertThat(restarted.printed("10000 records replayed from its log")).isTrue();
            firehose.updateDestination(b -> b.deliveryStreamName("durable").currentDeliveryStreamVersionId("1")
                    .destinationId("destinationId-000000000001")
                    .extendedS3DestinationUpdate(u -> u.bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(0))));
            Set<String> delivered = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (delivered.size() < acknowledged.size() && System.nanoTime() < deadline) {
                Thread.sleep(50);
                delivered.clear();
                for (Path object : objects(dataDir.resolve("s3").resolve("kept"))) {
                    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(object))) {
                        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                            delivered.add(line);
                        }
                    }
                }
            }
            assertThat(delivered).containsAll(acknowledged);
            Thread.sleep(500);
            restarted.kill();
        }
        // Delivered records left the log: a third start replays nothing and delivers nothing again.
        int objects = objects(dataDir.resolve("s3").resolve("kept")).size();
        try (BackendProcess third = BackendProcess.start("--data-dir", dataDir.toString())) {
            assertThat(third.printed("replayed from its log")).isFalse();
            assertThat(objects(dataDir.resolve("s3").resolve("kept"))).hasSize(objects);
        }
    }

    static List<Path> objects(Path bucket) throws IOException {
        if (!Files.isDirectory(bucket)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(bucket)) {
            return files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".gz")).toList();
        }
    }
}
