package io.sluice.local.internal.firehose.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The destination and source structures of the Firehose API, with the API model's member names. One record
 * serves a structure's configuration, update and (renamed where AWS renames members) description forms.
 */
public final class DestinationModel {

    private DestinationModel() {
    }

    public record BufferingHints(@JsonProperty("SizeInMBs") Integer sizeInMBs,
            @JsonProperty("IntervalInSeconds") Integer intervalInSeconds) {
    }

    public record KmsEncryptionConfig(@JsonProperty("AWSKMSKeyARN") String awsKmsKeyArn) {
    }

    public record EncryptionConfiguration(@JsonProperty("NoEncryptionConfig") String noEncryptionConfig,
            @JsonProperty("KMSEncryptionConfig") KmsEncryptionConfig kmsEncryptionConfig) {
    }

    public record CloudWatchLoggingOptions(@JsonProperty("Enabled") Boolean enabled,
            @JsonProperty("LogGroupName") String logGroupName,
            @JsonProperty("LogStreamName") String logStreamName) {
    }

    public record ProcessorParameter(@JsonProperty("ParameterName") String parameterName,
            @JsonProperty("ParameterValue") String parameterValue) {
    }

    public record Processor(@JsonProperty("Type") String type,
            @JsonProperty("Parameters") List<ProcessorParameter> parameters) {
    }

    public record ProcessingConfiguration(@JsonProperty("Enabled") Boolean enabled,
            @JsonProperty("Processors") List<Processor> processors) {
    }

    public record RetryOptions(@JsonProperty("DurationInSeconds") Integer durationInSeconds) {
    }

    public record DynamicPartitioningConfiguration(@JsonProperty("RetryOptions") RetryOptions retryOptions,
            @JsonProperty("Enabled") Boolean enabled) {
    }

    /** S3DestinationConfiguration, S3DestinationUpdate and S3DestinationDescription. */
    public record S3Destination(@JsonProperty("RoleARN") String roleArn,
            @JsonProperty("BucketARN") String bucketArn,
            @JsonProperty("Prefix") String prefix,
            @JsonProperty("ErrorOutputPrefix") String errorOutputPrefix,
            @JsonProperty("BufferingHints") BufferingHints bufferingHints,
            @JsonProperty("CompressionFormat") String compressionFormat,
            @JsonProperty("EncryptionConfiguration") EncryptionConfiguration encryptionConfiguration,
            @JsonProperty("CloudWatchLoggingOptions") CloudWatchLoggingOptions cloudWatchLoggingOptions) {
    }

    /**
     * ExtendedS3DestinationConfiguration and ExtendedS3DestinationUpdate; the description names the backup
     * {@code S3BackupDescription}.
     */
    public record ExtendedS3Destination(@JsonProperty("RoleARN") String roleArn,
            @JsonProperty("BucketARN") String bucketArn,
            @JsonProperty("Prefix") String prefix,
            @JsonProperty("ErrorOutputPrefix") String errorOutputPrefix,
            @JsonProperty("BufferingHints") BufferingHints bufferingHints,
            @JsonProperty("CompressionFormat") String compressionFormat,
            @JsonProperty("EncryptionConfiguration") EncryptionConfiguration encryptionConfiguration,
            @JsonProperty("CloudWatchLoggingOptions") CloudWatchLoggingOptions cloudWatchLoggingOptions,
            @JsonProperty("ProcessingConfiguration") ProcessingConfiguration processingConfiguration,
            @JsonProperty("S3BackupMode") String s3BackupMode,
            @JsonProperty("S3BackupConfiguration") @JsonAlias("S3BackupUpdate") S3Destination s3Backup,
            @JsonProperty("DataFormatConversionConfiguration") JsonNode dataFormatConversionConfiguration,
            @JsonProperty("DynamicPartitioningConfiguration")
            DynamicPartitioningConfiguration dynamicPartitioningConfiguration,
            @JsonProperty("FileExtension") String fileExtension,
            @JsonProperty("CustomTimeZone") String customTimeZone) {
    }

    public record HttpEndpointConfiguration(@JsonProperty("Url") String url, @JsonProperty("Name") String name,
            @JsonProperty("AccessKey") String accessKey) {
    }

    public record HttpEndpointCommonAttribute(@JsonProperty("AttributeName") String attributeName,
            @JsonProperty("AttributeValue") String attributeValue) {
    }

    public record HttpEndpointRequestConfiguration(@JsonProperty("ContentEncoding") String contentEncoding,
            @JsonProperty("CommonAttributes") List<HttpEndpointCommonAttribute> commonAttributes) {
    }

    /**
     * HttpEndpointDestinationConfiguration and HttpEndpointDestinationUpdate; the description names the S3
     * settings {@code S3DestinationDescription} and leaves out the access key.
     */
    public record HttpEndpointDestination(
            @JsonProperty("EndpointConfiguration") HttpEndpointConfiguration endpointConfiguration,
            @JsonProperty("BufferingHints") BufferingHints bufferingHints,
            @JsonProperty("CloudWatchLoggingOptions") CloudWatchLoggingOptions cloudWatchLoggingOptions,
            @JsonProperty("RequestConfiguration") HttpEndpointRequestConfiguration requestConfiguration,
            @JsonProperty("ProcessingConfiguration") ProcessingConfiguration processingConfiguration,
            @JsonProperty("RoleARN") String roleArn,
            @JsonProperty("RetryOptions") RetryOptions retryOptions,
            @JsonProperty("S3BackupMode") String s3BackupMode,
            @JsonProperty("S3Configuration") @JsonAlias("S3Update") S3Destination s3Configuration,
            @JsonProperty("SecretsManagerConfiguration") JsonNode secretsManagerConfiguration) {
    }

    public record KinesisStreamSourceConfiguration(@JsonProperty("KinesisStreamARN") String kinesisStreamArn,
            @JsonProperty("RoleARN") String roleArn) {
    }

    public record DirectPutSourceConfiguration(@JsonProperty("ThroughputHintInMBs") Integer throughputHintInMBs) {
    }

    public record EncryptionInput(@JsonProperty("KeyARN") String keyArn, @JsonProperty("KeyType") String keyType) {
    }

    public record Tag(@JsonProperty("Key") String key, @JsonProperty("Value") String value) {
    }
}
