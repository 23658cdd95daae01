package io.sluice.local.internal.streams.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** The request of SubscribeToShard, with the API model's member names. */
public final class FanOutActionsModel {

    private FanOutActionsModel() {
    }

    public record StartingPosition(@JsonProperty("Type") String type,
            @JsonProperty("SequenceNumber") String sequenceNumber,
            @JsonProperty("Timestamp") Instant timestamp) {
    }

    public record SubscribeToShardRequest(@JsonProperty("ConsumerARN") String consumerArn,
            @JsonProperty("ShardId") String shardId,
            @JsonProperty("StartingPosition") StartingPosition startingPosition) {
    }
}
