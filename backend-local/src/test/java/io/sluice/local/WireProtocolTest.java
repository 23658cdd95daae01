package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import io.sluice.local.junit.LocalBackendExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The wire itself, below any SDK: encodings of timestamps and blobs, the error envelope and its HTTP status for
 * bodies and requests no SDK would send, and the body-size limit.
 */
class WireProtocolTest {

    static final Instant NOW = Instant.parse("2026-11-23T10:15:30.123Z");
    static final MutableClock CLOCK = new MutableClock(NOW);
    static final int BODY_LIMIT = 64 * 1024;

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b
            .clock(CLOCK).maxRequestBytes(BODY_LIMIT));

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    @BeforeAll
    static void createStream() throws Exception {
        HttpResponse<byte[]> created = post("CreateStream", "application/x-amz-json-1.1",
                "{\"StreamName\":\"wire\",\"ShardCount\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).as("actions without output answer an empty body").isEmpty();
        assertThat(created.headers().firstValue("x-amzn-RequestId")).isPresent();
    }

    static HttpResponse<byte[]> post(String action, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(BACKEND.backend().endpoint())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("X-Amz-Target", "Kinesis_20131202." + action);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode json(HttpResponse<byte[]> response) throws IOException {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
        return JSON.readTree(response.body());
    }

    static JsonNode cbor(HttpResponse<byte[]> response) throws IOException {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-cbor-1.1");
        return CBOR.readTree(response.body());
    }

    @Test
    void jsonTimestampsAreEpochSecondsWithMilliseconds() throws Exception {
        HttpResponse<byte[]> response = post("DescribeStreamSummary", "application/x-amz-json-1.1",
                "{\"StreamName\":\"wire\"}".getBytes(StandardCharsets.UTF_8));
        String text = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(text).contains("\"StreamCreationTimestamp\":1795428930.123");
    }

    @Test
    void cborTimestampsAreTagOneWithIntegerMilliseconds() throws Exception {
        byte[] request = CBOR.writeValueAsBytes(JSON.createObjectNode().put("StreamName", "wire"));
        HttpResponse<byte[]> response = post("DescribeStreamSummary", "application/x-amz-cbor-1.1", request);
        assertThat(response.statusCode()).isEqualTo(200);
        try (CBORParser parser = new CBORFactory().createParser(response.body())) {
            boolean found = false;
            while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.FIELD_NAME
                        && parser.currentName().equals("StreamCreationTimestamp")) {
                    assertThat(parser.nextToken()).isEqualTo(JsonToken.VALUE_NUMBER_INT);
                    assertThat(parser.getCurrentTag()).isEqualTo(1);
                    assertThat(parser.getLongValue()).isEqualTo(NOW.toEpochMilli());
                    found = true;
                }
            }
            assertThat(found).isTrue();
        }
    }

    @Test
    void cborRequestsCarryBlobsAsByteStringsAndTimestampsAsMilliseconds() throws Exception {
        var put = CBOR.createObjectNode().put("StreamName", "wire").put("PartitionKey", "k")
                .put("Data", new byte[] {1, 2, 3, (byte) 0xFF});
        HttpResponse<byte[]> putResponse = post("PutRecord", "application/x-amz-cbor-1.1", CBOR.writeValueAsBytes(put));
        assertThat(putResponse.statusCode()).as(cbor(putResponse).toString()).isEqualTo(200);
        assertThat(cbor(putResponse).get("SequenceNumber").asText()).hasSize(56);
        CLOCK.advance(java.time.Duration.ofMillis(10));

        // An AT_TIMESTAMP iterator one millisecond after the put must not see it; at the put's time it must.
        for (long offset : new long[] {0, 1}) {
            byte[] body = cborIteratorRequest(NOW.toEpochMilli() + offset);
            JsonNode iterator = cbor(post("GetShardIterator", "application/x-amz-cbor-1.1", body));
            byte[] get = CBOR.writeValueAsBytes(CBOR.createObjectNode().put("ShardIterator",
                    iterator.get("ShardIterator").asText()));
            JsonNode records = cbor(post("GetRecords", "application/x-amz-cbor-1.1", get)).get("Records");
            assertThat(records.size()).as("offset " + offset).isEqualTo(offset == 0 ? 1 : 0);
            if (offset == 0) {
                assertThat(records.get(0).get("Data").binaryValue()).containsExactly(1, 2, 3, 0xFF);
            }
        }
    }

    private static byte[] cborIteratorRequest(long epochMillis) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        try (var gen = new CBORFactory().createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("StreamName", "wire");
            gen.writeStringField("ShardId", "shardId-000000000000");
            gen.writeStringField("ShardIteratorType", "AT_TIMESTAMP");
            gen.writeFieldName("Timestamp");
            gen.writeTag(1);
            gen.writeNumber(epochMillis);
            gen.writeEndObject();
        }
        return out.toByteArray();
    }

    @Test
    void malformedBodiesAreSerializationExceptionsInTheRequestEncoding() throws Exception {
        HttpResponse<byte[]> badJson = post("PutRecord", "application/x-amz-json-1.1",
                "{\"StreamName\": ".getBytes(StandardCharsets.UTF_8));
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(json(badJson).get("__type").asText()).isEqualTo("SerializationException");
        assertThat(badJson.headers().firstValue("x-amzn-ErrorType")).hasValue("SerializationException");

        HttpResponse<byte[]> badCbor = post("PutRecord", "application/x-amz-cbor-1.1", new byte[] {(byte) 0xBF, 0x61});
        assertThat(badCbor.statusCode()).isEqualTo(400);
        assertThat(cbor(badCbor).get("__type").asText()).isEqualTo("SerializationException");

        HttpResponse<byte[]> wrongType = post("CreateStream", "application/x-amz-json-1.1",
                "{\"StreamName\":\"typed\",\"ShardCount\":\"3\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(wrongType.statusCode()).isEqualTo(400);
        JsonNode error = json(wrongType);
        assertThat(error.get("__type").asText()).isEqualTo("SerializationException");
        assertThat(error.get("message").asText()).contains("ShardCount");

        HttpResponse<byte[]> notAnObject = post("ListStreams", "application/x-amz-json-1.1",
                "[1,2]".getBytes(StandardCharsets.UTF_8));
        assertThat(json(notAnObject).get("__type").asText()).isEqualTo("SerializationException");

        HttpResponse<byte[]> badBase64 = post("PutRecord", "application/x-amz-json-1.1",
                "{\"StreamName\":\"wire\",\"PartitionKey\":\"k\",\"Data\":\"@@@\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(json(badBase64).get("__type").asText()).isEqualTo("SerializationException");
    }

    @Test
    void unknownActionsTargetsMethodsAndContentTypes() throws Exception {
        HttpResponse<byte[]> unknown = post("PutRecordz", "application/x-amz-json-1.1", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).get("__type").asText()).isEqualTo("UnknownOperationException");

        HttpResponse<byte[]> otherService = HTTP.send(HttpRequest.newBuilder(BACKEND.backend().endpoint())
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "Logs_20140328.DescribeLogGroups").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(json(otherService).get("__type").asText()).isEqualTo("UnknownOperationException");

        HttpResponse<byte[]> noTarget = HTTP.send(HttpRequest.newBuilder(BACKEND.backend().endpoint())
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/x-amz-json-1.1").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(noTarget.statusCode()).isEqualTo(400);
        assertThat(json(noTarget).get("__type").asText()).isEqualTo("UnknownOperationException");

        HttpResponse<byte[]> get = HTTP.send(HttpRequest.newBuilder(BACKEND.backend().endpoint().resolve("/streams"))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(get.statusCode()).isEqualTo(403);
        assertThat(json(get).get("__type").asText()).isEqualTo("AccessDeniedException");

        HttpResponse<byte[]> xml = post("ListStreams", "application/xml", "<a/>".getBytes(StandardCharsets.UTF_8));
        assertThat(xml.statusCode()).isEqualTo(404);
        assertThat(json(xml).get("__type").asText()).isEqualTo("UnknownOperationException");

        HttpResponse<byte[]> health = HTTP.send(HttpRequest.newBuilder(BACKEND.backend().endpoint().resolve("/health"))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("running");
    }

    @Test
    void anEmptyBodyReadsAsAnEmptyRequest() throws Exception {
        HttpResponse<byte[]> list = post("ListStreams", "application/x-amz-json-1.1", new byte[0]);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list).get("StreamNames")).isNotNull();
        HttpResponse<byte[]> describe = post("DescribeStream", "application/x-amz-cbor-1.1", new byte[0]);
        assertThat(describe.statusCode()).isEqualTo(400);
        assertThat(cbor(describe).get("__type").asText()).isEqualTo("InvalidArgumentException");
    }

    @Test
    void bodiesOverTheLimitGet413WithTheEnvelopeAndTheServerGoesOn() throws Exception {
        byte[] big = ("{\"StreamName\":\"wire\",\"PartitionKey\":\"k\",\"Data\":\"" + "A".repeat(BODY_LIMIT) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = post("PutRecord", "application/x-amz-json-1.1", big);
        assertThat(response.statusCode()).isEqualTo(413);
        JsonNode error = json(response);
        assertThat(error.get("__type").asText()).isEqualTo("RequestEntityTooLargeException");
        assertThat(error.get("message").asText()).contains("exceeds the limit of " + BODY_LIMIT + " bytes");

        HttpResponse<byte[]> after = post("ListStreams", "application/x-amz-json-1.1", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(after.statusCode()).isEqualTo(200);
    }

    @Test
    void keepAliveServesManyRequestsOnOneConnection() throws Exception {
        for (int i = 0; i < 50; i++) {
            HttpResponse<byte[]> response = post("ListStreams", "application/x-amz-json-1.1",
                    "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).isEqualTo(200);
        }
    }
}
