package io.sluice.local.internal.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.local.internal.api.NoContent;
import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.Validator;
import io.sluice.local.internal.storage.ConsumerMetadata;
import io.sluice.local.internal.storage.StreamMetadata;
import io.sluice.local.internal.streams.model.PolicyActionsModel.GetResourcePolicyResponse;
import io.sluice.local.internal.streams.model.PolicyActionsModel.PutResourcePolicyRequest;
import io.sluice.local.internal.streams.model.PolicyActionsModel.ResourcePolicyRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * PutResourcePolicy, GetResourcePolicy and DeleteResourcePolicy on streams and consumers. Policies are stored and
 * returned as given; the backend does not evaluate them (it has no IAM), but it rejects documents that are not
 * JSON objects. Thread-safe: changes run under the stream's lock.
 */
public final class ResourcePolicyActions {

    /** What GetResourcePolicy answers for a resource with no policy. */
    static final String NO_POLICY = "{}";
    /** The largest policy document AWS takes. */
    static final int MAX_POLICY_CHARS = 20_480;

    private final StreamLocator streams;
    private final ConsumerLocator consumers;
    private final ObjectMapper json = new ObjectMapper();

    public ResourcePolicyActions(StreamLocator streams, ConsumerLocator consumers) {
        this.streams = streams;
        this.consumers = consumers;
    }

    public NoContent putResourcePolicy(RequestContext ctx, PutResourcePolicyRequest in) {
        resourceArn(in.resourceArn()).string("policy", in.policy(), true, 0, Integer.MAX_VALUE, null)
                .throwIfInvalid();
        checkDocument(in.policy());
        change(ctx, in.resourceArn(), true, in.policy());
        return NoContent.INSTANCE;
    }

    public GetResourcePolicyResponse getResourcePolicy(RequestContext ctx, ResourcePolicyRequest in) {
        resourceArn(in.resourceArn()).throwIfInvalid();
        String policy;
        if (ConsumerArns.parse(in.resourceArn()) != null) {
            policy = consumers.require(ctx, null, null, in.resourceArn()).consumer().resourcePolicy();
        } else {
            policy = stream(ctx, in.resourceArn()).metadata().resourcePolicy();
        }
        return new GetResourcePolicyResponse(policy == null ? NO_POLICY : policy);
    }

    public NoContent deleteResourcePolicy(RequestContext ctx, ResourcePolicyRequest in) {
        resourceArn(in.resourceArn()).throwIfInvalid();
        change(ctx, in.resourceArn(), false, null);
        return NoContent.INSTANCE;
    }

    /** Sets ({@code put}) or removes the policy of a stream or consumer. */
    private void change(RequestContext ctx, String arn, boolean put, String policy) {
        if (ConsumerArns.parse(arn) != null) {
            ConsumerLocator.Found found = consumers.require(ctx, null, null, arn);
            long now = ctx.now().toEpochMilli();
            if (put && found.status(now) != ConsumerStatus.ACTIVE) {
                ConsumerMetadata c = found.consumer();
                throw ApiException.resourceInUse("Consumer " + c.name() + " with creation timestamp "
                        + c.arnSeconds() + " under stream " + found.stream().name() + " and account "
                        + ctx.accountId() + " is not in ACTIVE status.");
            }
            update(found.stream(), m -> {
                List<ConsumerMetadata> changed = new ArrayList<>();
                for (ConsumerMetadata c : m.consumers()) {
                    boolean target = c.name().equals(found.consumer().name())
                            && c.arnSeconds() == found.consumer().arnSeconds();
                    if (target && !put && c.resourcePolicy() == null) {
                        throw noPolicy(arn);
                    }
                    changed.add(target ? c.withResourcePolicy(policy) : c);
                }
                return m.toBuilder().consumers(changed).build();
            });
            return;
        }
        Stream stream = stream(ctx, arn);
        update(stream, m -> {
            if (!put && m.resourcePolicy() == null) {
                throw noPolicy(arn);
            }
            return m.toBuilder().resourcePolicy(policy).build();
        });
    }

    private void update(Stream stream, UnaryOperator<StreamMetadata> change) {
        stream.update(change, streams.registry().storage());
    }

    private Stream stream(RequestContext ctx, String arn) {
        if (StreamArns.parse(arn) == null) {
            throw ApiException.resourceNotFound("Resource " + arn + " not found.");
        }
        return streams.require(ctx, null, arn);
    }

    private void checkDocument(String policy) {
        if (!io.sluice.local.internal.protocol.Unicode.wellFormed(policy)) {
            throw ApiException.invalidArgument("Policy is not valid Unicode.");
        }
        if (policy.length() > MAX_POLICY_CHARS) {
            throw ApiException.invalidArgument("Policy is larger than the maximum of " + MAX_POLICY_CHARS
                    + " characters.");
        }
        JsonNode document;
        try {
            document = json.readTree(policy);
        } catch (JsonProcessingException e) {
            throw ApiException.invalidArgument("Policy is not a valid JSON document: " + e.getOriginalMessage());
        }
        if (document == null || !document.isObject() || !document.has("Statement")) {
            throw ApiException.invalidArgument("Policy must be a JSON object with a Statement.");
        }
    }

    private static ApiException noPolicy(String arn) {
        return ApiException.resourceNotFound("No resource policy found for resource ARN " + arn + ".");
    }

    private static Validator resourceArn(String arn) {
        return new Validator().string("resourceARN", arn, true, 1, KinesisRules.MAX_ARN_LENGTH,
                KinesisRules.RESOURCE_ARN);
    }
}
