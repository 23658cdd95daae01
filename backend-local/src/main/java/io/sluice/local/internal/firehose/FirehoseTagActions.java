package io.sluice.local.internal.firehose;

import io.sluice.local.internal.api.NoContent;
import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.api.TagPage;
import io.sluice.local.internal.firehose.model.DestinationModel.Tag;
import io.sluice.local.internal.firehose.model.FirehoseModel.ListTagsForDeliveryStreamRequest;
import io.sluice.local.internal.firehose.model.FirehoseModel.ListTagsForDeliveryStreamResponse;
import io.sluice.local.internal.firehose.model.FirehoseModel.StartEncryptionRequest;
import io.sluice.local.internal.firehose.model.FirehoseModel.StopEncryptionRequest;
import io.sluice.local.internal.firehose.model.FirehoseModel.TagDeliveryStreamRequest;
import io.sluice.local.internal.firehose.model.FirehoseModel.UntagDeliveryStreamRequest;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.Validator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tag/Untag/ListTagsForDeliveryStream and Start/StopDeliveryStreamEncryption. Thread-safe. */
final class FirehoseTagActions {

    private final FirehoseLocator locator;

    FirehoseTagActions(FirehoseLocator locator) {
        this.locator = locator;
    }

    NoContent tag(RequestContext ctx, TagDeliveryStreamRequest in) {
        FirehoseTags.validate(FirehoseLocator.name(new Validator(), in.deliveryStreamName()), "tags", in.tags(),
                true).throwIfInvalid();
        DeliveryStream stream = locator.require(ctx, in.deliveryStreamName());
        synchronized (stream.lock()) {
            Map<String, String> tags = new LinkedHashMap<>(stream.state().tags());
            for (Tag tag : in.tags()) {
                tags.put(tag.key(), tag.value() == null ? "" : tag.value());
            }
            if (tags.size() > FirehoseTags.LIMIT) {
                throw ApiException.limitExceeded("The delivery stream " + in.deliveryStreamName() + " would have "
                        + tags.size() + " tags; at most " + FirehoseTags.LIMIT + " are allowed.");
            }
            locator.registry().save(stream, stream.state().withTags(tags));
        }
        return NoContent.INSTANCE;
    }

    NoContent untag(RequestContext ctx, UntagDeliveryStreamRequest in) {
        FirehoseTags.keys(FirehoseLocator.name(new Validator(), in.deliveryStreamName()), in.tagKeys())
                .throwIfInvalid();
        DeliveryStream stream = locator.require(ctx, in.deliveryStreamName());
        synchronized (stream.lock()) {
            Map<String, String> tags = new LinkedHashMap<>(stream.state().tags());
            in.tagKeys().forEach(tags::remove);
            locator.registry().save(stream, stream.state().withTags(tags));
        }
        return NoContent.INSTANCE;
    }

    ListTagsForDeliveryStreamResponse list(RequestContext ctx, ListTagsForDeliveryStreamRequest in) {
        FirehoseLocator.name(new Validator(), in.deliveryStreamName())
                .string("exclusiveStartTagKey", in.exclusiveStartTagKey(), false, 1, 128, null)
                .integer("limit", in.limit(), false, 1, 50).throwIfInvalid();
        DeliveryStream stream = locator.require(ctx, in.deliveryStreamName());
        int limit = in.limit() == null ? FirehoseTags.LIMIT : in.limit();
        TagPage<Tag> page = TagPage.of(stream.state().tags(), in.exclusiveStartTagKey(), limit, Tag::new);
        return new ListTagsForDeliveryStreamResponse(page.tags(), page.more());
    }

    NoContent startEncryption(RequestContext ctx, StartEncryptionRequest in) {
        FirehoseTags.encryption(FirehoseLocator.name(new Validator(), in.deliveryStreamName()),
                "deliveryStreamEncryptionConfigurationInput", in.encryptionInput()).throwIfInvalid();
        DeliveryStream stream = locator.requireActive(ctx, in.deliveryStreamName());
        if (stream.state().readsStream()) {
            throw ApiException.invalidArgument("Server-side encryption is not supported for a delivery stream "
                    + "whose source is a Kinesis data stream.");
        }
        DeliveryStreamState.Encryption encryption = in.encryptionInput() == null
                ? new DeliveryStreamState.Encryption("AWS_OWNED_CMK", null, "ENABLED")
                : FirehoseTags.encryption(in.encryptionInput());
        synchronized (stream.lock()) {
            locator.registry().save(stream, stream.state().withEncryption(encryption));
        }
        return NoContent.INSTANCE;
    }

    NoContent stopEncryption(RequestContext ctx, StopEncryptionRequest in) {
        FirehoseLocator.name(new Validator(), in.deliveryStreamName()).throwIfInvalid();
        DeliveryStream stream = locator.requireActive(ctx, in.deliveryStreamName());
        synchronized (stream.lock()) {
            DeliveryStreamState.Encryption current = stream.state().encryption();
            locator.registry().save(stream, stream.state().withEncryption(new DeliveryStreamState.Encryption(
                    current == null ? null : current.keyType(), current == null ? null : current.keyArn(),
                    "DISABLED")));
        }
        return NoContent.INSTANCE;
    }
}
