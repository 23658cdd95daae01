package io.sluice.local.internal.streams;

import io.sluice.local.internal.api.NoContent;
import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.Validator;
import io.sluice.local.internal.streams.model.Shapes.Tag;
import io.sluice.local.internal.streams.model.TagActionsModel.AddTagsToStreamRequest;
import io.sluice.local.internal.streams.model.TagActionsModel.ListTagsForResourceRequest;
import io.sluice.local.internal.streams.model.TagActionsModel.ListTagsForResourceResponse;
import io.sluice.local.internal.streams.model.TagActionsModel.ListTagsForStreamRequest;
import io.sluice.local.internal.streams.model.TagActionsModel.ListTagsForStreamResponse;
import io.sluice.local.internal.streams.model.TagActionsModel.RemoveTagsFromStreamRequest;
import io.sluice.local.internal.streams.model.TagActionsModel.TagResourceRequest;
import io.sluice.local.internal.streams.model.TagActionsModel.UntagResourceRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stream-name tagging actions (Add/RemoveTagsToStream, ListTagsForStream) and the ARN-based ones
 * (Tag/UntagResource, ListTagsForResource), which also tag enhanced fan-out consumers by their ARNs. Both kinds
 * change the same stream tags. Thread-safe.
 */
public final class TagActions {

    private static final int DEFAULT_LIST_LIMIT = 50;

    private final StreamLocator locator;
    private final ConsumerLocator consumers;

    public TagActions(StreamLocator locator, ConsumerLocator consumers) {
        this.locator = locator;
        this.consumers = consumers;
    }

    public NoContent addTagsToStream(RequestContext ctx, AddTagsToStreamRequest in) {
        Validator v = TagRules.validateMap(new Validator(), in.tags(), true);
        KinesisRules.streamNameAndArn(v, in.streamName(), in.streamArn()).throwIfInvalid();
        addTags(ctx, locator.require(ctx, in.streamName(), in.streamArn()), in.tags());
        return NoContent.INSTANCE;
    }

    public NoContent removeTagsFromStream(RequestContext ctx, RemoveTagsFromStreamRequest in) {
        Validator v = TagRules.validateKeys(new Validator(), in.tagKeys());
        KinesisRules.streamNameAndArn(v, in.streamName(), in.streamArn()).throwIfInvalid();
        removeTags(ctx, locator.require(ctx, in.streamName(), in.streamArn()), in.tagKeys());
        return NoContent.INSTANCE;
    }

    public ListTagsForStreamResponse listTagsForStream(RequestContext ctx, ListTagsForStreamRequest in) {
        Validator v = new Validator().integer("limit", in.limit(), false, 1, 50)
                .string("exclusiveStartTagKey", in.exclusiveStartTagKey(), false, 1, 128, null);
        KinesisRules.streamNameAndArn(v, in.streamName(), in.streamArn()).throwIfInvalid();
        Stream stream = locator.require(ctx, in.streamName(), in.streamArn());
        int limit = in.limit() == null ? DEFAULT_LIST_LIMIT : in.limit();
        io.sluice.local.internal.api.TagPage<Tag> page = io.sluice.local.internal.api.TagPage.of(
                stream.metadata().tags(), in.exclusiveStartTagKey(), limit, Tag::new);
        return new ListTagsForStreamResponse(page.tags(), page.more());
    }

    public NoContent tagResource(RequestContext ctx, TagResourceRequest in) {
        TagRules.validateMap(resourceArn(new Validator(), in.resourceArn()), in.tags(), true).throwIfInvalid();
        if (ConsumerArns.parse(in.resourceArn()) != null) {
            TagRules.checkCharacters(in.tags().keySet(), in.tags().values());
            changeConsumerTags(ctx, in.resourceArn(), tags -> tags.putAll(in.tags()));
        } else {
            addTags(ctx, resource(ctx, in.resourceArn()), in.tags());
        }
        return NoContent.INSTANCE;
    }

