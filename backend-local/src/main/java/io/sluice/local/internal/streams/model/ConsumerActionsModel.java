package io.sluice.local.internal.streams.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Requests and responses of the enhanced fan-out consumer actions, with the API model's member names. */
public final class ConsumerActionsModel {

    private ConsumerActionsModel() {
    }

    public record RegisterStreamConsumerRequest(@JsonProperty("StreamARN") String streamArn,
            @JsonProperty("ConsumerName") String consumerName,
            @JsonProperty("Tags") Map<String, String> tags) {
    }

    public record Consumer(@JsonProperty("ConsumerName") String consumerName,
            @JsonProperty("ConsumerARN") String consumerArn,
            @JsonProperty("ConsumerStatus") String consumerStatus,
            @JsonProperty("ConsumerCreationTimestamp") Instant consumerCreationTimestamp) {
    }

    public record RegisterStreamConsumerResponse(@JsonProperty("Consumer") Consumer consumer) {
    }

    /** The input of DescribeStreamConsumer and DeregisterStreamConsumer. */
    public record ConsumerRequest(@JsonProperty("StreamARN") String streamArn,
            @JsonProperty("ConsumerName") String consumerName,
            @JsonProperty("ConsumerARN") String consumerArn) {
    }

    public record ConsumerDescription(@JsonProperty("ConsumerName") String consumerName,
            @JsonProperty("ConsumerARN") String consumerArn,
            @JsonProperty("ConsumerStatus") String consumerStatus,
            @JsonProperty("ConsumerCreationTimestamp") Instant consumerCreationTimestamp,
            @JsonProperty("StreamARN") String streamArn) {
    }

    public record DescribeStreamConsumerResponse(
            @JsonProperty("ConsumerDescription") ConsumerDescription consumerDescription) {
    }

    public record ListStreamConsumersRequest(@JsonProperty("StreamARN") String streamArn,
            @JsonProperty("NextToken") String nextToken,
            @JsonProperty("MaxResults") Integer maxResults,
            @JsonProperty("StreamCreationTimestamp") Instant streamCreationTimestamp) {
    }

    public record ListStreamConsumersResponse(@JsonProperty("Consumers") List<Consumer> consumers,
            @JsonProperty("NextToken") String nextToken) {
    }
}
