package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.local.internal.server.TlsContexts;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;

/**
 * A TLS backend: the SDK's sync client (HTTP/1.1 over TLS) and async client (HTTP/2 over TLS without ALPN, as it
 * connects by default) both work, a client that negotiates h2 through ALPN gets HTTP/2, cleartext still works on
 * the same port, and a key store the user gives is used as given.
 */
class TlsTest {

    @TempDir
    Path dir;

    @Test
    void theSdkClientsWorkOverTlsAndCleartextStillWorksOnTheSamePort() throws Exception {
        try (LocalBackend backend = LocalBackend.builder().port(0).tls().createDelay(Duration.ZERO).build().start();
                KinesisClient sync = ClientKind.SYNC_CBOR.create(LocalClients.of(backend));
                KinesisAsyncClient async = ClientKind.ASYNC_HTTP2_CBOR.createAsync(LocalClients.of(backend))) {
            assertThat(backend.endpoint().getScheme()).isEqualTo("https");
            assertThat(backend.tlsCertificate()).isNotNull();
            sync.createStream(b -> b.streamName("secure").shardCount(1));
            async.putRecord(b -> b.streamName("secure").partitionKey("k").data(SdkBytes.fromUtf8String("over h2")))
                    .get(10, TimeUnit.SECONDS);
            assertThat(ShardReads.readAll(sync, "secure", "shardId-000000000000"))
                    .extracting(r -> r.data().asUtf8String()).containsExactly("over h2");

            String streamArn = sync.describeStreamSummary(b -> b.streamName("secure")).streamDescriptionSummary()
                    .streamARN();
            String consumer = sync.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("c")).consumer()
                    .consumerARN();
            SubscriptionEvents events = SubscriptionEvents.subscribe(async, consumer, "shardId-000000000000",
                    StartingPosition.builder().type(ShardIteratorType.TRIM_HORIZON).build());
            assertThat(events.nextWithRecords(Duration.ofSeconds(10)).records()).hasSize(1);
            events.done.cancel(true);

            // An ALPN client (the JDK's) is offered h2 and gets it.
            HttpClient alpn = HttpClient.newBuilder().sslContext(trusting(backend.tlsCertificate()))
                    .version(HttpClient.Version.HTTP_2).build();
            HttpResponse<String> health = alpn.send(HttpRequest.newBuilder(backend.endpoint().resolve("/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(health.statusCode()).isEqualTo(200);

            // Plain HTTP on the same port.
            URI cleartext = URI.create("http://127.0.0.1:" + backend.port() + "/health");
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(cleartext).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aGivenKeyStoreIsServed() throws Exception {
        TlsContexts.Identity identity = TlsContexts.selfSigned(java.time.Clock.systemUTC());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "changeit".toCharArray();
        store.setKeyEntry("server", identity.key(), password, new Certificate[] {identity.chain()[0]});
        Path file = dir.resolve("server.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
        try (LocalBackend backend = LocalBackend.builder().port(0).tls(file, password).createDelay(Duration.ZERO)
                .build().start();
                KinesisClient kinesis = ClientKind.SYNC_JSON.create(LocalClients.of(backend))) {
            assertThat(backend.tlsCertificate()).isEqualTo(identity.chain()[0]);
            assertThat(kinesis.listStreams().streamNames()).isEmpty();
        }
    }

    private static SSLContext trusting(java.security.cert.X509Certificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("backend", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
