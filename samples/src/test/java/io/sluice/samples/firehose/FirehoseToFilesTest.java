package io.sluice.samples.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.local.junit.LocalBackendExtension;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/** The Firehose template against backend-local: a stream's records land in GZIP files under the prefix. */
class FirehoseToFilesTest {

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.createDelay(Duration.ZERO)
            .shardThroughputLimits(false));

    @Test
    void archivesTheStreamToCompressedFiles() throws Exception {
        try (KinesisClient kinesis = BACKEND.clients().kinesis().build()) {
            kinesis.createStream(b -> b.streamName("events").shardCount(1));
            kinesis.waiter().waitUntilStreamExists(b -> b.streamName("events"));
            String[] args = {"--stream", "events", "--bucket", "archive", "--prefix", "events/", "--buffer-seconds",
                "0", "--endpoint", BACKEND.clients().endpoint().toString(), "--region",
                BACKEND.clients().region().id()};
            assertThat(new CommandLine(new FirehoseToFiles(BACKEND.clients().credentialsProvider())).execute(args))
                    .isZero();
            assertThat(new CommandLine(new FirehoseToFiles(BACKEND.clients().credentialsProvider())).execute(args))
                    .as("a second run finds it").isZero();
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                entries.add(PutRecordsRequestEntry.builder().partitionKey("k" + i)
                        .data(SdkBytes.fromUtf8String("{\"n\":" + i + "}\n")).build());
            }
            kinesis.putRecords(b -> b.streamName("events").records(entries));
        }
        Path bucket = BACKEND.backend().s3Directory().resolve("archive");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<String> lines = List.of();
        while (lines.size() < 300 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            lines = lines(bucket);
        }
        assertThat(lines).hasSize(300).contains("{\"n\":0}", "{\"n\":299}");
        try (Stream<Path> files = Files.walk(bucket)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> bucket.relativize(p).toString()))
                    .allSatisfy(key -> assertThat(key).startsWith("events/").endsWith(".gz"));
        }
    }

    static List<String> lines(Path bucket) throws Exception {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(bucket)) {
            return lines;
        }
        try (Stream<Path> files = Files.walk(bucket)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        if (!line.isEmpty()) {
                            lines.add(line);
                        }
                    }
                }
            }
        }
        return lines;
    }
}
