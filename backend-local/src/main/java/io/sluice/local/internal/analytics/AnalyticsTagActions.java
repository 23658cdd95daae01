package io.sluice.local.internal.analytics;

import io.sluice.local.internal.analytics.model.AnalyticsModel.ListTagsRequest;
import io.sluice.local.internal.analytics.model.AnalyticsModel.ListTagsResponse;
import io.sluice.local.internal.analytics.model.AnalyticsModel.TagResourceRequest;
import io.sluice.local.internal.analytics.model.AnalyticsModel.UntagResourceRequest;
import io.sluice.local.internal.analytics.model.Shapes.Tag;
import io.sluice.local.internal.api.NoContent;
import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.ErrorCode;
import io.sluice.local.internal.protocol.Validator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** TagResource, UntagResource and ListTagsForResource on application ARNs. Tags do not change the version. */
final class AnalyticsTagActions {

    private final ApplicationRegistry registry;

    AnalyticsTagActions(ApplicationRegistry registry) {
        this.registry = registry;
    }

    private static Validator arn(String arn) {
        return new Validator().string("resourceARN", arn, true, 1, 2048, AnalyticsRules.APPLICATION_ARN);
    }

    /** The application an ARN names, in the caller's region and account. */
    private static String name(RequestContext ctx, String arn) {
        String prefix = "arn:aws:kinesisanalytics:" + ctx.region() + ":" + ctx.accountId() + ":application/";
        if (!arn.startsWith(prefix)) {
            throw ApiException.resourceNotFound("Application " + arn + " not found.");
        }
        return arn.substring(prefix.length());
    }

    NoContent tag(RequestContext ctx, TagResourceRequest in) {
        AnalyticsRules.tags(arn(in.resourceArn()), "tags", in.tags(), true).throwIfInvalid();
        Map<String, String> added = ApplicationActions.tags(in.tags());
        registry.change(ctx, name(ctx, in.resourceArn()), state -> {
            Map<String, String> tags = new LinkedHashMap<>(state.tags());
            tags.putAll(added);
            if (tags.size() > ApplicationActions.MAX_USER_TAGS) {
                throw new ApiException(ErrorCode.TOO_MANY_TAGS, "Application " + state.name() + " would have "
                        + tags.size() + " tags; at most " + ApplicationActions.MAX_USER_TAGS
                        + " user-defined tags are allowed.");
            }
            return state.withTags(tags);
        });
        return NoContent.INSTANCE;
    }

    NoContent untag(RequestContext ctx, UntagResourceRequest in) {
        Validator v = arn(in.resourceArn()).list("tagKeys", in.tagKeys(), true, 1, 200, null);
        if (in.tagKeys() != null) {
            v.stringElements("tagKeys", in.tagKeys(), 1, 128);
        }
        v.throwIfInvalid();
        registry.change(ctx, name(ctx, in.resourceArn()), state -> {
            Map<String, String> tags = new LinkedHashMap<>(state.tags());
            in.tagKeys().forEach(tags::remove);
            return state.withTags(tags);
        });
        return NoContent.INSTANCE;
    }

    ListTagsResponse list(RequestContext ctx, ListTagsRequest in) {
        arn(in.resourceArn()).throwIfInvalid();
        ApplicationState state = registry.require(ctx, name(ctx, in.resourceArn()));
        List<Tag> tags = state.tags().entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
        return new ListTagsResponse(tags);
    }
}
