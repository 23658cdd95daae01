package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.local.junit.LocalBackendExtension;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Bad input gets the error AWS gives, with AWS's wording: at least one case per kind of model constraint, and the
 * semantic checks of each action, through the SDK's JSON client (which retries none of these 4xx errors).
 */
class ValidationTest {

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.shardLimit(12));

    static KinesisClient kinesis;
    static final String STREAM = "validation";

    @BeforeAll
    static void setUp() {
        kinesis = ClientKind.SYNC_JSON.create(BACKEND.clients());
        kinesis.createStream(b -> b.streamName(STREAM).shardCount(2));
    }

    @AfterAll
    static void tearDown() {
        kinesis.close();
    }

    private static KinesisException failure(Runnable call) {
        KinesisException e = catchThrowableOfType(KinesisException.class, call::run);
        assertThat(e).as("the call should have failed").isNotNull();
        return e;
    }

    private static void assertError(Runnable call, String code, int status, String message) {
        KinesisException e = failure(call);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    }

    private static void assertValidation(Runnable call, String message) {
        assertError(call, "ValidationException", 400, message);
    }

    private static void assertInvalidArgument(Runnable call, String message) {
        assertError(call, "InvalidArgumentException", 400, message);
    }

    private static void putRecord(Consumer<software.amazon.awssdk.services.kinesis.model.PutRecordRequest.Builder> how) {
        kinesis.putRecord(how);
    }

    @Test
    void requiredMembers() {
        assertValidation(() -> kinesis.createStream(b -> b.shardCount(1)),
                "1 validation error detected: Value null at 'streamName' failed to satisfy constraint: "
                        + "Member must not be null");
        assertValidation(() -> kinesis.getRecords(b -> { }),
                "1 validation error detected: Value null at 'shardIterator' failed to satisfy constraint: "
                        + "Member must not be null");
        assertValidation(() -> kinesis.createStream(b -> b.streamName("no-shard-count")),
                "1 validation error detected: Value null at 'shardCount' failed to satisfy constraint: "
                        + "Member must not be null");
    }

    @Test
    void patternsAndLengthsOfStrings() {
        assertValidation(() -> kinesis.createStream(b -> b.streamName("").shardCount(1)),
                "2 validation errors detected: Value '' at 'streamName' failed to satisfy constraint: Member must "
                        + "satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value '' at 'streamName' failed to "
                        + "satisfy constraint: Member must have length greater than or equal to 1");
        String longName = "n".repeat(129);
        assertValidation(() -> kinesis.describeStreamSummary(b -> b.streamName(longName)),
                "1 validation error detected: Value '" + longName + "' at 'streamName' failed to satisfy "
                        + "constraint: Member must have length less than or equal to 128");
        assertValidation(() -> kinesis.describeStreamSummary(b -> b.streamName("has space")),
                "1 validation error detected: Value 'has space' at 'streamName' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        String longKey = "k".repeat(257);
        assertValidation(() -> putRecord(b -> b.streamName(STREAM).partitionKey(longKey).data(SdkBytes.fromUtf8String("x"))),
                "1 validation error detected: Value '" + longKey + "' at 'partitionKey' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 256");
        assertValidation(() -> putRecord(b -> b.streamName(STREAM).partitionKey("k").explicitHashKey("12a")
                        .data(SdkBytes.fromUtf8String("x"))),
                "1 validation error detected: Value '12a' at 'explicitHashKey' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})");
        assertValidation(() -> kinesis.listTagsForResource(b -> b.resourceARN("arn:aws:s3:::bucket")),
                "1 validation error detected: Value 'arn:aws:s3:::bucket' at 'resourceARN' failed to satisfy "
                        + "constraint: Member must satisfy regular expression pattern: "
                        + "arn:aws.*:kinesis:.*:\\d{12}:.*stream/\\S+");
    }

    @Test
    void numericRanges() {
        assertValidation(() -> kinesis.createStream(b -> b.streamName("zero").shardCount(0)),
                "1 validation error detected: Value '0' at 'shardCount' failed to satisfy constraint: "
                        + "Member must have value greater than or equal to 1");
        assertValidation(() -> kinesis.getRecords(b -> b.shardIterator("").limit(0)),
                "2 validation errors detected: Value '0' at 'limit' failed to satisfy constraint: Member must have "
                        + "value greater than or equal to 1; Value '' at 'shardIterator' failed to satisfy "
                        + "constraint: Member must have length greater than or equal to 1");
        assertValidation(() -> kinesis.listShards(b -> b.streamName(STREAM).maxResults(10_001)),
                "1 validation error detected: Value '10001' at 'maxResults' failed to satisfy constraint: "
                        + "Member must have value less than or equal to 10000");
    }

    @Test
    void enumerations() {
        assertValidation(() -> kinesis.getShardIterator(b -> b.streamName(STREAM).shardId("shardId-000000000000")
                        .shardIteratorType("FROM_THE_START")),
                "1 validation error detected: Value 'FROM_THE_START' at 'shardIteratorType' failed to satisfy "
                        + "constraint: Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, "
                        + "AT_TIMESTAMP, AT_SEQUENCE_NUMBER, TRIM_HORIZON]");
        assertValidation(() -> kinesis.createStream(b -> b.streamName("mode").streamModeDetails(m -> m.streamMode("FAST"))),
                "1 validation error detected: Value 'FAST' at 'streamModeDetails.streamMode' failed to satisfy "
                        + "constraint: Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]");
    }

    @Test
    void listsMapsAndBlobs() {
        List<PutRecordsRequestEntry> tooMany = IntStream.range(0, 501).mapToObj(i -> PutRecordsRequestEntry.builder()
                .partitionKey("k").data(SdkBytes.fromUtf8String("x")).build()).toList();
        KinesisException e = failure(() -> kinesis.putRecords(b -> b.streamName(STREAM).records(tooMany)));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("1 validation error detected: Value '[com.amazonaws")
                .endsWith("' at 'records' failed to satisfy constraint: Member must have length less than or equal to 500");

        assertValidation(() -> kinesis.putRecords(b -> b.streamName(STREAM).records(Collections.emptyList())),
                "1 validation error detected: Value '[]' at 'records' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 1");

        List<PutRecordsRequestEntry> emptyKeys = IntStream.range(0, 12).mapToObj(i -> PutRecordsRequestEntry.builder()
                .partitionKey("").data(SdkBytes.fromUtf8String("x")).build()).toList();
        KinesisException capped = failure(() -> kinesis.putRecords(b -> b.streamName(STREAM).records(emptyKeys)));
        assertThat(capped.awsErrorDetails().errorMessage())
                .startsWith("10 validation errors detected: Value '' at 'records.1.member.partitionKey' failed to "
                        + "satisfy constraint: Member must have length greater than or equal to 1; Value '' at "
                        + "'records.2.member.partitionKey'")
                .contains("records.10.member.partitionKey").doesNotContain("records.11.member");

        assertValidation(() -> kinesis.addTagsToStream(b -> b.streamName(STREAM).tags(Map.of("t".repeat(129), "v"))),
                "1 validation error detected: Value '{" + "t".repeat(129) + "=v}' at 'tags' failed to satisfy "
                        + "constraint: Map keys must satisfy constraint: [Member must have length less than or equal "
                        + "to 128, Member must have length greater than or equal to 1]");
        assertValidation(() -> kinesis.removeTagsFromStream(b -> b.streamName(STREAM).tagKeys("ok", "")),
                "1 validation error detected: Value '[ok, ]' at 'tagKeys' failed to satisfy constraint: Member must "
                        + "satisfy constraint: [Member must have length less than or equal to 128, Member must have "
                        + "length greater than or equal to 1]");

        byte[] huge = new byte[10 * 1024 * 1024 + 1];
        assertValidation(() -> putRecord(b -> b.streamName(STREAM).partitionKey("k").data(SdkBytes.fromByteArray(huge))),
                "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=10485761 cap=10485761]' at "
                        + "'data' failed to satisfy constraint: Member must have length less than or equal to 10485760");
    }

    @Test
    void semanticChecksOfPuts() {
        String tooHigh = BigInteger.ONE.shiftLeft(128).toString();
        assertInvalidArgument(() -> putRecord(b -> b.streamName(STREAM).partitionKey("k").explicitHashKey(tooHigh)
                        .data(SdkBytes.fromUtf8String("x"))),
                "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was "
                        + tooHigh);
        List<PutRecordsRequestEntry> sixMegabytes = IntStream.range(0, 6).mapToObj(i -> PutRecordsRequestEntry.builder()
                .partitionKey("k").data(SdkBytes.fromByteArray(new byte[1_000_000])).build()).toList();
        assertInvalidArgument(() -> kinesis.putRecords(b -> b.streamName(STREAM).records(sixMegabytes)),
                "Records size exceeds 5 MB limit");
        assertError(() -> putRecord(b -> b.streamName("nope").partitionKey("k").data(SdkBytes.fromUtf8String("x"))),
                "ResourceNotFoundException", 400, "Stream nope under account 000000000000 not found.");
        assertInvalidArgument(() -> putRecord(b -> b.partitionKey("k").data(SdkBytes.fromUtf8String("x"))),
                "Either StreamName or StreamARN must be provided.");
        assertInvalidArgument(() -> putRecord(b -> b.streamName(STREAM).partitionKey("k")
                        .sequenceNumberForOrdering("42").data(SdkBytes.fromUtf8String("x"))),
                "ExclusiveMinimumSequenceNumber 42 used in PutRecord on stream validation under account "
                        + "000000000000 is invalid.");
    }

    @Test
    void semanticChecksOfReads() {
        assertInvalidArgument(() -> kinesis.getShardIterator(b -> b.streamName(STREAM).shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)),
                "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or "
                        + "(2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified "
                        + "AT_SEQUENCE_NUMBER and no StartingSequenceNumber.");
        assertInvalidArgument(() -> kinesis.getShardIterator(b -> b.streamName(STREAM).shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.LATEST).startingSequenceNumber("1")),
                "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or "
                        + "(2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified LATEST and "
                        + "also a StartingSequenceNumber.");
        assertInvalidArgument(() -> kinesis.getShardIterator(b -> b.streamName(STREAM).shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.AT_TIMESTAMP)),
                "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no "
                        + "timestamp parameter.");
        KinesisException future = failure(() -> kinesis.getShardIterator(b -> b.streamName(STREAM)
                .shardId("shardId-000000000000").shardIteratorType(ShardIteratorType.AT_TIMESTAMP)
                .timestamp(Instant.now().plusSeconds(3600))));
        assertThat(future.awsErrorDetails().errorMessage())
                .startsWith("The timestampInMillis parameter cannot be greater than the currentTimestampInMillis.");
        assertInvalidArgument(() -> kinesis.getRecords(b -> b.shardIterator("bm90IGFuIGl0ZXJhdG9y")),
                "Invalid ShardIterator.");
        assertError(() -> kinesis.getShardIterator(b -> b.streamName(STREAM).shardId("bogus")
                        .shardIteratorType(ShardIteratorType.LATEST)),
                "ResourceNotFoundException", 400, "Could not find shard bogus in stream validation under account "
                        + "000000000000.");
        // AWS reads a shard id leniently: the digits after the first dash.
        assertThat(kinesis.getShardIterator(b -> b.streamName(STREAM).shardId("shard-1")
                .shardIteratorType(ShardIteratorType.LATEST)).shardIterator()).isNotBlank();
    }

    @Test
    void semanticChecksOfStreamAdministration() {
        assertInvalidArgument(() -> kinesis.increaseStreamRetentionPeriod(b -> b.streamName(STREAM).retentionPeriodHours(12)),
                "Minimum allowed retention period is 24 hours. Requested retention period (12 hours) is too short.");
        assertError(() -> kinesis.createStream(b -> b.streamName("ondemand-with-count").shardCount(2)
                        .streamModeDetails(m -> m.streamMode("ON_DEMAND"))),
                "ValidationException", 400, "ShardCount is not expected when StreamMode=ON_DEMAND");
        assertInvalidArgument(() -> kinesis.listShards(b -> { }), "Either NextToken or StreamName should be provided.");
        assertInvalidArgument(() -> kinesis.listStreams(b -> b.nextToken("garbage")), "Invalid NextToken.");
        assertInvalidArgument(() -> kinesis.addTagsToStream(b -> b.streamName(STREAM).tags(Map.of("aws:owner", "me"))),
                "Tag keys starting with 'aws:' are reserved for AWS use: aws:owner");
    }

    @Test
    void theShardLimitIsTheAccountsQuota() {
        kinesis.createStream(b -> b.streamName("within-limit").shardCount(10));
        KinesisException e = failure(() -> kinesis.createStream(b -> b.streamName("over-limit").shardCount(1)));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("LimitExceededException");
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("This request would exceed the shard limit for the "
                + "account 000000000000 in us-east-1. Current shard count for the account: 12. Limit: 12. Number of "
                + "additional shards that would have resulted from this request: 1.");
        kinesis.deleteStream(b -> b.streamName("within-limit"));
        kinesis.createStream(b -> b.streamName("over-limit").shardCount(1));
    }
}
