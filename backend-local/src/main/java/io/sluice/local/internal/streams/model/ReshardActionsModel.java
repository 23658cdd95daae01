package io.sluice.local.internal.streams.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Requests and responses of SplitShard, MergeShards and UpdateShardCount, with the API model's member names. */
public final class ReshardActionsModel {

    private ReshardActionsModel() {
    }

    public record SplitShardRequest(@JsonProperty("StreamName") String streamName,
            @JsonProperty("StreamARN") String streamArn,
            @JsonProperty("ShardToSplit") String shardToSplit,
            @JsonProperty("NewStartingHashKey") String newStartingHashKey) {
    }

    public record MergeShardsRequest(@JsonProperty("StreamName") String streamName,
            @JsonProperty("StreamARN") String streamArn,
            @JsonProperty("ShardToMerge") String shardToMerge,
            @JsonProperty("AdjacentShardToMerge") String adjacentShardToMerge) {
    }

    public record UpdateShardCountRequest(@JsonProperty("StreamName") String streamName,
            @JsonProperty("StreamARN") String streamArn,
            @JsonProperty("TargetShardCount") Integer targetShardCount,
            @JsonProperty("ScalingType") String scalingType) {
    }

    public record UpdateShardCountResponse(@JsonProperty("StreamName") String streamName,
            @JsonProperty("CurrentShardCount") int currentShardCount,
            @JsonProperty("TargetShardCount") int targetShardCount,
            @JsonProperty("StreamARN") String streamArn) {
    }
}
