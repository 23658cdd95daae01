package io.sluice.local.internal.streams.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.local.internal.streams.model.Shapes.StreamModeDetails;
import io.sluice.local.internal.streams.model.Shapes.WarmThroughput;
import java.util.List;

/** Requests and responses of the actions that change a stream's settings, with the API model's member names. */
public final class SettingsActionsModel {

    private SettingsActionsModel() {
    }

    public record UpdateStreamModeRequest(@JsonProperty("StreamARN") String streamArn,
            @JsonProperty("StreamModeDetails") StreamModeDetails streamModeDetails,
            @JsonProperty("WarmThroughputMiBps") Integer warmThroughputMiBps) {
    }

    public record StreamEncryptionRequest(@JsonProperty("StreamName") String streamName,
            @JsonProperty("StreamARN") String streamArn,
            @JsonProperty("EncryptionType") String encryptionType,
            @JsonProperty("KeyId") String keyId) {
    }

    public record EnhancedMonitoringRequest(@JsonProperty("StreamName") String streamName,
            @JsonProperty("StreamARN") String streamArn,
            @JsonProperty("ShardLevelMetrics") List<String> shardLevelMetrics) {
    }

    public record EnhancedMonitoringResponse(@JsonProperty("StreamName") String streamName,
            @JsonProperty("CurrentShardLevelMetrics") List<String> currentShardLevelMetrics,
            @JsonProperty("DesiredShardLevelMetrics") List<String> desiredShardLevelMetrics,
            @JsonProperty("StreamARN") String streamArn) {
    }

    public record UpdateMaxRecordSizeRequest(@JsonProperty("StreamARN") String streamArn,
            @JsonProperty("MaxRecordSizeInKiB") Integer maxRecordSizeInKiB) {
    }

    public record UpdateStreamWarmThroughputRequest(@JsonProperty("StreamARN") String streamArn,
            @JsonProperty("StreamName") String streamName,
            @JsonProperty("WarmThroughputMiBps") Integer warmThroughputMiBps) {
    }

    public record UpdateStreamWarmThroughputResponse(@JsonProperty("StreamARN") String streamArn,
            @JsonProperty("StreamName") String streamName,
            @JsonProperty("WarmThroughput") WarmThroughput warmThroughput) {
    }

    public record UpdateStreamRecordDistributionStrategyRequest(@JsonProperty("StreamARN") String streamArn,
            @JsonProperty("RecordDistributionStrategy") String recordDistributionStrategy) {
    }
}
