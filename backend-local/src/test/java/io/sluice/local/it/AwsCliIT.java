package io.sluice.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real AWS CLI v2 (Debian package {@code awscli}, which {@code .ci/run} installs) against the runnable jar:
 * JSON over HTTP/1.1, SigV4-signed by botocore, exactly as a user types it.
 */
class AwsCliIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String AWS = System.getProperty("sluice.aws.cli", "/usr/bin/aws");

    @TempDir
    static Path home;

    static BackendProcess backend;

    @BeforeAll
    static void start() throws Exception {
        String version = run(List.of(AWS, "--version")).trim();
        assertThat(version).as("the AWS CLI v2 at " + AWS + " (Debian package awscli; .ci/run installs it)")
                .startsWith("aws-cli/2.");
        backend = BackendProcess.start("--create-delay", "0");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        backend.close();
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        var env = builder.environment();
        env.put("HOME", home.toString());
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_ACCESS_KEY_ID", "cli-test");
        env.put("AWS_SECRET_ACCESS_KEY", "cli-secret");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        env.remove("AWS_PROFILE");
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + text).isZero();
        return text;
    }

    static JsonNode kinesis(String... args) throws IOException, InterruptedException {
        return cli("kinesis", args);
    }

    static JsonNode cli(String service, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(AWS, service));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", backend.endpoint().toString(), "--region", "us-east-1",
                "--output", "json"));
        String out = run(command);
        return out.isBlank() ? JSON.createObjectNode() : JSON.readTree(out);
    }

    @Test
    void theCliCreatesWritesAndReadsAStream() throws Exception {
        kinesis("create-stream", "--stream-name", "cli", "--shard-count", "2");

        JsonNode summary = kinesis("describe-stream-summary", "--stream-name", "cli").get("StreamDescriptionSummary");
        assertThat(summary.get("StreamStatus").asText()).isEqualTo("ACTIVE");
        assertThat(summary.get("OpenShardCount").asInt()).isEqualTo(2);
        assertThat(summary.get("StreamARN").asText()).isEqualTo("arn:aws:kinesis:us-east-1:000000000000:stream/cli");

        JsonNode put = kinesis("put-record", "--stream-name", "cli", "--partition-key", "user-1",
                "--data", Base64.getEncoder().encodeToString("hello from the cli".getBytes(StandardCharsets.UTF_8)));
        String shardId = put.get("ShardId").asText();
        assertThat(put.get("SequenceNumber").asText()).hasSize(56);

        JsonNode shards = kinesis("list-shards", "--stream-name", "cli").get("Shards");
        assertThat(shards).hasSize(2);
        assertThat(shards.get(1).get("HashKeyRange").get("EndingHashKey").asText())
                .isEqualTo("340282366920938463463374607431768211455");

        String iterator = kinesis("get-shard-iterator", "--stream-name", "cli", "--shard-id", shardId,
                "--shard-iterator-type", "TRIM_HORIZON").get("ShardIterator").asText();
        JsonNode records = kinesis("get-records", "--shard-iterator", iterator);
        assertThat(records.get("Records")).hasSize(1);
        JsonNode record = records.get("Records").get(0);
        assertThat(new String(Base64.getDecoder().decode(record.get("Data").asText()), StandardCharsets.UTF_8))
                .isEqualTo("hello from the cli");
        assertThat(record.get("PartitionKey").asText()).isEqualTo("user-1");
        assertThat(record.get("SequenceNumber").asText()).isEqualTo(put.get("SequenceNumber").asText());
        assertThat(records.get("MillisBehindLatest").asLong()).isZero();
        assertThat(records.get("NextShardIterator").asText()).isNotBlank();

        String atSequence = kinesis("get-shard-iterator", "--stream-name", "cli", "--shard-id", shardId,
                "--shard-iterator-type", "AT_SEQUENCE_NUMBER", "--starting-sequence-number",
                put.get("SequenceNumber").asText()).get("ShardIterator").asText();
        assertThat(kinesis("get-records", "--shard-iterator", atSequence).get("Records")).hasSize(1);
    }

    @Test
    void theCliRunsAnAnalyticsApplication() throws Exception {
        kinesis("create-stream", "--stream-name", "cli-ticker", "--shard-count", "1");
        kinesis("create-stream", "--stream-name", "cli-tech", "--shard-count", "1");
        String arn = "arn:aws:kinesis:us-east-1:000000000000:stream/";
        String role = "arn:aws:iam::000000000000:role/cli";
        JsonNode created = cli("kinesisanalytics", "create-application", "--application-name", "cli-filter",
                "--inputs", "[{\"NamePrefix\":\"SOURCE_SQL_STREAM\",\"KinesisStreamsInput\":{\"ResourceARN\":\""
                        + arn + "cli-ticker\",\"RoleARN\":\"" + role + "\"},\"InputSchema\":{\"RecordFormat\":"
                        + "{\"RecordFormatType\":\"JSON\",\"MappingParameters\":{\"JSONMappingParameters\":"
                        + "{\"RecordRowPath\":\"$\"}}},\"RecordColumns\":[{\"Name\":\"TICKER\",\"Mapping\":"
                        + "\"$.ticker\",\"SqlType\":\"VARCHAR(4)\"},{\"Name\":\"SECTOR\",\"Mapping\":\"$.sector\","
                        + "\"SqlType\":\"VARCHAR(16)\"}]}}]",
                "--outputs", "[{\"Name\":\"DESTINATION_SQL_STREAM\",\"KinesisStreamsOutput\":{\"ResourceARN\":\""
                        + arn + "cli-tech\",\"RoleARN\":\"" + role + "\"},\"DestinationSchema\":"
                        + "{\"RecordFormatType\":\"CSV\"}}]",
                "--application-code", "CREATE OR REPLACE STREAM \"DESTINATION_SQL_STREAM\" (ticker VARCHAR(4));\n"
                        + "CREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"DESTINATION_SQL_STREAM\"\n"
                        + "SELECT STREAM TICKER FROM \"SOURCE_SQL_STREAM_001\" WHERE SECTOR SIMILAR TO '%TECH%';");
        assertThat(created.at("/ApplicationSummary/ApplicationStatus").asText()).isEqualTo("READY");
        cli("kinesisanalytics", "start-application", "--application-name", "cli-filter", "--input-configurations",
                "Id=1.1,InputStartingPositionConfiguration={InputStartingPosition=NOW}");
        JsonNode detail = cli("kinesisanalytics", "describe-application", "--application-name", "cli-filter")
                .get("ApplicationDetail");
        assertThat(detail.get("ApplicationStatus").asText()).isEqualTo("RUNNING");
        assertThat(detail.at("/InputDescriptions/0/InAppStreamNames/0").asText()).isEqualTo("SOURCE_SQL_STREAM_001");
        kinesis("put-record", "--stream-name", "cli-ticker", "--partition-key", "a", "--data",
                Base64.getEncoder().encodeToString("{\"ticker\":\"AMZN\",\"sector\":\"TECHNOLOGY\"}"
                        .getBytes(StandardCharsets.UTF_8)));
        String shard = kinesis("list-shards", "--stream-name", "cli-tech").at("/Shards/0/ShardId").asText();
        String iterator = kinesis("get-shard-iterator", "--stream-name", "cli-tech", "--shard-id", shard,
                "--shard-iterator-type", "TRIM_HORIZON").get("ShardIterator").asText();
        JsonNode records = kinesis("get-records", "--shard-iterator", iterator).get("Records");
        for (int i = 0; i < 50 && records.isEmpty(); i++) {
            Thread.sleep(100);
            records = kinesis("get-records", "--shard-iterator", iterator).get("Records");
        }
        assertThat(records).hasSize(1);
        assertThat(new String(Base64.getDecoder().decode(records.get(0).get("Data").asText()),
                StandardCharsets.UTF_8)).isEqualTo("AMZN\n");
        assertThat(cli("kinesisanalytics", "list-applications").at("/ApplicationSummaries/0/ApplicationName")
                .asText()).isEqualTo("cli-filter");
    }

    @Test
    void theCliSeesAwsErrors() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(AWS, "kinesis", "describe-stream-summary", "--stream-name",
                "missing", "--endpoint-url", backend.endpoint().toString(), "--region", "us-east-1")
                .redirectErrorStream(true);
        builder.environment().put("AWS_ACCESS_KEY_ID", "cli-test");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "cli-secret");
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().put("HOME", home.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(254);
        assertThat(output).contains("ResourceNotFoundException")
                .contains("Stream missing under account 000000000000 not found.");
    }

    @Test
    void theCliReachesDynamoDbOnTheSamePort() throws Exception {
        JsonNode created = cli("dynamodb", "create-table", "--table-name", "cli-leases", "--attribute-definitions",
                "AttributeName=leaseKey,AttributeType=S", "--key-schema", "AttributeName=leaseKey,KeyType=HASH",
                "--billing-mode", "PAY_PER_REQUEST");
        assertThat(created.at("/TableDescription/TableStatus").asText()).isEqualTo("ACTIVE");
        cli("dynamodb", "put-item", "--table-name", "cli-leases", "--item",
                "{\"leaseKey\":{\"S\":\"shardId-000000000000\"},\"checkpoint\":{\"S\":\"TRIM_HORIZON\"}}");
        JsonNode item = cli("dynamodb", "get-item", "--table-name", "cli-leases", "--key",
                "{\"leaseKey\":{\"S\":\"shardId-000000000000\"}}");
        assertThat(item.at("/Item/checkpoint/S").asText()).isEqualTo("TRIM_HORIZON");
    }
}
