package io.sluice.local.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.local.MutableClock;
import io.sluice.local.junit.LocalBackendExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.BufferingHints;
import software.amazon.awssdk.services.firehose.model.CompressionFormat;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationConfiguration;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ResourceInUseException;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;

/**
 * DirectPut to the S3 folder through the SDK's Firehose client: object keys, each compression, the size and
 * interval triggers on the backend's clock, and the API's answers.
 */
class FirehoseDeliveryTest {

    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-04T11:48:32Z"));
    static final String ROLE = "arn:aws:iam::000000000000:role/firehose";
    static final AtomicInteger NAMES = new AtomicInteger();

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.clock(CLOCK)
            .createDelay(Duration.ZERO).deleteDelay(Duration.ZERO));

    static FirehoseClient firehose;

    @BeforeAll
    static void client() {
        firehose = BACKEND.clients().firehose().build();
    }

    @AfterAll
    static void close() {
        firehose.close();
    }

    /** The next whole hour on the clock: tests only ever move it forward, whatever order they run in. */
    static Instant nextHour() {
        return CLOCK.instant().truncatedTo(java.time.temporal.ChronoUnit.HOURS).plus(Duration.ofHours(1));
    }

    static String name() {
        return "hose-" + NAMES.incrementAndGet();
    }

    static Path s3() {
        return BACKEND.backend().s3Directory();
    }

    static ExtendedS3DestinationConfiguration.Builder s3(String bucket, int sizeMb, int intervalSeconds) {
        return ExtendedS3DestinationConfiguration.builder().roleARN(ROLE).bucketARN("arn:aws:s3:::" + bucket)
                .bufferingHints(BufferingHints.builder().sizeInMBs(sizeMb).intervalInSeconds(intervalSeconds)
                        .build());
    }

    static List<Record> records(String prefix, int count, int size) {
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder line = new StringBuilder(prefix).append('-').append(i).append(':');
            while (line.length() < size - 1) {
                line.append((char) ('a' + (i + line.length()) % 26));
            }
            records.add(Record.builder().data(SdkBytes.fromUtf8String(line.append('\n').toString())).build());
        }
        return records;
    }

    static byte[] concat(List<Record> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        records.forEach(r -> out.writeBytes(r.data().asByteArray()));
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"UNCOMPRESSED", "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY"})
    void deliversOnTheIntervalWithEachCompression(String compression) throws Exception {
        String name = name();
        String bucket = "bucket-" + compression.toLowerCase();
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).extendedS3DestinationConfiguration(
                s3(bucket, 5, 60).compressionFormat(CompressionFormat.fromValue(compression)).build()));
        List<Record> records = records(name, 300, 200);
        PutRecordBatchResponse put = firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(records));
        assertThat(put.failedPutCount()).isZero();
        assertThat(put.requestResponses()).hasSize(300).allSatisfy(r -> assertThat(r.recordId()).isNotEmpty());

        CLOCK.advance(Duration.ofSeconds(59));
        Thread.sleep(300);
        assertThat(FirehoseFiles.keys(s3(), bucket)).as("before the interval").isEmpty();

        CLOCK.advance(Duration.ofSeconds(1));
        List<String> keys = FirehoseFiles.awaitKeys(s3(), bucket, 1, Duration.ofSeconds(10));
        String extension = switch (compression) {
            case "GZIP" -> ".gz";
            case "ZIP" -> ".zip";
            case "Snappy", "HADOOP_SNAPPY" -> ".snappy";
            default -> "";
        };
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0)).matches("\\d{4}/\\d{2}/\\d{2}/\\d{2}/" + name
                + "-1-\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}"
                + "-[0-9a-f]{12}" + java.util.regex.Pattern.quote(extension));
        assertThat(FirehoseFiles.read(s3(), bucket, keys.get(0), compression)).isEqualTo(concat(records));
    }

    @Test
    void metricsAreNamedAsCloudWatchNamesThem() throws Exception {
        String name = name();
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name)
                .extendedS3DestinationConfiguration(s3("metered", 5, 0).build()));
        List<Record> records = records("m", 20, 100);
        firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(records));
        firehose.putRecord(b -> b.deliveryStreamName(name).record(records.get(0)));
        FirehoseFiles.awaitKeys(s3(), "metered", 2, Duration.ofSeconds(10));
        var meters = BACKEND.backend().meterRegistry();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (meters.get("DeliveryToS3.Records").tag("DeliveryStreamName", name).counter().count() < 21
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(meters.get("IncomingRecords").tag("DeliveryStreamName", name).counter().count()).isEqualTo(21);
        assertThat(meters.get("IncomingBytes").tag("DeliveryStreamName", name).counter().count()).isEqualTo(2100);
        assertThat(meters.get("IncomingPutRequests").tag("DeliveryStreamName", name).counter().count())
                .isEqualTo(2);
        assertThat(meters.get("PutRecordBatch.Records").tag("DeliveryStreamName", name).counter().count())
                .isEqualTo(20);
        assertThat(meters.get("DeliveryToS3.Records").tag("DeliveryStreamName", name).counter().count())
                .isEqualTo(21);
        assertThat(meters.get("DeliveryToS3.Bytes").tag("DeliveryStreamName", name).counter().count())
                .isEqualTo(2100);
        var success = meters.get("DeliveryToS3.Success").tag("DeliveryStreamName", name).summary();
        assertThat(success.count()).isEqualTo(2);
        assertThat(success.mean()).isEqualTo(1.0);
        assertThat(meters.get("DeliveryToS3.DataFreshness").tag("DeliveryStreamName", name).gauge().value())
                .as("nothing waits").isZero();
    }

    @Test
    void freshnessShowsTheAgeOfTheOldestRecordWaiting() throws Exception {
        String name = name();
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name)
                .extendedS3DestinationConfiguration(s3("fresh", 5, 900).build()));
        firehose.putRecord(b -> b.deliveryStreamName(name).record(records("f", 1, 10).get(0)));
        CLOCK.advance(Duration.ofSeconds(42));
        assertThat(BACKEND.backend().meterRegistry().get("DeliveryToS3.DataFreshness")
                .tag("DeliveryStreamName", name).gauge().value()).isEqualTo(42.0);
        CLOCK.advance(Duration.ofSeconds(900));
        FirehoseFiles.awaitKeys(s3(), "fresh", 1, Duration.ofSeconds(10));
    }

    @Test
    void keyTimesComeFromTheOldestRecordInTheObject() throws Exception {
        String name = name();
        String bucket = "times";
        Instant start = nextHour().minusSeconds(2);
        CLOCK.set(start);
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name)
                .extendedS3DestinationConfiguration(s3(bucket, 5, 60).build()));
        firehose.putRecord(b -> b.deliveryStreamName(name).record(records("a", 1, 10).get(0)));
        CLOCK.advance(Duration.ofSeconds(3));
        firehose.putRecord(b -> b.deliveryStreamName(name).record(records("b", 1, 10).get(0)));
        CLOCK.advance(Duration.ofSeconds(60));
        List<String> keys = FirehoseFiles.awaitKeys(s3(), bucket, 1, Duration.ofSeconds(10));
        assertThat(keys).singleElement().asString().startsWith(
                java.time.format.DateTimeFormatter.ofPattern("yyyy/MM/dd/HH/'" + name + "-1-'yyyy-MM-dd-HH-mm-ss-")
                        .format(start.atZone(java.time.ZoneOffset.UTC)));
    }

    @Test
    void theSizeHintSealsAnObjectWithoutWaiting() throws Exception {
        String name = name();
        String bucket = "sized";
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name)
                .extendedS3DestinationConfiguration(s3(bucket, 1, 900).build()));
        List<Record> first = records("x", 500, 1500);
        List<Record> second = records("y", 500, 1500);
        firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(first));
        firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(second));
        List<String> keys = FirehoseFiles.awaitKeys(s3(), bucket, 1, Duration.ofSeconds(10));
        assertThat(keys).hasSize(1);
        byte[] object = FirehoseFiles.read(s3(), bucket, keys.get(0), "UNCOMPRESSED");
        assertThat(object.length).isGreaterThanOrEqualTo(1024 * 1024).isLessThan(1024 * 1024 + 1500);
        assertThat(new String(object, StandardCharsets.UTF_8)).startsWith("x-0:");
    }

    @Test
    void customPrefixesAndFileExtension() throws Exception {
        String name = name();
        String bucket = "custom";
        Instant start = nextHour().plusSeconds(10 * 60 + 11);
        CLOCK.set(start);
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).extendedS3DestinationConfiguration(
                s3(bucket, 5, 0).prefix("logs/year=!{timestamp:yyyy}/month=!{timestamp:MM}/!{firehose:random-string}/")
                        .errorOutputPrefix("errors/!{firehose:error-output-type}/").compressionFormat("GZIP")
                        .fileExtension(".json.gz").customTimeZone("Asia/Tokyo").build()));
        firehose.putRecord(b -> b.deliveryStreamName(name).record(records("c", 1, 20).get(0)));
        List<String> keys = FirehoseFiles.awaitKeys(s3(), bucket, 1, Duration.ofSeconds(10));
        assertThat(keys).singleElement().asString()
                .matches(java.time.format.DateTimeFormatter.ofPattern("'logs/year='yyyy'/month='MM")
                        .format(start.atZone(java.time.ZoneId.of("Asia/Tokyo"))) + "/[0-9a-f]{11}/" + name + "-1-"
                        + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss")
                                .format(start.atZone(java.time.ZoneId.of("Asia/Tokyo"))) + "-.{36}\\.json\\.gz");
    }

    @Test
    void describeShowsTheDefaultsAwsFillsIn() {
        String name = name();
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).extendedS3DestinationConfiguration(
                ExtendedS3DestinationConfiguration.builder().roleARN(ROLE).bucketARN("arn:aws:s3:::described")
                        .build()));
        DeliveryStreamDescription d = firehose.describeDeliveryStream(b -> b.deliveryStreamName(name))
                .deliveryStreamDescription();
        assertThat(d.deliveryStreamStatusAsString()).isEqualTo("ACTIVE");
        assertThat(d.deliveryStreamARN()).isEqualTo("arn:aws:firehose:us-east-1:000000000000:deliverystream/"
                + name);
        assertThat(d.versionId()).isEqualTo("1");
        assertThat(d.deliveryStreamTypeAsString()).isEqualTo("DirectPut");
        assertThat(d.deliveryStreamEncryptionConfiguration().statusAsString()).isEqualTo("DISABLED");
        var destination = d.destinations().get(0);
        assertThat(destination.destinationId()).isEqualTo("destinationId-000000000001");
        var s3 = destination.extendedS3DestinationDescription();
        assertThat(s3.bufferingHints().sizeInMBs()).isEqualTo(5);
        assertThat(s3.bufferingHints().intervalInSeconds()).isEqualTo(300);
        assertThat(s3.compressionFormatAsString()).isEqualTo("UNCOMPRESSED");
        assertThat(s3.encryptionConfiguration().noEncryptionConfigAsString()).isEqualTo("NoEncryption");
        assertThat(s3.s3BackupModeAsString()).isEqualTo("Disabled");
        assertThat(destination.s3DestinationDescription().bucketARN()).isEqualTo("arn:aws:s3:::described");
    }

    @Test
    void updateDestinationMergesAndBumpsTheVersion() throws Exception {
        String name = name();
        String bucket = "updated";
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name)
                .extendedS3DestinationConfiguration(s3(bucket, 5, 300).build()));
        firehose.updateDestination(b -> b.deliveryStreamName(name).currentDeliveryStreamVersionId("1")
                .destinationId("destinationId-000000000001")
                .extendedS3DestinationUpdate(u -> u.compressionFormat("GZIP").prefix("v2/")));
        var s3 = firehose.describeDeliveryStream(b -> b.deliveryStreamName(name)).deliveryStreamDescription();
        assertThat(s3.versionId()).isEqualTo("2");
        assertThat(s3.lastUpdateTimestamp()).isNotNull();
        var described = s3.destinations().get(0).extendedS3DestinationDescription();
        assertThat(described.compressionFormatAsString()).isEqualTo("GZIP");
        assertThat(described.bucketARN()).isEqualTo("arn:aws:s3:::" + bucket);
        assertThat(described.bufferingHints().intervalInSeconds()).isEqualTo(300);
        assertThatThrownBy(() -> firehose.updateDestination(b -> b.deliveryStreamName(name)
                .currentDeliveryStreamVersionId("1").destinationId("destinationId-000000000001")
                .extendedS3DestinationUpdate(u -> u.prefix("v3/"))))
                .isInstanceOf(software.amazon.awssdk.services.firehose.model.ConcurrentModificationException.class)
                .hasMessageContaining("do not match");

        firehose.putRecord(b -> b.deliveryStreamName(name).record(records("u", 1, 10).get(0)));
        CLOCK.advance(Duration.ofSeconds(300));
        assertThat(FirehoseFiles.awaitKeys(s3(), bucket, 1, Duration.ofSeconds(10))).singleElement().asString()
                .matches("v2/\\d{4}/\\d{2}/\\d{2}/\\d{2}/" + name + "-2-.*\\.gz");
    }

    @Test
    void listsTagsAndDeletes() {
        String a = "list-a-" + NAMES.incrementAndGet();
        String b = "list-b-" + NAMES.incrementAndGet();
        for (String n : List.of(b, a)) {
            firehose.createDeliveryStream(r -> r.deliveryStreamName(n).extendedS3DestinationConfiguration(
                    s3("listed", 5, 300).build()).tags(t -> t.key("team").value("data")));
        }
        var names = firehose.listDeliveryStreams(r -> r.limit(10000)).deliveryStreamNames();
        assertThat(names).contains(a, b).isSorted();
        var page = firehose.listDeliveryStreams(r -> r.exclusiveStartDeliveryStreamName(a).limit(1));
        assertThat(page.deliveryStreamNames()).containsExactly(b);

        firehose.tagDeliveryStream(r -> r.deliveryStreamName(a).tags(t -> t.key("env").value("test")));
        firehose.untagDeliveryStream(r -> r.deliveryStreamName(a).tagKeys("team"));
        assertThat(firehose.listTagsForDeliveryStream(r -> r.deliveryStreamName(a)).tags())
                .extracting(t -> t.key() + "=" + t.value()).containsExactly("env=test");

        assertThatThrownBy(() -> firehose.createDeliveryStream(r -> r.deliveryStreamName(a)
                .extendedS3DestinationConfiguration(s3("listed", 5, 300).build())))
                .isInstanceOf(ResourceInUseException.class);
        firehose.deleteDeliveryStream(r -> r.deliveryStreamName(a));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (firehose.listDeliveryStreams(r -> r.limit(10000)).deliveryStreamNames().contains(a)
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThatThrownBy(() -> firehose.describeDeliveryStream(r -> r.deliveryStreamName(a)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Firehose " + a + " under account 000000000000 not found.");
    }

    @Test
    void encryptionIsReportedOnPuts() {
        String name = name();
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name)
                .extendedS3DestinationConfiguration(s3("encrypted", 5, 300).build()));
        assertThat(firehose.putRecord(b -> b.deliveryStreamName(name).record(records("e", 1, 5).get(0)))
                .encrypted()).isFalse();
        firehose.startDeliveryStreamEncryption(b -> b.deliveryStreamName(name));
        var description = firehose.describeDeliveryStream(b -> b.deliveryStreamName(name))
                .deliveryStreamDescription().deliveryStreamEncryptionConfiguration();
        assertThat(description.statusAsString()).isEqualTo("ENABLED");
        assertThat(description.keyTypeAsString()).isEqualTo("AWS_OWNED_CMK");
        assertThat(firehose.putRecord(b -> b.deliveryStreamName(name).record(records("e", 1, 5).get(0)))
                .encrypted()).isTrue();
        firehose.stopDeliveryStreamEncryption(b -> b.deliveryStreamName(name));
        assertThat(firehose.describeDeliveryStream(b -> b.deliveryStreamName(name)).deliveryStreamDescription()
                .deliveryStreamEncryptionConfiguration().statusAsString()).isEqualTo("DISABLED");
    }

    @Test
    void refusesRecordsAndBatchesOverTheLimits() {
        String name = name();
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name)
                .extendedS3DestinationConfiguration(s3("limits", 5, 300).build()));
        assertThatThrownBy(() -> firehose.putRecord(b -> b.deliveryStreamName(name)
                .record(r -> r.data(SdkBytes.fromByteArray(new byte[1_024_001])))))
                .hasMessageContaining("Member must have length less than or equal to 1024000");
        assertThatThrownBy(() -> firehose.putRecordBatch(b -> b.deliveryStreamName(name)
                .records(records("big", 5, 1_000_000))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("4 MB");
        assertThatThrownBy(() -> firehose.putRecordBatch(b -> b.deliveryStreamName(name)
                .records(records("many", 501, 10))))
                .hasMessageContaining("Member must have length less than or equal to 500");
        assertThatThrownBy(() -> firehose.putRecord(b -> b.deliveryStreamName("missing-" + name)
                .record(records("m", 1, 5).get(0)))).isInstanceOf(ResourceNotFoundException.class);
    }
}
