package io.sluice.local.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sluice.local.junit.LocalBackendExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;

/**
 * S3 destinations delivered through the SDK's S3 client to an S3-compatible endpoint instead of the folder: here
 * an HTTP server in the test that takes path-style PutObject requests (and fails the first one, which must be
 * retried).
 */
class FirehoseS3EndpointTest {

    record Stored(byte[] body, String contentEncoding, String authorization) {
    }

    static final Map<String, Stored> objects = new ConcurrentHashMap<>();
    static final java.util.concurrent.atomic.AtomicInteger failFirst = new java.util.concurrent.atomic.AtomicInteger(1);
    static final HttpServer s3 = startS3();

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.createDelay(Duration.ZERO)
            .s3Endpoint(URI.create("http://127.0.0.1:" + s3.getAddress().getPort()), "eu-west-1",
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("minio", "minio-secret"))));

    static HttpServer startS3() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                if (!exchange.getRequestMethod().equals("PUT") || failFirst.getAndDecrement() > 0) {
                    byte[] error = "<Error><Code>InternalError</Code><Message>try again</Message></Error>"
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(500, error.length);
                    exchange.getResponseBody().write(error);
                    exchange.close();
                    return;
                }
                objects.put(exchange.getRequestURI().getRawPath(), new Stored(body,
                        exchange.getRequestHeaders().getFirst("Content-Encoding"),
                        exchange.getRequestHeaders().getFirst("Authorization")));
                exchange.getResponseHeaders().add("ETag", "\"0\"");
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        s3.stop(0);
    }

    @Test
    void objectsArePutToTheEndpointWithTheirKeysAndEncoding() throws Exception {
        try (FirehoseClient firehose = BACKEND.clients().firehose().build()) {
            firehose.createDeliveryStream(b -> b.deliveryStreamName("to-s3").extendedS3DestinationConfiguration(
                    FirehoseDeliveryTest.s3("real-bucket", 5, 0).compressionFormat("GZIP").prefix("in/").build()));
            firehose.putRecordBatch(b -> b.deliveryStreamName("to-s3").records(
                    r -> r.data(SdkBytes.fromUtf8String("one\n")), r -> r.data(SdkBytes.fromUtf8String("two\n"))));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (objects.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(objects).hasSize(1);
            Map.Entry<String, Stored> object = objects.entrySet().iterator().next();
            assertThat(object.getKey()).matches("/real-bucket/in/\\d{4}/\\d{2}/\\d{2}/\\d{2}/to-s3-1-.*\\.gz");
            assertThat(object.getValue().contentEncoding()).isEqualTo("gzip");
            assertThat(object.getValue().authorization()).contains("Credential=minio/").contains("/eu-west-1/s3/");
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(object.getValue().body()))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("one\ntwo\n");
            }
            assertThat(failFirst.get()).as("the first PutObject failed and was retried").isNegative();
        }
    }
}
