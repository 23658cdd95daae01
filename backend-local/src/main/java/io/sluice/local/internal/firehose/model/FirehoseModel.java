package io.sluice.local.internal.firehose.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.local.internal.firehose.model.DestinationModel.DirectPutSourceConfiguration;
import io.sluice.local.internal.firehose.model.DestinationModel.EncryptionInput;
import io.sluice.local.internal.firehose.model.DestinationModel.ExtendedS3Destination;
import io.sluice.local.internal.firehose.model.DestinationModel.HttpEndpointDestination;
import io.sluice.local.internal.firehose.model.DestinationModel.KinesisStreamSourceConfiguration;
import io.sluice.local.internal.firehose.model.DestinationModel.S3Destination;
import io.sluice.local.internal.firehose.model.DestinationModel.Tag;
import java.time.Instant;
import java.util.List;

/** Requests and responses of the Firehose actions, with the API model's member names. */
public final class FirehoseModel {

    private FirehoseModel() {
    }

    /**
     * CreateDeliveryStream. Destinations backend-local does not deliver to (Redshift, OpenSearch, Splunk,
     * Snowflake, Iceberg, ...) are kept as trees only to be refused by name.
     */
    public record CreateDeliveryStreamRequest(@JsonProperty("DeliveryStreamName") String deliveryStreamName,
            @JsonProperty("DeliveryStreamType") String deliveryStreamType,
            @JsonProperty("DirectPutSourceConfiguration") DirectPutSourceConfiguration directPutSourceConfiguration,
            @JsonProperty("KinesisStreamSourceConfiguration")
            KinesisStreamSourceConfiguration kinesisStreamSourceConfiguration,
            @JsonProperty("DeliveryStreamEncryptionConfigurationInput") EncryptionInput encryptionInput,
            @JsonProperty("S3DestinationConfiguration") S3Destination s3DestinationConfiguration,
            @JsonProperty("ExtendedS3DestinationConfiguration") ExtendedS3Destination extendedS3Configuration,
            @JsonProperty("HttpEndpointDestinationConfiguration") HttpEndpointDestination httpEndpointConfiguration,
            @JsonProperty("Tags") List<Tag> tags,
            @JsonProperty("RedshiftDestinationConfiguration") JsonNode redshift,
            @JsonProperty("ElasticsearchDestinationConfiguration") JsonNode elasticsearch,
            @JsonProperty("AmazonopensearchserviceDestinationConfiguration") JsonNode openSearch,
            @JsonProperty("AmazonOpenSearchServerlessDestinationConfiguration") JsonNode openSearchServerless,
            @JsonProperty("SplunkDestinationConfiguration") JsonNode splunk,
            @JsonProperty("SnowflakeDestinationConfiguration") JsonNode snowflake,
            @JsonProperty("IcebergDestinationConfiguration") JsonNode iceberg,
            @JsonProperty("MSKSourceConfiguration") JsonNode mskSource,
            @JsonProperty("DatabaseSourceConfiguration") JsonNode databaseSource) {
    }

    public record CreateDeliveryStreamResponse(@JsonProperty("DeliveryStreamARN") String deliveryStreamArn) {
    }

    public record DeleteDeliveryStreamRequest(@JsonProperty("DeliveryStreamName") String deliveryStreamName,
            @JsonProperty("AllowForceDelete") Boolean allowForceDelete) {
    }

    public record DescribeDeliveryStreamRequest(@JsonProperty("DeliveryStreamName") String deliveryStreamName,
            @JsonProperty("Limit") Integer limit,
            @JsonProperty("ExclusiveStartDestinationId") String exclusiveStartDestinationId) {
    }

    public record DescribeDeliveryStreamResponse(
            @JsonProperty("DeliveryStreamDescription") DeliveryStreamDescription deliveryStreamDescription) {
    }

    public record DeliveryStreamDescription(@JsonProperty("DeliveryStreamName") String deliveryStreamName,
            @JsonProperty("DeliveryStreamARN") String deliveryStreamArn,
            @JsonProperty("DeliveryStreamStatus") String deliveryStreamStatus,
            @JsonProperty("DeliveryStreamEncryptionConfiguration") EncryptionDescription encryption,
            @JsonProperty("DeliveryStreamType") String deliveryStreamType,
            @JsonProperty("VersionId") String versionId,
            @JsonProperty("CreateTimestamp") Instant createTimestamp,
            @JsonProperty("LastUpdateTimestamp") Instant lastUpdateTimestamp,
            @JsonProperty("Source") ObjectNode source,
            @JsonProperty("Destinations") List<ObjectNode> destinations,
            @JsonProperty("HasMoreDestinations") boolean hasMoreDestinations) {
    }

