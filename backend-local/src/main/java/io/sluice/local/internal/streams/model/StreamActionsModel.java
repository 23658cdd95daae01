package io.sluice.local.internal.streams.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.local.internal.streams.model.Shapes.EnhancedMetrics;
import io.sluice.local.internal.streams.model.Shapes.Shard;
import io.sluice.local.internal.streams.model.Shapes.ShardFilter;
import io.sluice.local.internal.streams.model.Shapes.StreamModeDetails;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Requests and responses of the actions that manage streams, with the API model's member names. */
public final class StreamActionsModel {

    private StreamActionsModel() {
    }

    public record CreateStreamRequest(@JsonProperty("StreamName") String streamName,
            @JsonProperty("ShardCount") Integer shardCount,
            @JsonProperty("StreamModeDetails") StreamModeDetails streamModeDetails,
            @JsonProperty("Tags") Map<String, String> tags,
            @JsonProperty("WarmThroughputMiBps") Integer warmThroughputMiBps,
            @JsonProperty("MaxRecordSizeInKiB") Integer maxRecordSizeInKiB,
            @JsonProperty("RecordDistributionStrategy") String recordDistributionStrategy) {
    }

    public record DeleteStreamRequest(@JsonProperty("StreamName") String streamName,
            @JsonProperty("StreamARN") String streamArn,
            @JsonProperty("EnforceConsumerDeletion") Boolean enforceConsumerDeletion) {
    }

    public record DescribeStreamRequest(@JsonProperty("StreamName") String streamName,
            @JsonProperty("StreamARN") String streamArn,
            @JsonProperty("Limit") Integer limit,
            @JsonProperty("ExclusiveStartShardId") String exclusiveStartShardId) {
    }

    public record StreamDescription(@JsonProperty("StreamName") String streamName,
            @JsonProperty("StreamARN") String streamArn,
            @JsonProperty("StreamStatus") String streamStatus,
            @JsonProperty("StreamModeDetails") StreamModeDetails streamModeDetails,
            @JsonProperty("Shards") List<Shard> shards,
            @JsonProperty("HasMoreShards") boolean hasMoreShards,
            @JsonProperty("RetentionPeriodHours") int retentionPeriodHours,
            @JsonProperty("StreamCreationTimestamp") Instant streamCreationTimestamp,
            @JsonProperty("EnhancedMonitoring") List<EnhancedMetrics> enhancedMonitoring,
            @JsonProperty("EncryptionType") String encryptionType,
            @JsonProperty("KeyId") String keyId) {
    }

    public record DescribeStreamResponse(@JsonProperty("StreamDescription") StreamDescription streamDescription) {
    }

    public record DescribeStreamSummaryRequest(@JsonProperty("StreamName") String streamName,
            @JsonProperty("StreamARN") String streamArn) {
    }

    public record StreamDescriptionSummary(@JsonProperty("StreamName") String streamName,
            @JsonProperty("StreamARN") String streamArn,
            @JsonProperty("StreamStatus") String streamStatus,
            @JsonProperty("StreamModeDetails") StreamModeDetails streamModeDetails,
            @JsonProperty("RetentionPeriodHours") int retentionPeriodHours,
            @JsonProperty("StreamCreationTimestamp") Instant streamCreationTimestamp,
            @JsonProperty("EnhancedMonitoring") List<EnhancedMetrics> enhancedMonitoring,
            @JsonProperty("EncryptionType") String encryptionType,
            @JsonProperty("KeyId") String keyId,
            @JsonProperty("OpenShardCount") int openShardCount,
            @JsonProperty("ConsumerCount") int consumerCount,
            @JsonProperty("WarmThroughput") Shapes.WarmThroughput warmThroughput,
            @JsonProperty("MaxRecordSizeInKiB") int maxRecordSizeInKiB,
            @JsonProperty("RecordDistributionStrategy") String recordDistributionStrategy) {
    }

    public record DescribeStreamSummaryResponse(
            @JsonProperty("StreamDescriptionSummary") StreamDescriptionSummary streamDescriptionSummary) {
    }

    public record ListStreamsRequest(@JsonProperty("Limit") Integer limit,
            @JsonProperty("ExclusiveStartStreamName") String exclusiveStartStreamName,
            @JsonProperty("NextToken") String nextToken) {
    }

    public record StreamSummary(@JsonProperty("StreamName") String streamName,
            @JsonProperty("StreamARN") String streamArn,
            @JsonProperty("StreamStatus") String streamStatus,
            @JsonProperty("StreamModeDetails") StreamModeDetails streamModeDetails,
            @JsonProperty("StreamCreationTimestamp") Instant streamCreationTimestamp) {
    }

    public record ListStreamsResponse(@JsonProperty("StreamNames") List<String> streamNames,
            @JsonProperty("HasMoreStreams") boolean hasMoreStreams,
            @JsonProperty("NextToken") String nextToken,
            @JsonProperty("StreamSummaries") List<StreamSummary> streamSummaries) {
    }

    public record ListShardsRequest(@JsonProperty("StreamName") String streamName,
            @JsonProperty("StreamARN") String streamArn,
            @JsonProperty("NextToken") String nextToken,
            @JsonProperty("ExclusiveStartShardId") String exclusiveStartShardId,
            @JsonProperty("MaxResults") Integer maxResults,
            @JsonProperty("StreamCreationTimestamp") Instant streamCreationTimestamp,
            @JsonProperty("ShardFilter") ShardFilter shardFilter) {
    }

    public record ListShardsResponse(@JsonProperty("Shards") List<Shard> shards,
            @JsonProperty("NextToken") String nextToken) {
    }

    public record RetentionPeriodRequest(@JsonProperty("StreamName") String streamName,
            @JsonProperty("StreamARN") String streamArn,
            @JsonProperty("RetentionPeriodHours") Integer retentionPeriodHours) {
    }
}
