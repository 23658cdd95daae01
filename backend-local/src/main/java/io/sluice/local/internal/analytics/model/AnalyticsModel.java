package io.sluice.local.internal.analytics.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.local.internal.analytics.model.Shapes.CloudWatchLoggingOption;
import io.sluice.local.internal.analytics.model.Shapes.CloudWatchLoggingOptionDescription;
import io.sluice.local.internal.analytics.model.Shapes.CloudWatchLoggingOptionUpdate;
import io.sluice.local.internal.analytics.model.Shapes.Input;
import io.sluice.local.internal.analytics.model.Shapes.InputDescription;
import io.sluice.local.internal.analytics.model.Shapes.InputProcessingConfiguration;
import io.sluice.local.internal.analytics.model.Shapes.InputUpdate;
import io.sluice.local.internal.analytics.model.Shapes.Output;
import io.sluice.local.internal.analytics.model.Shapes.OutputDescription;
import io.sluice.local.internal.analytics.model.Shapes.OutputUpdate;
import io.sluice.local.internal.analytics.model.Shapes.ReferenceDataSource;
import io.sluice.local.internal.analytics.model.Shapes.ReferenceDataSourceDescription;
import io.sluice.local.internal.analytics.model.Shapes.ReferenceDataSourceUpdate;
import io.sluice.local.internal.analytics.model.Shapes.SourceSchema;
import io.sluice.local.internal.analytics.model.Shapes.StartingPosition;
import io.sluice.local.internal.analytics.model.Shapes.Tag;
import java.time.Instant;
import java.util.List;

/** Requests and responses of the Kinesis Data Analytics (SQL) actions, with the API model's member names. */
public final class AnalyticsModel {

    private AnalyticsModel() {
    }

    public record CreateApplicationRequest(@JsonProperty("ApplicationName") String applicationName,
            @JsonProperty("ApplicationDescription") String applicationDescription,
            @JsonProperty("Inputs") List<Input> inputs,
            @JsonProperty("Outputs") List<Output> outputs,
            @JsonProperty("CloudWatchLoggingOptions") List<CloudWatchLoggingOption> cloudWatchLoggingOptions,
            @JsonProperty("ApplicationCode") String applicationCode,
            @JsonProperty("Tags") List<Tag> tags) {
    }

    public record ApplicationSummary(@JsonProperty("ApplicationName") String applicationName,
            @JsonProperty("ApplicationARN") String applicationArn,
            @JsonProperty("ApplicationStatus") String applicationStatus) {
    }

    public record CreateApplicationResponse(@JsonProperty("ApplicationSummary") ApplicationSummary summary) {
    }

    public record ApplicationNameRequest(@JsonProperty("ApplicationName") String applicationName) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ApplicationDetail(@JsonProperty("ApplicationName") String applicationName,
            @JsonProperty("ApplicationDescription") String applicationDescription,
            @JsonProperty("ApplicationARN") String applicationArn,
            @JsonProperty("ApplicationStatus") String applicationStatus,
            @JsonProperty("CreateTimestamp") Instant createTimestamp,
            @JsonProperty("LastUpdateTimestamp") Instant lastUpdateTimestamp,
            @JsonProperty("InputDescriptions") List<InputDescription> inputDescriptions,
            @JsonProperty("OutputDescriptions") List<OutputDescription> outputDescriptions,
            @JsonProperty("ReferenceDataSourceDescriptions")
            List<ReferenceDataSourceDescription> referenceDataSourceDescriptions,
            @JsonProperty("CloudWatchLoggingOptionDescriptions")
            List<CloudWatchLoggingOptionDescription> cloudWatchLoggingOptionDescriptions,
            @JsonProperty("ApplicationCode") String applicationCode,
            @JsonProperty("ApplicationVersionId") long applicationVersionId) {
    }

    public record DescribeApplicationResponse(@JsonProperty("ApplicationDetail") ApplicationDetail detail) {
    }

    public record ListApplicationsRequest(@JsonProperty("Limit") Integer limit,
            @JsonProperty("ExclusiveStartApplicationName") String exclusiveStartApplicationName) {
    }

    public record ListApplicationsResponse(@JsonProperty("ApplicationSummaries") List<ApplicationSummary> summaries,
            @JsonProperty("HasMoreApplications") boolean hasMoreApplications) {
    }

    public record DeleteApplicationRequest(@JsonProperty("ApplicationName") String applicationName,
            @JsonProperty("CreateTimestamp") Instant createTimestamp) {
    }

    public record ApplicationUpdate(@JsonProperty("InputUpdates") List<InputUpdate> inputUpdates,
            @JsonProperty("ApplicationCodeUpdate") String applicationCodeUpdate,
            @JsonProperty("OutputUpdates") List<OutputUpdate> outputUpdates,
            @JsonProperty("ReferenceDataSourceUpdates") List<ReferenceDataSourceUpdate> referenceDataSourceUpdates,
            @JsonProperty("CloudWatchLoggingOptionUpdates")
            List<CloudWatchLoggingOptionUpdate> cloudWatchLoggingOptionUpdates) {
    }

