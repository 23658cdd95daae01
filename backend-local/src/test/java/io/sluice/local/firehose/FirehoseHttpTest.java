package io.sluice.local.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sluice.local.junit.LocalBackendExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.HttpEndpointDestinationConfiguration;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.S3DestinationConfiguration;

/**
 * The HTTP endpoint destination against a real HTTP server in the test: the request contract, an endpoint that
 * fails then recovers, one that never recovers (records land in the S3 backup's error output), and a
 * transformation reached at a URL.
 */
class FirehoseHttpTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger NAMES = new AtomicInteger();

    static final HttpServer server = startServer();

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.createDelay(Duration.ZERO)
            .transformer("reverse", java.net.URI.create(url("/lambda"))));

    static FirehoseClient firehose;
    static final List<Received> received = new CopyOnWriteArrayList<>();
    static final AtomicInteger failuresLeft = new AtomicInteger();

    record Received(String path, String requestId, String accessKey, String attributes, String encoding,
            JsonNode body) {
    }

    static HttpServer startServer() {
        try {
            HttpServer started = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            started.createContext("/ingest", FirehoseHttpTest::ingest);
            started.createContext("/broken", exchange -> respond(exchange, 500, "{\"errorMessage\":\"down\"}"));
            started.createContext("/lambda", FirehoseHttpTest::lambda);
            started.start();
            return started;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void start() {
        firehose = BACKEND.clients().firehose().build();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        firehose.close();
    }

    static String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    static void ingest(HttpExchange exchange) throws IOException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        InputStream in = "gzip".equals(encoding) ? new GZIPInputStream(exchange.getRequestBody())
                : exchange.getRequestBody();
        JsonNode body = JSON.readTree(in.readAllBytes());
        var headers = exchange.getRequestHeaders();
        received.add(new Received("/ingest", headers.getFirst("X-Amz-Firehose-Request-Id"),
                headers.getFirst("X-Amz-Firehose-Access-Key"), headers.getFirst("X-Amz-Firehose-Common-Attributes"),
                encoding, body));
        if (failuresLeft.getAndDecrement() > 0) {
            respond(exchange, 503, "{\"requestId\":\"" + body.get("requestId").asText() + "\"}");
            return;
        }
        respond(exchange, 200, "{\"requestId\":\"" + body.get("requestId").asText() + "\",\"timestamp\":"
                + body.get("timestamp").asLong() + "}");
    }

    /** A function URL: answers the Lambda event by reversing each record. */
    static void lambda(HttpExchange exchange) throws IOException {
        JsonNode event = JSON.readTree(exchange.getRequestBody().readAllBytes());
        ObjectNode response = JSON.createObjectNode();
        ArrayNode records = response.putArray("records");
        for (JsonNode record : event.get("records")) {
            String text = new String(Base64.getDecoder().decode(record.get("data").asText()),
                    StandardCharsets.UTF_8);
            records.addObject().put("recordId", record.get("recordId").asText()).put("result", "Ok")
                    .put("data", Base64.getEncoder().encodeToString(new StringBuilder(text).reverse().toString()
                            .getBytes(StandardCharsets.UTF_8)));
        }
        respond(exchange, 200, response.toString());
    }

    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    static S3DestinationConfiguration backup(String bucket) {
        return S3DestinationConfiguration.builder().roleARN(FirehoseDeliveryTest.ROLE)
                .bucketARN("arn:aws:s3:::" + bucket).build();
    }

    static void put(String name, String... texts) {
        List<Record> records = new ArrayList<>();
        for (String text : texts) {
            records.add(Record.builder().data(SdkBytes.fromUtf8String(text)).build());
        }
        firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(records));
    }

    static List<Received> awaitRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return List.copyOf(received);
    }

    @Test
    void anEndpointThatFailsThenRecoversGetsTheSameRequestAgain() throws Exception {
        received.clear();
        failuresLeft.set(2);
        String name = "http-" + NAMES.incrementAndGet();
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).httpEndpointDestinationConfiguration(
                HttpEndpointDestinationConfiguration.builder()
                        .endpointConfiguration(e -> e.url(url("/ingest")).name("test").accessKey("secret-key"))
                        .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(0))
                        .requestConfiguration(r -> r.contentEncoding("GZIP")
                                .commonAttributes(a -> a.attributeName("env").attributeValue("test")))
                        .retryOptions(r -> r.durationInSeconds(60))
                        .s3Configuration(backup("http-backup")).build()));
        put(name, "one", "two");
        List<Received> requests = awaitRequests(3);
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(Received::requestId).containsOnly(requests.get(0).requestId());
        Received last = requests.get(2);
        assertThat(last.accessKey()).isEqualTo("secret-key");
        assertThat(last.encoding()).isEqualTo("gzip");
        assertThat(JSON.readTree(last.attributes()).get("commonAttributes").get("env").asText()).isEqualTo("test");
        assertThat(last.body().get("requestId").asText()).isEqualTo(last.requestId());
        List<String> data = new ArrayList<>();
        last.body().get("records").forEach(r -> data.add(new String(Base64.getDecoder().decode(
                r.get("data").asText()), StandardCharsets.UTF_8)));
        assertThat(data).containsExactly("one", "two");
        Thread.sleep(300);
        assertThat(FirehoseFiles.keys(BACKEND.backend().s3Directory(), "http-backup")).isEmpty();
    }

    @Test
    void anEndpointThatNeverRecoversSendsTheRecordsToTheBackupBucket() throws Exception {
        String name = "http-broken-" + NAMES.incrementAndGet();
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).httpEndpointDestinationConfiguration(
                HttpEndpointDestinationConfiguration.builder()
                        .endpointConfiguration(e -> e.url(url("/broken")).name("broken"))
                        .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(0))
                        .retryOptions(r -> r.durationInSeconds(2))
                        .s3Configuration(backup("broken-backup")).build()));
        put(name, "lost?", "no");
        List<String> keys = FirehoseFiles.awaitKeys(BACKEND.backend().s3Directory(), "broken-backup", 1,
                Duration.ofSeconds(20));
        assertThat(keys).singleElement().asString().startsWith("http-endpoint-failed/");
        String[] lines = new String(FirehoseFiles.read(BACKEND.backend().s3Directory(), "broken-backup",
                keys.get(0), "UNCOMPRESSED"), StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines[0]);
        assertThat(first.get("errorCode").asText()).isEqualTo("HttpEndpoint.DestinationException");
        assertThat(first.get("errorMessage").asText()).contains("500").contains("down");
        assertThat(first.get("attemptsMade").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(new String(Base64.getDecoder().decode(first.get("rawData").asText()), StandardCharsets.UTF_8))
                .isEqualTo("lost?");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"url", "registered"})
    void aTransformationAtAUrlReceivesTheLambdaEvent(String how) throws Exception {
        String name = "url-lambda-" + NAMES.incrementAndGet();
        String bucket = "url-lambda-" + how;
        String arn = how.equals("url") ? url("/lambda") : "arn:aws:lambda:us-east-1:000000000000:function:reverse";
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).extendedS3DestinationConfiguration(
                FirehoseProcessingTest.destination(bucket, 5, 0, FirehoseProcessingTest.processor("Lambda",
                        "LambdaArn", arn, "BufferIntervalInSeconds", "0")).build()));
        put(name, "abc", "xyz");
        List<String> keys = FirehoseFiles.awaitKeys(BACKEND.backend().s3Directory(), bucket, 1,
                Duration.ofSeconds(10));
        assertThat(keys).hasSize(1);
        assertThat(new String(FirehoseFiles.read(BACKEND.backend().s3Directory(), bucket, keys.get(0),
                "UNCOMPRESSED"), StandardCharsets.UTF_8)).isEqualTo("cbazyx");
    }
}