    public NoContent untagResource(RequestContext ctx, UntagResourceRequest in) {
        TagRules.validateKeys(resourceArn(new Validator(), in.resourceArn()), in.tagKeys()).throwIfInvalid();
        if (ConsumerArns.parse(in.resourceArn()) != null) {
            changeConsumerTags(ctx, in.resourceArn(), tags -> in.tagKeys().forEach(tags::remove));
        } else {
            removeTags(ctx, resource(ctx, in.resourceArn()), in.tagKeys());
        }
        return NoContent.INSTANCE;
    }

    public ListTagsForResourceResponse listTagsForResource(RequestContext ctx, ListTagsForResourceRequest in) {
        resourceArn(new Validator(), in.resourceArn()).throwIfInvalid();
        Map<String, String> current = ConsumerArns.parse(in.resourceArn()) != null
                ? consumers.require(ctx, null, null, in.resourceArn()).consumer().tags()
                : resource(ctx, in.resourceArn()).metadata().tags();
        List<Tag> tags = new ArrayList<>();
        new TreeMap<>(current).forEach((key, value) -> tags.add(new Tag(key, value)));
        return new ListTagsForResourceResponse(tags);
    }

    /** Changes the tags of the consumer an ARN names; consumers have the same per-resource tag limit as streams. */
    private void changeConsumerTags(RequestContext ctx, String arn,
            java.util.function.Consumer<Map<String, String>> change) {
        ConsumerLocator.Found found = consumers.require(ctx, null, null, arn);
        found.stream().update(m -> {
            List<io.sluice.local.internal.storage.ConsumerMetadata> changed = new ArrayList<>();
            for (io.sluice.local.internal.storage.ConsumerMetadata c : m.consumers()) {
                if (c.name().equals(found.consumer().name()) && c.arnSeconds() == found.consumer().arnSeconds()) {
                    Map<String, String> tags = new LinkedHashMap<>(c.tags());
                    change.accept(tags);
                    TagRules.checkTotal(c.name(), tags.size(), ctx);
                    changed.add(c.withTags(tags));
                } else {
                    changed.add(c);
                }
            }
            return m.toBuilder().consumers(changed).build();
        }, locator.registry().storage());
    }

    private static Validator resourceArn(Validator v, String arn) {
        return v.string("resourceARN", arn, true, 1, KinesisRules.MAX_ARN_LENGTH, KinesisRules.RESOURCE_ARN);
    }

    private Stream resource(RequestContext ctx, String arn) {
        if (StreamArns.parse(arn) == null) {
            throw ApiException.resourceNotFound("Resource " + arn + " not found.");
        }
        return locator.require(ctx, null, arn);
    }

    private void addTags(RequestContext ctx, Stream stream, Map<String, String> tags) {
        TagRules.checkPerCall(stream.name(), tags.size(), ctx);
        TagRules.checkCharacters(tags.keySet(), tags.values());
        stream.locked(() -> {
            checkNotDeleting(ctx, stream);
            Map<String, String> merged = new LinkedHashMap<>(stream.metadata().tags());
            merged.putAll(tags);
            TagRules.checkTotal(stream.name(), merged.size(), ctx);
            return stream.update(m -> m.toBuilder().tags(merged).build(), locator.registry().storage());
        });
    }

    private void removeTags(RequestContext ctx, Stream stream, List<String> keys) {
        TagRules.checkCharacters(keys, List.of());
        stream.locked(() -> {
            checkNotDeleting(ctx, stream);
            Map<String, String> remaining = new LinkedHashMap<>(stream.metadata().tags());
            keys.forEach(remaining::remove);
            return stream.update(m -> m.toBuilder().tags(remaining).build(), locator.registry().storage());
        });
    }

    private static void checkNotDeleting(RequestContext ctx, Stream stream) {
        StreamStatus status = stream.status(ctx.now().toEpochMilli());
        if (status == StreamStatus.DELETING) {
            throw StreamLocator.notActive(stream, status, ctx);
        }
    }
}
