package io.sluice.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;

/**
 * The Firehose side of a run: a delivery stream with the data stream as its source, archiving to the S3 folder
 * (uncompressed, a record a line, buffered 5 s), and the check that every acknowledged record landed there at
 * least once, through the backend's restarts. Stateless.
 */
final class FirehoseArchive {

    /**
     * What landed in the folder.
     *
     * @param objects objects written
     * @param records record lines read
     * @param lost acknowledged records that never landed, plus lines that are not whole records
     * @param duplicates lines beyond the first for a record
     * @param lostExamples up to ten of the lost records
     * @param waitedMillis how long the check waited for the last objects
     */
    record Result(long objects, long records, long lost, long duplicates, List<String> lostExamples,
            long waitedMillis) {
    }

    private FirehoseArchive() {
    }

    static void create(URI endpoint, AwsCredentialsProvider credentials, String stream, String deliveryStream,
            String bucket) throws InterruptedException {
        try (FirehoseClient firehose = FirehoseClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClientBuilder(ApacheHttpClient.builder()).build()) {
            firehose.createDeliveryStream(b -> b.deliveryStreamName(deliveryStream)
                    .deliveryStreamType(DeliveryStreamType.KINESIS_STREAM_AS_SOURCE)
                    .kinesisStreamSourceConfiguration(k -> k
                            .kinesisStreamARN("arn:aws:kinesis:us-east-1:000000000000:stream/" + stream)
                            .roleARN("arn:aws:iam::000000000000:role/chaos"))
                    .extendedS3DestinationConfiguration(s -> s.bucketARN("arn:aws:s3:::" + bucket)
                            .roleARN("arn:aws:iam::000000000000:role/chaos")
                            .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(5))));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (firehose.describeDeliveryStream(b -> b.deliveryStreamName(deliveryStream))
                    .deliveryStreamDescription().deliveryStreamStatus() != DeliveryStreamStatus.ACTIVE) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Delivery stream " + deliveryStream + " did not become ACTIVE");
                }
                Thread.sleep(100);
            }
        }
    }

    /** Reads the folder until every acknowledged record is there or {@code timeout} passed. */
    static Result check(Path folder, Map<String, BitSet> acknowledged, Duration timeout)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        while (true) {
            Result result = read(folder, acknowledged, (System.nanoTime() - started) / 1_000_000);
            if (result.lost() == 0 || System.nanoTime() > deadline) {
                return result;
            }
            Thread.sleep(2_000);
        }
    }

    private static Result read(Path folder, Map<String, BitSet> acknowledged, long waited) throws IOException {
        Map<String, BitSet> landed = new HashMap<>();
        long objects = 0;
        long records = 0;
        long duplicates = 0;
        long malformed = 0;
        if (Files.isDirectory(folder)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(folder)) {
                files = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                        .toList();
            }
            for (Path file : files) {
                objects++;
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        String[] f = line.split(" ", 3);
                        if (f.length < 3 || !f[1].chars().allMatch(Character::isDigit) || f[1].isEmpty()) {
                            malformed++;
                            continue;
                        }
                        records++;
                        BitSet bits = landed.computeIfAbsent(f[0], k -> new BitSet());
                        int counter = Integer.parseInt(f[1]);
                        if (bits.get(counter)) {
                            duplicates++;
                        }
                        bits.set(counter);
                    }
                }
            }
        }
        long lost = 0;
        List<String> examples = new java.util.ArrayList<>();
        for (Map.Entry<String, BitSet> e : acknowledged.entrySet()) {
            BitSet missing = (BitSet) e.getValue().clone();
            missing.andNot(landed.getOrDefault(e.getKey(), new BitSet()));
            lost += missing.cardinality();
            for (int c = missing.nextSetBit(0); c >= 0 && examples.size() < 10; c = missing.nextSetBit(c + 1)) {
                examples.add(e.getKey() + " " + c);
            }
        }
        return new Result(objects, records, lost + malformed, duplicates, examples, waited);
    }
}
