package io.sluice.bench;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The SDK v2 sync client the benchmarks drive, with static credentials, an explicit region and endpoint (nothing
 * reaches past loopback), and no retries, so a failure counts as one.
 */
final class Clients {

    private Clients() {
    }

    /** A Firehose client (JSON 1.1, the only encoding Firehose has), without retries. */
    static software.amazon.awssdk.services.firehose.FirehoseClient firehose(URI endpoint, int connections) {
        return configure(software.amazon.awssdk.services.firehose.FirehoseClient.builder(), endpoint, connections)
                .build();
    }

    /** Loopback endpoint, static credentials, an explicit region, the Apache client, no retries. */
    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>
            & software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<B, ?>> B configure(B builder,
            URI endpoint, int connections) {
        return builder.endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(connections)
                        .socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)));
    }

    /** A client in CBOR (the SDK's default) or JSON; the SDK reads the setting when the client is built. */
    static synchronized KinesisClient sync(URI endpoint, boolean cbor, int connections) {
        String previous = System.getProperty("aws.cborEnabled");
        System.setProperty("aws.cborEnabled", Boolean.toString(cbor));
        try {
            return configure(KinesisClient.builder(), endpoint, connections).build();
        } finally {
            if (previous == null) {
                System.clearProperty("aws.cborEnabled");
            } else {
                System.setProperty("aws.cborEnabled", previous);
            }
        }
    }
}