    public record UpdateApplicationRequest(@JsonProperty("ApplicationName") String applicationName,
            @JsonProperty("CurrentApplicationVersionId") Long currentApplicationVersionId,
            @JsonProperty("ApplicationUpdate") ApplicationUpdate applicationUpdate) {
    }

    public record AddInputRequest(@JsonProperty("ApplicationName") String applicationName,
            @JsonProperty("CurrentApplicationVersionId") Long currentApplicationVersionId,
            @JsonProperty("Input") Input input) {
    }

    public record AddOutputRequest(@JsonProperty("ApplicationName") String applicationName,
            @JsonProperty("CurrentApplicationVersionId") Long currentApplicationVersionId,
            @JsonProperty("Output") Output output) {
    }

    public record DeleteOutputRequest(@JsonProperty("ApplicationName") String applicationName,
            @JsonProperty("CurrentApplicationVersionId") Long currentApplicationVersionId,
            @JsonProperty("OutputId") String outputId) {
    }

    public record AddReferenceRequest(@JsonProperty("ApplicationName") String applicationName,
            @JsonProperty("CurrentApplicationVersionId") Long currentApplicationVersionId,
            @JsonProperty("ReferenceDataSource") ReferenceDataSource referenceDataSource) {
    }

    public record DeleteReferenceRequest(@JsonProperty("ApplicationName") String applicationName,
            @JsonProperty("CurrentApplicationVersionId") Long currentApplicationVersionId,
            @JsonProperty("ReferenceId") String referenceId) {
    }

    public record AddProcessingRequest(@JsonProperty("ApplicationName") String applicationName,
            @JsonProperty("CurrentApplicationVersionId") Long currentApplicationVersionId,
            @JsonProperty("InputId") String inputId,
            @JsonProperty("InputProcessingConfiguration") InputProcessingConfiguration inputProcessingConfiguration) {
    }

    public record DeleteProcessingRequest(@JsonProperty("ApplicationName") String applicationName,
            @JsonProperty("CurrentApplicationVersionId") Long currentApplicationVersionId,
            @JsonProperty("InputId") String inputId) {
    }

    public record AddLoggingRequest(@JsonProperty("ApplicationName") String applicationName,
            @JsonProperty("CurrentApplicationVersionId") Long currentApplicationVersionId,
            @JsonProperty("CloudWatchLoggingOption") CloudWatchLoggingOption cloudWatchLoggingOption) {
    }

    public record DeleteLoggingRequest(@JsonProperty("ApplicationName") String applicationName,
            @JsonProperty("CurrentApplicationVersionId") Long currentApplicationVersionId,
            @JsonProperty("CloudWatchLoggingOptionId") String cloudWatchLoggingOptionId) {
    }

    public record InputConfiguration(@JsonProperty("Id") String id,
            @JsonProperty("InputStartingPositionConfiguration") StartingPosition startingPosition) {
    }

    public record StartApplicationRequest(@JsonProperty("ApplicationName") String applicationName,
            @JsonProperty("InputConfigurations") List<InputConfiguration> inputConfigurations) {
    }

    public record DiscoverInputSchemaRequest(@JsonProperty("ResourceARN") String resourceArn,
            @JsonProperty("RoleARN") String roleArn,
            @JsonProperty("InputStartingPositionConfiguration") StartingPosition startingPosition,
            @JsonProperty("S3Configuration") S3Configuration s3Configuration,
            @JsonProperty("InputProcessingConfiguration") InputProcessingConfiguration inputProcessingConfiguration) {
    }

    public record S3Configuration(@JsonProperty("RoleARN") String roleArn,
            @JsonProperty("BucketARN") String bucketArn, @JsonProperty("FileKey") String fileKey) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DiscoverInputSchemaResponse(@JsonProperty("InputSchema") SourceSchema inputSchema,
            @JsonProperty("ParsedInputRecords") List<List<String>> parsedInputRecords,
            @JsonProperty("ProcessedInputRecords") List<String> processedInputRecords,
            @JsonProperty("RawInputRecords") List<String> rawInputRecords) {
    }

    public record TagResourceRequest(@JsonProperty("ResourceARN") String resourceArn,
            @JsonProperty("Tags") List<Tag> tags) {
    }

    public record UntagResourceRequest(@JsonProperty("ResourceARN") String resourceArn,
            @JsonProperty("TagKeys") List<String> tagKeys) {
    }

    public record ListTagsRequest(@JsonProperty("ResourceARN") String resourceArn) {
    }

    public record ListTagsResponse(@JsonProperty("Tags") List<Tag> tags) {
    }
}
