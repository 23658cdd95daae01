package io.sluice.local.internal.streams.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** Structures shared by several Kinesis actions, named as in the API model. */
public final class Shapes {

    private Shapes() {
    }

    public record StreamModeDetails(@JsonProperty("StreamMode") String streamMode) {
    }

    public record HashKeyRange(@JsonProperty("StartingHashKey") String startingHashKey,
            @JsonProperty("EndingHashKey") String endingHashKey) {
    }

    public record SequenceNumberRange(@JsonProperty("StartingSequenceNumber") String startingSequenceNumber,
            @JsonProperty("EndingSequenceNumber") String endingSequenceNumber) {
    }

    public record Shard(@JsonProperty("ShardId") String shardId,
            @JsonProperty("ParentShardId") String parentShardId,
            @JsonProperty("AdjacentParentShardId") String adjacentParentShardId,
            @JsonProperty("HashKeyRange") HashKeyRange hashKeyRange,
            @JsonProperty("SequenceNumberRange") SequenceNumberRange sequenceNumberRange) {
    }

    public record ChildShard(@JsonProperty("ShardId") String shardId,
            @JsonProperty("ParentShards") List<String> parentShards,
            @JsonProperty("HashKeyRange") HashKeyRange hashKeyRange) {
    }

    public record EnhancedMetrics(@JsonProperty("ShardLevelMetrics") List<String> shardLevelMetrics) {
    }

    public record WarmThroughput(@JsonProperty("TargetMiBps") Integer targetMiBps,
            @JsonProperty("CurrentMiBps") Integer currentMiBps) {
    }

    public record Tag(@JsonProperty("Key") String key, @JsonProperty("Value") String value) {
    }

    public record ShardFilter(@JsonProperty("Type") String type, @JsonProperty("ShardId") String shardId,
            @JsonProperty("Timestamp") Instant timestamp) {
    }
}
