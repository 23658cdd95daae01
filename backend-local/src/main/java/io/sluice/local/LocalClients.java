package io.sluice.local;

import java.net.URI;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/**
 * Ready-made AWS SDK v2 client builders pointed at a started {@link LocalBackend}: its endpoint, its region and
 * static dummy credentials, so nothing reaches for the default credential or region chains (which would probe
 * the EC2 metadata address). Add what else you need and call {@code build()}.
 *
 * <p>Immutable and thread-safe; each call returns a new builder.
 */
public final class LocalClients {

    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final TlsTrustManagersProvider trust;

    private LocalClients(URI endpoint, Region region, AwsCredentialsProvider credentials,
            TlsTrustManagersProvider trust) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.trust = trust;
    }

    /**
     * Builders for a started backend; over TLS they trust the backend's certificate (and only that).
     *
     * @param backend a started backend
     * @return client builders for it
     */
    public static LocalClients of(LocalBackend backend) {
        X509Certificate certificate = backend.tlsCertificate();
        return new LocalClients(backend.endpoint(), Region.of(backend.region()), backend.credentialsProvider(),
                certificate == null ? null : trusting(certificate));
    }

    private static TlsTrustManagersProvider trusting(X509Certificate certificate) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("sluice-backend-local", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            TrustManager[] managers = factory.getTrustManagers();
            return () -> managers;
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Could not trust the backend's certificate", e);
        }
    }

    /**
     * The backend's endpoint.
     *
     * @return the endpoint every builder is pointed at
     */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * The backend's region.
     *
     * @return the region every builder is set to
     */
    public Region region() {
        return region;
    }

    /**
     * The backend's credentials.
     *
     * @return the static credentials every builder signs with
     */
    public AwsCredentialsProvider credentialsProvider() {
        return credentials;
    }

    /**
     * The synchronous Kinesis client over HTTP/1.1 (Apache HTTP client), as most applications use it.
     *
     * @return a new builder
     */
    public KinesisClientBuilder kinesis() {
        return KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .tlsTrustManagersProvider(trust));
    }

    /**
     * The synchronous Firehose client over HTTP/1.1 (Apache HTTP client).
     *
     * @return a new builder
     */
    public software.amazon.awssdk.services.firehose.FirehoseClientBuilder firehose() {
        return software.amazon.awssdk.services.firehose.FirehoseClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .tlsTrustManagersProvider(trust));
    }

    /**
     * The synchronous Kinesis Data Analytics (SQL) client over HTTP/1.1 (Apache HTTP client).
     *
     * @return a new builder
     */
    public software.amazon.awssdk.services.kinesisanalytics.KinesisAnalyticsClientBuilder kinesisAnalytics() {
        return software.amazon.awssdk.services.kinesisanalytics.KinesisAnalyticsClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .tlsTrustManagersProvider(trust));
    }

    /**
     * The asynchronous Kinesis client over HTTP/2 (Netty), as the KCL uses it.
     *
     * @return a new builder
     */
    public KinesisAsyncClientBuilder kinesisAsync() {
        return KinesisAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .protocol(Protocol.HTTP2)
                        .connectionTimeout(Duration.ofSeconds(5))
                        .tlsTrustManagersProvider(trust));
    }

    /**
     * The synchronous DynamoDB client (Apache HTTP client), for lease tables in the backend's DynamoDB.
     *
     * @return a new builder
     */
    public DynamoDbClientBuilder dynamoDb() {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .tlsTrustManagersProvider(trust));
    }

    /**
     * The asynchronous DynamoDB client (Netty), as the KCL uses it.
     *
     * @return a new builder
     */
    public DynamoDbAsyncClientBuilder dynamoDbAsync() {
        return DynamoDbAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .tlsTrustManagersProvider(trust));
    }
}
