package io.sluice.local.internal.firehose;

import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.Validator;
import java.util.regex.Pattern;

/** Finds the delivery stream a request names, and words "not found" as AWS does. Thread-safe. */
final class FirehoseLocator {

    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");

    private final DeliveryStreamRegistry registry;

    FirehoseLocator(DeliveryStreamRegistry registry) {
        this.registry = registry;
    }

    DeliveryStreamRegistry registry() {
        return registry;
    }

    static Validator name(Validator v, String name) {
        return v.string("deliveryStreamName", name, true, 1, 64, NAME);
    }

    /** The named stream in any status, or ResourceNotFoundException. */
    DeliveryStream require(RequestContext ctx, String name) {
        DeliveryStream stream = registry.find(ctx.region(), name);
        if (stream == null) {
            throw notFound(ctx, name);
        }
        return stream;
    }

    /** The named stream if it is ACTIVE, or ResourceNotFoundException (a stream being created or deleted). */
    DeliveryStream requireActive(RequestContext ctx, String name) {
        DeliveryStream stream = require(ctx, name);
        if (!"ACTIVE".equals(stream.status(ctx.now().toEpochMilli(), registry.createDelay().toMillis()))) {
            throw ApiException.resourceNotFound("Firehose " + name + " under account " + ctx.accountId()
                    + " is not ACTIVE.");
        }
        return stream;
    }

    static ApiException notFound(RequestContext ctx, String name) {
        return ApiException.resourceNotFound("Firehose " + name + " under account " + ctx.accountId()
                + " not found.");
    }
}
