package io.sluice.samples;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * How the templates point an SDK client: at AWS through the SDK's default chains, or at an endpoint
 * (backend-local) with a region and credentials given. Immutable and thread-safe.
 *
 * @param endpoint the endpoint, or {@code null} for AWS's
 * @param region the region, or {@code null} for the SDK's region chain
 * @param credentials the credentials, or {@code null} for the SDK's default chain
 */
public record AwsClients(URI endpoint, String region, AwsCredentialsProvider credentials) {

    /** Credentials a template was given (tests, backend-local), or {@code null} for the default chain. */
    public record Settings(AwsCredentialsProvider credentials) {
    }

    /**
     * Applies the settings to a client builder.
     *
     * @param <B> the builder's type
     * @param <C> the client's type
     * @param builder the builder
     * @return the same builder
     */
    public <B extends AwsClientBuilder<B, C>, C> B configure(B builder) {
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        if (region != null) {
            builder.region(Region.of(region));
        }
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
        return builder;
    }
}
