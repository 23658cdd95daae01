package io.sluice.local.internal.streams.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.local.internal.streams.model.Shapes.Tag;
import java.util.List;
import java.util.Map;

/** Requests and responses of the tagging actions, with the API model's member names. */
public final class TagActionsModel {

    private TagActionsModel() {
    }

    public record AddTagsToStreamRequest(@JsonProperty("StreamName") String streamName,
            @JsonProperty("StreamARN") String streamArn,
            @JsonProperty("Tags") Map<String, String> tags) {
    }

    public record RemoveTagsFromStreamRequest(@JsonProperty("StreamName") String streamName,
            @JsonProperty("StreamARN") String streamArn,
            @JsonProperty("TagKeys") List<String> tagKeys) {
    }

    public record ListTagsForStreamRequest(@JsonProperty("StreamName") String streamName,
            @JsonProperty("StreamARN") String streamArn,
            @JsonProperty("ExclusiveStartTagKey") String exclusiveStartTagKey,
            @JsonProperty("Limit") Integer limit) {
    }

    public record ListTagsForStreamResponse(@JsonProperty("Tags") List<Tag> tags,
            @JsonProperty("HasMoreTags") boolean hasMoreTags) {
    }

    public record TagResourceRequest(@JsonProperty("ResourceARN") String resourceArn,
            @JsonProperty("Tags") Map<String, String> tags) {
    }

    public record UntagResourceRequest(@JsonProperty("ResourceARN") String resourceArn,
            @JsonProperty("TagKeys") List<String> tagKeys) {
    }

    public record ListTagsForResourceRequest(@JsonProperty("ResourceARN") String resourceArn) {
    }

    public record ListTagsForResourceResponse(@JsonProperty("Tags") List<Tag> tags) {
    }
}
