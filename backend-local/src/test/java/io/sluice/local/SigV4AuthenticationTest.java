package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.local.junit.LocalBackendExtension;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;

/**
 * A backend started with access keys verifies SigV4: the SDK's signed requests (sync over HTTP/1.1, async over
 * HTTP/2) pass, and so does a request signed in the query string; unsigned, unknown-key and wrongly signed
 * requests get AWS's errors.
 */
class SigV4AuthenticationTest {

    static final String ACCESS_KEY = "AKIASLUICETEST000001";
    static final String SECRET = "sluice/secret+key=for-tests";

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b
            .createDelay(Duration.ZERO).authentication(Map.of(ACCESS_KEY, SECRET)));

    @Test
    void theSdksSignedRequestsPassOverHttp1AndHttp2() throws Exception {
        try (KinesisClient sync = ClientKind.SYNC_JSON.create(BACKEND.clients());
                KinesisAsyncClient async = ClientKind.ASYNC_HTTP2_CBOR.createAsync(BACKEND.clients())) {
            sync.createStream(b -> b.streamName("signed").shardCount(1));
            assertThat(async.listStreams().get(10, TimeUnit.SECONDS).streamNames()).contains("signed");
            sync.putRecord(b -> b.streamName("signed").partitionKey("k")
                    .data(software.amazon.awssdk.core.SdkBytes.fromUtf8String("signed data")));
        }
    }

    @Test
    void wrongSecretsAndUnknownKeysAreRefusedAsAwsRefusesThem() {
        assertThat(errorWith(ACCESS_KEY, "not-the-secret")).isEqualTo("InvalidSignatureException");
        assertThat(errorWith("AKIAUNKNOWN000000000", SECRET)).isEqualTo("UnrecognizedClientException");
    }

    private static String errorWith(String accessKey, String secret) {
        try (KinesisClient kinesis = BACKEND.clients().kinesis()
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .overrideConfiguration(c -> c.retryStrategy(
                        software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()))
                .build()) {
            kinesis.listStreams();
            throw new AssertionError("accepted");
        } catch (KinesisException e) {
            assertThat(e.statusCode()).isEqualTo(400);
            return e.awsErrorDetails().errorCode();
        }
    }

    @Test
    void anUnsignedRequestIsMissingItsAuthenticationToken() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        BACKEND.backend().endpoint())
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "Kinesis_20131202.ListStreams")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"__type\":\"MissingAuthenticationTokenException\"");
    }

    @Test
    void aRequestSignedInTheQueryStringPasses() throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = sign(body, false, true);
        assertThat(request.getUri().getQuery()).contains("X-Amz-Signature=");
        HttpResponse<String> response = send(request, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("StreamNames");

        // The same request with its signature changed is refused.
        SdkHttpRequest tampered = request.toBuilder().uri(java.net.URI.create(request.getUri().toString()
                .replaceAll("X-Amz-Signature=[0-9a-f]", "X-Amz-Signature=x"))).build();
        assertThat(send(tampered, body).body()).contains("InvalidSignatureException");
    }

    @Test
    void withoutKeysAnyCredentialsAreAccepted() {
        try (LocalBackend open = LocalBackend.builder().port(0).build().start();
                KinesisClient kinesis = LocalClients.of(open).kinesis()
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create("anything", "at-all")))
                        .build()) {
            assertThat(kinesis.listStreams().streamNames()).isEmpty();
        }
        assertThatThrownBy(() -> LocalBackend.builder().authentication(Map.of("key", "")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSignatureCannotBeReusedForAnotherBodyNorIsAMalformedQueryAnInternalFailure() throws Exception {
        byte[] signedBody = "{\"Limit\":1}".getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest signed = sign(signedBody, true, false);
        assertThat(send(signed, signedBody).statusCode()).isEqualTo(200);
        HttpResponse<String> swapped = send(signed, "{\"Limit\":2}".getBytes(StandardCharsets.UTF_8));
        assertThat(swapped.statusCode()).isEqualTo(400);
        assertThat(swapped.body()).contains("InvalidSignatureException");

        String malformed;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", BACKEND.backend().port())) {
            // Sent raw: no HTTP client lets a malformed escape through.
            socket.getOutputStream().write(("POST /?X-Amz-Algorithm=%zz HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/x-amz-json-1.1\r\nX-Amz-Target: Kinesis_20131202.ListStreams\r\n"
                    + "Content-Length: 2\r\nConnection: close\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
            malformed = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(malformed).startsWith("HTTP/1.1 400");
        assertThat(malformed).contains("IncompleteSignatureException");
    }

    /**
     * A ListStreams request with {@code body}, signed by the SDK's own signer for the test key: in the header or
     * the query string, optionally naming the body's hash in {@code X-Amz-Content-Sha256}.
     */
    private static SdkHttpRequest sign(byte[] body, boolean declareHash, boolean inQuery) throws Exception {
        SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST)
                .uri(BACKEND.backend().endpoint())
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "Kinesis_20131202.ListStreams")
                .contentStreamProvider(() -> new ByteArrayInputStream(body));
        if (declareHash) {
            unsigned.putHeader("X-Amz-Content-Sha256", java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(body)));
        }
        SdkHttpFullRequest request = unsigned.build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> {
            r.request(request)
                    .payload(() -> new ByteArrayInputStream(body))
                    .identity(AwsBasicCredentials.create(ACCESS_KEY, SECRET))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesis")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1");
            if (inQuery) {
                r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING);
            }
        });
        return signed.request();
    }

    private static HttpResponse<String> send(SdkHttpRequest request, byte[] body) throws Exception {
        HttpRequest.Builder http = HttpRequest.newBuilder(request.getUri()).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        request.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> http.header(name, value));
            }
        });
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(http.build(), HttpResponse.BodyHandlers.ofString());
    }
}
