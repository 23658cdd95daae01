package io.sluice.producer.internal;

import io.sluice.producer.ProducerConfig;
import java.net.URI;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Builds the Kinesis client a producer owns: HTTP/1.1 over the SDK's Netty client with one connection per
 * request in flight, the configured timeouts, and the SDK's own retries off (the producer retries each record
 * with its own backoff, so SDK retries would multiply attempts and hide errors).
 *
 * <p>Stateless and thread-safe.
 */
final class KinesisClients {

    private KinesisClients() {
    }

    /** A client and the HTTP client under it, which the SDK does not close when it was passed in built. */
    record Owned(KinesisAsyncClient client, SdkAsyncHttpClient http) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
            http.close();
        }
    }

    static Owned build(ProducerConfig config) {
        NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
                .protocol(Protocol.HTTP1_1)
                .maxConcurrency(config.maxConnections())
                .connectionTimeout(config.connectTimeout())
                .readTimeout(config.requestTimeout())
                .writeTimeout(config.requestTimeout());
        SdkAsyncHttpClient httpClient = config.verifyCertificate() ? http.build()
                : http.buildWithDefaults(AttributeMap.builder()
                        .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true).build());
        KinesisAsyncClientBuilder builder = KinesisAsyncClient.builder()
                .httpClient(httpClient)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(config.requestTimeout()));
        config.region().ifPresent(region -> builder.region(Region.of(region)));
        config.endpoint().ifPresent((URI endpoint) -> builder.endpointOverride(endpoint));
        config.credentialsProvider().ifPresent(builder::credentialsProvider);
        return new Owned(builder.build(), httpClient);
    }
}
