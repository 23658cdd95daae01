package io.sluice.local.internal.analytics.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The shapes Kinesis Data Analytics (SQL) requests and descriptions share: inputs, schemas, outputs, reference
 * data sources, logging options, tags. Immutable records; {@code null} is an absent member.
 */
public final class Shapes {

    private Shapes() {
    }

    /** A resource and the role to reach it (KinesisStreamsInput, KinesisFirehoseOutput, LambdaOutput...). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resource(@JsonProperty("ResourceARN") String resourceArn,
            @JsonProperty("RoleARN") String roleArn) {
    }

    /** The *Update form of a {@link Resource}. */
    public record ResourceUpdate(@JsonProperty("ResourceARNUpdate") String resourceArnUpdate,
            @JsonProperty("RoleARNUpdate") String roleArnUpdate) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InputProcessingConfiguration(@JsonProperty("InputLambdaProcessor") Resource inputLambdaProcessor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InputProcessingConfigurationDescription(
            @JsonProperty("InputLambdaProcessorDescription") Resource inputLambdaProcessorDescription) {
    }

    public record InputProcessingConfigurationUpdate(
            @JsonProperty("InputLambdaProcessorUpdate") ResourceUpdate inputLambdaProcessorUpdate) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InputParallelism(@JsonProperty("Count") Integer count) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JsonMapping(@JsonProperty("RecordRowPath") String recordRowPath) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CsvMapping(@JsonProperty("RecordRowDelimiter") String recordRowDelimiter,
            @JsonProperty("RecordColumnDelimiter") String recordColumnDelimiter) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MappingParameters(@JsonProperty("JSONMappingParameters") JsonMapping json,
            @JsonProperty("CSVMappingParameters") CsvMapping csv) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RecordFormat(@JsonProperty("RecordFormatType") String recordFormatType,
            @JsonProperty("MappingParameters") MappingParameters mappingParameters) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RecordColumn(@JsonProperty("Name") String name, @JsonProperty("Mapping") String mapping,
            @JsonProperty("SqlType") String sqlType) {
    }

    /** InputSchema and ReferenceSchema. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SourceSchema(@JsonProperty("RecordFormat") RecordFormat recordFormat,
            @JsonProperty("RecordEncoding") String recordEncoding,
            @JsonProperty("RecordColumns") List<RecordColumn> recordColumns) {
    }

    public record InputSchemaUpdate(@JsonProperty("RecordFormatUpdate") RecordFormat recordFormatUpdate,
            @JsonProperty("RecordEncodingUpdate") String recordEncodingUpdate,
            @JsonProperty("RecordColumnUpdates") List<RecordColumn> recordColumnUpdates) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Input(@JsonProperty("NamePrefix") String namePrefix,
            @JsonProperty("InputProcessingConfiguration") InputProcessingConfiguration inputProcessingConfiguration,
            @JsonProperty("KinesisStreamsInput") Resource kinesisStreamsInput,
            @JsonProperty("KinesisFirehoseInput") Resource kinesisFirehoseInput,
            @JsonProperty("InputParallelism") InputParallelism inputParallelism,
            @JsonProperty("InputSchema") SourceSchema inputSchema) {
    }

    public record InputUpdate(@JsonProperty("InputId") String inputId,
            @JsonProperty("NamePrefixUpdate") String namePrefixUpdate,
            @JsonProperty("InputProcessingConfigurationUpdate")
            InputProcessingConfigurationUpdate inputProcessingConfigurationUpdate,
            @JsonProperty("KinesisStreamsInputUpdate") ResourceUpdate kinesisStreamsInputUpdate,
            @JsonProperty("KinesisFirehoseInputUpdate") ResourceUpdate kinesisFirehoseInputUpdate,
            @JsonProperty("InputSchemaUpdate") InputSchemaUpdate inputSchemaUpdate,
            @JsonProperty("InputParallelismUpdate") InputParallelismUpdate inputParallelismUpdate) {
    }

    public record InputParallelismUpdate(@JsonProperty("CountUpdate") Integer countUpdate) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StartingPosition(@JsonProperty("InputStartingPosition") String inputStartingPosition) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InputDescription(@JsonProperty("InputId") String inputId,
            @JsonProperty("NamePrefix") String namePrefix,
            @JsonProperty("InAppStreamNames") List<String> inAppStreamNames,
            @JsonProperty("InputProcessingConfigurationDescription")
            InputProcessingConfigurationDescription inputProcessingConfigurationDescription,
            @JsonProperty("KinesisStreamsInputDescription") Resource kinesisStreamsInputDescription,
            @JsonProperty("KinesisFirehoseInputDescription") Resource kinesisFirehoseInputDescription,
            @JsonProperty("InputSchema") SourceSchema inputSchema,
            @JsonProperty("InputParallelism") InputParallelism inputParallelism,
            @JsonProperty("InputStartingPositionConfiguration") StartingPosition startingPosition) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DestinationSchema(@JsonProperty("RecordFormatType") String recordFormatType) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Output(@JsonProperty("Name") String name,
            @JsonProperty("KinesisStreamsOutput") Resource kinesisStreamsOutput,
            @JsonProperty("KinesisFirehoseOutput") Resource kinesisFirehoseOutput,
            @JsonProperty("LambdaOutput") Resource lambdaOutput,
            @JsonProperty("DestinationSchema") DestinationSchema destinationSchema) {
    }

    public record OutputUpdate(@JsonProperty("OutputId") String outputId,
            @JsonProperty("NameUpdate") String nameUpdate,
            @JsonProperty("KinesisStreamsOutputUpdate") ResourceUpdate kinesisStreamsOutputUpdate,
            @JsonProperty("KinesisFirehoseOutputUpdate") ResourceUpdate kinesisFirehoseOutputUpdate,
            @JsonProperty("LambdaOutputUpdate") ResourceUpdate lambdaOutputUpdate,
            @JsonProperty("DestinationSchemaUpdate") DestinationSchema destinationSchemaUpdate) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OutputDescription(@JsonProperty("OutputId") String outputId, @JsonProperty("Name") String name,
            @JsonProperty("KinesisStreamsOutputDescription") Resource kinesisStreamsOutputDescription,
            @JsonProperty("KinesisFirehoseOutputDescription") Resource kinesisFirehoseOutputDescription,
            @JsonProperty("LambdaOutputDescription") Resource lambdaOutputDescription,
            @JsonProperty("DestinationSchema") DestinationSchema destinationSchema) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record S3Reference(@JsonProperty("BucketARN") String bucketArn, @JsonProperty("FileKey") String fileKey,
            @JsonProperty("ReferenceRoleARN") String referenceRoleArn) {
    }

    public record S3ReferenceUpdate(@JsonProperty("BucketARNUpdate") String bucketArnUpdate,
            @JsonProperty("FileKeyUpdate") String fileKeyUpdate,
            @JsonProperty("ReferenceRoleARNUpdate") String referenceRoleArnUpdate) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReferenceDataSource(@JsonProperty("TableName") String tableName,
            @JsonProperty("S3ReferenceDataSource") S3Reference s3ReferenceDataSource,
            @JsonProperty("ReferenceSchema") SourceSchema referenceSchema) {
    }

    public record ReferenceDataSourceUpdate(@JsonProperty("ReferenceId") String referenceId,
            @JsonProperty("TableNameUpdate") String tableNameUpdate,
            @JsonProperty("S3ReferenceDataSourceUpdate") S3ReferenceUpdate s3ReferenceDataSourceUpdate,
            @JsonProperty("ReferenceSchemaUpdate") SourceSchema referenceSchemaUpdate) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReferenceDataSourceDescription(@JsonProperty("ReferenceId") String referenceId,
            @JsonProperty("TableName") String tableName,
            @JsonProperty("S3ReferenceDataSourceDescription") S3Reference s3ReferenceDataSourceDescription,
            @JsonProperty("ReferenceSchema") SourceSchema referenceSchema) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CloudWatchLoggingOption(@JsonProperty("LogStreamARN") String logStreamArn,
            @JsonProperty("RoleARN") String roleArn) {
    }

    public record CloudWatchLoggingOptionUpdate(@JsonProperty("CloudWatchLoggingOptionId") String id,
            @JsonProperty("LogStreamARNUpdate") String logStreamArnUpdate,
            @JsonProperty("RoleARNUpdate") String roleArnUpdate) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CloudWatchLoggingOptionDescription(@JsonProperty("CloudWatchLoggingOptionId") String id,
            @JsonProperty("LogStreamARN") String logStreamArn, @JsonProperty("RoleARN") String roleArn) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tag(@JsonProperty("Key") String key, @JsonProperty("Value") String value) {
    }
}
