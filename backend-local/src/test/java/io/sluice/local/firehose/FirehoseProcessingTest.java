package io.sluice.local.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.local.MutableClock;
import io.sluice.local.RecordTransformer;
import io.sluice.local.junit.LocalBackendExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationConfiguration;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.ProcessingConfiguration;
import software.amazon.awssdk.services.firehose.model.Processor;
import software.amazon.awssdk.services.firehose.model.ProcessorParameter;
import software.amazon.awssdk.services.firehose.model.Record;

/** Transformations (each result), dynamic partitioning with jq and Lambda keys, and configuration errors. */
class FirehoseProcessingTest {

    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-04T11:48:32Z"));
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger NAMES = new AtomicInteger();

    /** Partitions by the record's first character, from the transformation. */
    static final RecordTransformer BY_FIRST_LETTER = request -> {
        List<RecordTransformer.OutputRecord> out = new ArrayList<>();
        for (RecordTransformer.InputRecord record : request.records()) {
            String text = new String(record.data(), StandardCharsets.UTF_8);
            out.add(RecordTransformer.OutputRecord.ok(record.recordId(), record.data(),
                    Map.of("letter", text.substring(0, 1))));
        }
        return new RecordTransformer.Response(out);
    };

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.clock(CLOCK)
            .createDelay(Duration.ZERO).transformer("by-letter", BY_FIRST_LETTER)
            .transformer("always-throws", request -> {
                throw new IllegalStateException("boom");
            }));

    static FirehoseClient firehose;

    @BeforeAll
    static void client() {
        firehose = BACKEND.clients().firehose().build();
    }

    @AfterAll
    static void close() {
        firehose.close();
    }

    static Processor processor(String type, String... parameters) {
        List<ProcessorParameter> list = new ArrayList<>();
        for (int i = 0; i < parameters.length; i += 2) {
            list.add(ProcessorParameter.builder().parameterName(parameters[i]).parameterValue(parameters[i + 1])
                    .build());
        }
        return Processor.builder().type(type).parameters(list).build();
    }

    static ExtendedS3DestinationConfiguration.Builder destination(String bucket, int sizeMb, int interval,
            Processor... processors) {
        return FirehoseDeliveryTest.s3(bucket, sizeMb, interval).processingConfiguration(
                ProcessingConfiguration.builder().enabled(true).processors(processors).build());
    }

    static void put(String name, String... texts) {
        List<Record> records = new ArrayList<>();
        for (String text : texts) {
            records.add(Record.builder().data(SdkBytes.fromUtf8String(text)).build());
        }
        assertThat(firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(records)).failedPutCount())
                .isZero();
    }

    static String text(String bucket, String key) throws Exception {
        return new String(FirehoseFiles.read(BACKEND.backend().s3Directory(), bucket, key, "UNCOMPRESSED"),
                StandardCharsets.UTF_8);
    }

    @Test
    void aTransformationsOkDroppedAndFailedRecords() throws Exception {
        String name = "transform-" + NAMES.incrementAndGet();
        String bucket = "transformed";
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).extendedS3DestinationConfiguration(
                destination(bucket, 5, 0, processor("Lambda", "LambdaArn",
                        "arn:aws:lambda:us-east-1:000000000000:function:" + UpperCaseTransformer.class.getName(),
                        "BufferIntervalInSeconds", "0"), processor("AppendDelimiterToRecord"))
                        .errorOutputPrefix("errors/!{firehose:error-output-type}/")
                        .prefix("ok/").build()));
        put(name, "hello", "please drop me", "please fail me", "world");
        List<String> keys = FirehoseFiles.awaitKeys(BACKEND.backend().s3Directory(), bucket, 2,
                Duration.ofSeconds(10));
        assertThat(keys).hasSize(2);
        String ok = keys.stream().filter(k -> k.startsWith("ok/")).findFirst().orElseThrow();
        assertThat(text(bucket, ok)).isEqualTo("HELLO\nWORLD\n");
        String failed = keys.stream().filter(k -> k.startsWith("errors/processing-failed/")).findFirst()
                .orElseThrow();
        assertThat(failed).doesNotContain(".gz");
        JsonNode line = JSON.readTree(text(bucket, failed).trim());
        assertThat(line.get("errorCode").asText()).isEqualTo("Lambda.ProcessingFailedStatus");
        assertThat(new String(Base64.getDecoder().decode(line.get("rawData").asText()), StandardCharsets.UTF_8))
                .isEqualTo("please fail me");
        assertThat(line.get("attemptsMade").asInt()).isEqualTo(1);
        assertThat(line.get("arrivalTimestamp").asLong()).isEqualTo(CLOCK.millis());
        assertThat(line.get("lambdaARN").asText()).endsWith(UpperCaseTransformer.class.getName());
        List<String> fields = new ArrayList<>();
        line.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("rawData", "errorCode", "errorMessage", "attemptsMade",
                "arrivalTimestamp", "attemptEndingTimestamp", "lambdaARN");
    }

    @Test
    void aFunctionThatKeepsFailingSendsTheBatchToErrorOutputAfterItsRetries() throws Exception {
        String name = "throws-" + NAMES.incrementAndGet();
        String bucket = "function-errors";
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).extendedS3DestinationConfiguration(
                destination(bucket, 5, 0, processor("Lambda", "LambdaArn", "always-throws",
                        "NumberOfRetries", "2", "BufferIntervalInSeconds", "0")).build()));
        put(name, "a", "b");
        List<String> keys = FirehoseFiles.awaitKeys(BACKEND.backend().s3Directory(), bucket, 1,
                Duration.ofSeconds(10));
        assertThat(keys).singleElement().asString().startsWith("processing-failed/2026/");
        String[] lines = text(bucket, keys.get(0)).split("\n");
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines[0]);
        assertThat(first.get("errorCode").asText()).isEqualTo("Lambda.FunctionError");
        assertThat(first.get("attemptsMade").asInt()).isEqualTo(3);
    }

    @Test
    void dynamicPartitioningWithAJqQuery() throws Exception {
        String name = "partitioned-" + NAMES.incrementAndGet();
        String bucket = "partitioned";
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).extendedS3DestinationConfiguration(
                destination(bucket, 64, 60, processor("MetadataExtraction", "MetadataExtractionQuery",
                        "{customer: .customer, year: .when[0:4]}", "JsonParsingEngine", "JQ-1.6"))
                        .prefix("customer=!{partitionKeyFromQuery:customer}/year=!{partitionKeyFromQuery:year}/")
                        .errorOutputPrefix("errors/!{firehose:error-output-type}/")
                        .dynamicPartitioningConfiguration(d -> d.enabled(true)).build()));
        put(name, "{\"customer\":\"acme\",\"when\":\"2025-01-01\"}", "{\"customer\":\"zeta\",\"when\":\"2026-02-02\"}",
                "{\"customer\":\"acme\",\"when\":\"2025-03-03\"}", "not json", "{\"when\":\"2025\"}");
        Thread.sleep(300);
        assertThat(FirehoseFiles.keys(BACKEND.backend().s3Directory(), bucket))
                .as("records that failed are written at once").hasSize(1);
        CLOCK.advance(Duration.ofSeconds(60));
        List<String> keys = FirehoseFiles.awaitKeys(BACKEND.backend().s3Directory(), bucket, 3,
                Duration.ofSeconds(10));
        assertThat(keys).hasSize(3);
        String acme = keys.stream().filter(k -> k.startsWith("customer=acme/year=2025/" + name + "-1-"))
                .findFirst().orElseThrow();
        assertThat(text(bucket, acme)).isEqualTo("{\"customer\":\"acme\",\"when\":\"2025-01-01\"}"
                + "{\"customer\":\"acme\",\"when\":\"2025-03-03\"}");
        assertThat(keys).anyMatch(k -> k.startsWith("customer=zeta/year=2026/"));
        String errors = keys.stream().filter(k -> k.startsWith("errors/metadata-extraction-failed/"))
                .findFirst().orElseThrow();
        String[] lines = text(bucket, errors).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines[0]).get("errorCode").asText())
                .isEqualTo("DynamicPartitioning.MetadataExtractionFailed");
        assertThat(JSON.readTree(lines[0]).get("errorMessage").asText()).isEqualTo("Non JSON record provided");
    }

    @Test
    void dynamicPartitioningWithKeysFromTheTransformation() throws Exception {
        String name = "lambda-keys-" + NAMES.incrementAndGet();
        String bucket = "lambda-keys";
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).extendedS3DestinationConfiguration(
                destination(bucket, 64, 60, processor("Lambda", "LambdaArn",
                        "arn:aws:lambda:us-east-1:000000000000:function:by-letter:$LATEST",
                        "BufferIntervalInSeconds", "0"))
                        .prefix("letter=!{partitionKeyFromLambda:letter}/")
                        .errorOutputPrefix("errors/!{firehose:error-output-type}/")
                        .dynamicPartitioningConfiguration(d -> d.enabled(true)).build()));
        put(name, "apple", "banana", "avocado");
        Thread.sleep(200);
        CLOCK.advance(Duration.ofSeconds(60));
        List<String> keys = FirehoseFiles.awaitKeys(BACKEND.backend().s3Directory(), bucket, 2,
                Duration.ofSeconds(10));
        assertThat(keys).hasSize(2);
        String a = keys.stream().filter(k -> k.startsWith("letter=a/")).findFirst().orElseThrow();
        assertThat(text(bucket, a)).isEqualTo("appleavocado");
    }

    @Test
    void invalidConfigurationsAreRefusedWithAwsErrors() {
        String name = "invalid-" + NAMES.incrementAndGet();
        assertThatThrownBy(() -> firehose.createDeliveryStream(b -> b.deliveryStreamName(name)
                .extendedS3DestinationConfiguration(FirehoseDeliveryTest.s3("x", 5, 901).build())))
                .isInstanceOfSatisfying(FirehoseException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"))
                .hasMessageContaining("Member must have value less than or equal to 900");
        assertThatThrownBy(() -> firehose.createDeliveryStream(b -> b.deliveryStreamName(name)
                .extendedS3DestinationConfiguration(FirehoseDeliveryTest.s3("x", 129, 60).build())))
                .hasMessageContaining("Member must have value less than or equal to 128");
        assertThatThrownBy(() -> firehose.createDeliveryStream(b -> b.deliveryStreamName(name)
                .extendedS3DestinationConfiguration(FirehoseDeliveryTest.s3("x", 5, 60)
                        .prefix("!{timestamp:yyyy}/").build())))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("ErrorOutputPrefix can't be null when Prefix contains expressions");
        assertThatThrownBy(() -> firehose.createDeliveryStream(b -> b.deliveryStreamName(name)
                .extendedS3DestinationConfiguration(FirehoseDeliveryTest.s3("x", 5, 60)
                        .prefix("!{firehose:error-output-type}/").errorOutputPrefix("e/").build())))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("ErrorOutputPrefix");
        assertThatThrownBy(() -> firehose.createDeliveryStream(b -> b.deliveryStreamName(name)
                .extendedS3DestinationConfiguration(FirehoseDeliveryTest.s3("x", 5, 60)
                        .prefix("!{timestamp:yyyy}/").errorOutputPrefix("e/!{timestamp:yyyy}/").build())))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("must contain !{firehose:error-output-type}");
        assertThatThrownBy(() -> firehose.createDeliveryStream(b -> b.deliveryStreamName(name)
                .extendedS3DestinationConfiguration(destination("x", 5, 60, processor("MetadataExtraction",
                        "MetadataExtractionQuery", "{k: .k}", "JsonParsingEngine", "JQ-1.6"))
                        .prefix("k=!{partitionKeyFromQuery:k}/").errorOutputPrefix("e/!{firehose:error-output-type}/")
                        .dynamicPartitioningConfiguration(d -> d.enabled(true)).build())))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("BufferingHints.SizeInMBs must be at least 64 when Dynamic Partitioning is "
                        + "enabled.");
        assertThatThrownBy(() -> firehose.createDeliveryStream(b -> b.deliveryStreamName(name)
                .extendedS3DestinationConfiguration(FirehoseDeliveryTest.s3("x", 5, 60)
                        .prefix("k=!{partitionKeyFromQuery:k}/").errorOutputPrefix("e/!{firehose:error-output-type}/")
                        .build())))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("need dynamic partitioning");
        assertThatThrownBy(() -> firehose.createDeliveryStream(b -> b.deliveryStreamName(name)
                .extendedS3DestinationConfiguration(destination("x", 64, 60, processor("MetadataExtraction",
                        "MetadataExtractionQuery", "{k: .k", "JsonParsingEngine", "JQ-1.6"))
                        .prefix("k=!{partitionKeyFromQuery:k}/").errorOutputPrefix("e/!{firehose:error-output-type}/")
                        .dynamicPartitioningConfiguration(d -> d.enabled(true)).build())))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("is not valid jq");
        assertThat(firehose.listDeliveryStreams(b -> b.limit(10000)).deliveryStreamNames()).doesNotContain(name);
    }
}