    public record EncryptionDescription(@JsonProperty("KeyARN") String keyArn,
            @JsonProperty("KeyType") String keyType, @JsonProperty("Status") String status) {
    }

    public record ListDeliveryStreamsRequest(@JsonProperty("Limit") Integer limit,
            @JsonProperty("DeliveryStreamType") String deliveryStreamType,
            @JsonProperty("ExclusiveStartDeliveryStreamName") String exclusiveStartDeliveryStreamName) {
    }

    public record ListDeliveryStreamsResponse(@JsonProperty("DeliveryStreamNames") List<String> names,
            @JsonProperty("HasMoreDeliveryStreams") boolean hasMoreDeliveryStreams) {
    }

    public record UpdateDestinationRequest(@JsonProperty("DeliveryStreamName") String deliveryStreamName,
            @JsonProperty("CurrentDeliveryStreamVersionId") String currentVersionId,
            @JsonProperty("DestinationId") String destinationId,
            @JsonProperty("S3DestinationUpdate") S3Destination s3DestinationUpdate,
            @JsonProperty("ExtendedS3DestinationUpdate") ExtendedS3Destination extendedS3DestinationUpdate,
            @JsonProperty("HttpEndpointDestinationUpdate") HttpEndpointDestination httpEndpointDestinationUpdate,
            @JsonProperty("RedshiftDestinationUpdate") JsonNode redshift,
            @JsonProperty("ElasticsearchDestinationUpdate") JsonNode elasticsearch,
            @JsonProperty("AmazonopensearchserviceDestinationUpdate") JsonNode openSearch,
            @JsonProperty("AmazonOpenSearchServerlessDestinationUpdate") JsonNode openSearchServerless,
            @JsonProperty("SplunkDestinationUpdate") JsonNode splunk,
            @JsonProperty("SnowflakeDestinationUpdate") JsonNode snowflake,
            @JsonProperty("IcebergDestinationUpdate") JsonNode iceberg) {
    }

    public record Record(@JsonProperty("Data")
            @com.fasterxml.jackson.databind.annotation.JsonDeserialize(
                    using = io.sluice.local.internal.protocol.BlobReader.class) byte[] data) {
    }

    public record PutRecordRequest(@JsonProperty("DeliveryStreamName") String deliveryStreamName,
            @JsonProperty("Record") Record record) {
    }

    public record PutRecordResponse(@JsonProperty("RecordId") String recordId,
            @JsonProperty("Encrypted") boolean encrypted) {
    }

    public record PutRecordBatchRequest(@JsonProperty("DeliveryStreamName") String deliveryStreamName,
            @JsonProperty("Records") List<Record> records) {
    }

    public record PutRecordBatchResponse(@JsonProperty("FailedPutCount") int failedPutCount,
            @JsonProperty("Encrypted") boolean encrypted,
            @JsonProperty("RequestResponses") List<PutRecordBatchResponseEntry> requestResponses) {
    }

    public record PutRecordBatchResponseEntry(@JsonProperty("RecordId") String recordId,
            @JsonProperty("ErrorCode") String errorCode, @JsonProperty("ErrorMessage") String errorMessage) {
    }

    public record TagDeliveryStreamRequest(@JsonProperty("DeliveryStreamName") String deliveryStreamName,
            @JsonProperty("Tags") List<Tag> tags) {
    }

    public record UntagDeliveryStreamRequest(@JsonProperty("DeliveryStreamName") String deliveryStreamName,
            @JsonProperty("TagKeys") List<String> tagKeys) {
    }

    public record ListTagsForDeliveryStreamRequest(@JsonProperty("DeliveryStreamName") String deliveryStreamName,
            @JsonProperty("ExclusiveStartTagKey") String exclusiveStartTagKey,
            @JsonProperty("Limit") Integer limit) {
    }

    public record ListTagsForDeliveryStreamResponse(@JsonProperty("Tags") List<Tag> tags,
            @JsonProperty("HasMoreTags") boolean hasMoreTags) {
    }

    public record StartEncryptionRequest(@JsonProperty("DeliveryStreamName") String deliveryStreamName,
            @JsonProperty("DeliveryStreamEncryptionConfigurationInput") EncryptionInput encryptionInput) {
    }

    public record StopEncryptionRequest(@JsonProperty("DeliveryStreamName") String deliveryStreamName) {
    }
}
