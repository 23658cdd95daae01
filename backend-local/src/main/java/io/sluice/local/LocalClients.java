package io.sluice.local;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
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

    private LocalClients(URI endpoint, Region region, AwsCredentialsProvider credentials) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
    }

    /** Builders for a started backend. */
    public static LocalClients of(LocalBackend backend) {
        return new LocalClients(backend.endpoint(), Region.of(backend.region()), backend.credentialsProvider());
    }

    public URI endpoint() {
        return endpoint;
    }

    public Region region() {
        return region;
    }

    public AwsCredentialsProvider credentialsProvider() {
        return credentials;
    }

    /** The synchronous Kinesis client over HTTP/1.1 (Apache HTTP client), as most applications use it. */
    public KinesisClientBuilder kinesis() {
        return KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)));
    }

    /** The asynchronous Kinesis client over HTTP/2 (Netty), as the KCL uses it. */
    public KinesisAsyncClientBuilder kinesisAsync() {
        return KinesisAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .protocol(Protocol.HTTP2)
                        .connectionTimeout(Duration.ofSeconds(5)));
    }
}
