package io.sluice.local.internal.firehose.delivery;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3 destinations delivered to a real S3-compatible endpoint (MinIO, another emulator, or S3 itself) through the
 * SDK's S3 client, path-style, instead of the folder. A refused key (S3's KeyTooLongError) is permanent; any other
 * failure is retried by the delivery. Thread-safe.
 */
public final class SdkObjectStore implements ObjectStore, AutoCloseable {

    private final S3Client s3;

    public SdkObjectStore(URI endpoint, String region, AwsCredentialsProvider credentials) {
        this.s3 = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .forcePathStyle(true)
                .serviceConfiguration(c -> c.chunkedEncodingEnabled(false))
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation
                        .WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation
                        .WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(10)))
                .build();
    }

    @Override
    public void put(String bucket, String key, byte[] bytes, String contentEncoding) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentEncoding(contentEncoding)
                    .contentType("application/octet-stream"), RequestBody.fromBytes(bytes));
        } catch (S3Exception e) {
            if ("KeyTooLongError".equals(e.awsErrorDetails().errorCode())) {
                throw new InvalidKeyException(key, e.getMessage());
            }
            throw new IOException("PutObject of " + bucket + "/" + key + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("PutObject of " + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}
