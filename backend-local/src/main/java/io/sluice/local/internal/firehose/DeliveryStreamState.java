package io.sluice.local.internal.firehose;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.local.internal.firehose.model.DestinationModel.ExtendedS3Destination;
import io.sluice.local.internal.firehose.model.DestinationModel.HttpEndpointDestination;
import io.sluice.local.internal.firehose.model.DestinationModel.KinesisStreamSourceConfiguration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a delivery stream is, as stored in the data directory and shown by DescribeDeliveryStream. Exactly one of
 * {@link #extendedS3()} and {@link #httpEndpoint()} is set. Immutable: every change makes a new state with the
 * next version where AWS bumps it.
 *
 * @param region the region the stream lives in
 * @param name its name, unique in the region
 * @param arn {@code arn:aws:firehose:<region>:<account>:deliverystream/<name>}
 * @param type {@code DirectPut} or {@code KinesisStreamAsSource}
 * @param created when CreateDeliveryStream was answered
 * @param lastUpdated the time of the last UpdateDestination, or {@code null}
 * @param version the destination's version, 1 at creation
 * @param throughputHintInMBs DirectPut's throughput hint, or {@code null}
 * @param kinesisSource the source stream of a KinesisStreamAsSource stream
 * @param extendedS3 an S3 destination (also what S3DestinationConfiguration becomes)
 * @param httpEndpoint an HTTP endpoint destination
 * @param tags the tags, in the order they were added
 * @param encryption server-side encryption, or {@code null} when never started
 * @param deleted when DeleteDeliveryStream was answered, or {@code null}
 */
public record DeliveryStreamState(@JsonProperty("region") String region,
        @JsonProperty("name") String name,
        @JsonProperty("arn") String arn,
        @JsonProperty("type") String type,
        @JsonProperty("created") Instant created,
        @JsonProperty("lastUpdated") Instant lastUpdated,
        @JsonProperty("version") int version,
        @JsonProperty("throughputHintInMBs") Integer throughputHintInMBs,
        @JsonProperty("kinesisSource") KinesisStreamSourceConfiguration kinesisSource,
        @JsonProperty("extendedS3") ExtendedS3Destination extendedS3,
        @JsonProperty("httpEndpoint") HttpEndpointDestination httpEndpoint,
        @JsonProperty("tags") Map<String, String> tags,
        @JsonProperty("encryption") Encryption encryption,
        @JsonProperty("deleted") Instant deleted) {

    public static final String DIRECT_PUT = "DirectPut";
    public static final String KINESIS_SOURCE = "KinesisStreamAsSource";
    /** The id of a delivery stream's only destination. */
    public static final String DESTINATION_ID = "destinationId-000000000001";

    public DeliveryStreamState {
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /**
     * Server-side encryption of the stream.
     *
     * @param keyType {@code AWS_OWNED_CMK} or {@code CUSTOMER_MANAGED_CMK}
     * @param keyArn the customer key's ARN, or {@code null}
     * @param status {@code ENABLED} or {@code DISABLED}
     */
    public record Encryption(@JsonProperty("keyType") String keyType, @JsonProperty("keyArn") String keyArn,
            @JsonProperty("status") String status) {
    }

    public DeliveryStreamState withDestination(ExtendedS3Destination s3, HttpEndpointDestination http, Instant now) {
        return new DeliveryStreamState(region, name, arn, type, created, now, version + 1, throughputHintInMBs,
                kinesisSource, s3, http, tags, encryption, deleted);
    }

    public DeliveryStreamState withTags(Map<String, String> newTags) {
        return new DeliveryStreamState(region, name, arn, type, created, lastUpdated, version, throughputHintInMBs,
                kinesisSource, extendedS3, httpEndpoint, newTags, encryption, deleted);
    }

    public DeliveryStreamState withEncryption(Encryption newEncryption) {
        return new DeliveryStreamState(region, name, arn, type, created, lastUpdated, version, throughputHintInMBs,
                kinesisSource, extendedS3, httpEndpoint, tags, newEncryption, deleted);
    }

    public DeliveryStreamState withDeleted(Instant when) {
        return new DeliveryStreamState(region, name, arn, type, created, lastUpdated, version, throughputHintInMBs,
                kinesisSource, extendedS3, httpEndpoint, tags, encryption, when);
    }

    /** Whether records come from a Kinesis data stream rather than PutRecord and PutRecordBatch. */
    public boolean readsStream() {
        return KINESIS_SOURCE.equals(type);
    }
}
