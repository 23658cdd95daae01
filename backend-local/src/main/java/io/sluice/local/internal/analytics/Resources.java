package io.sluice.local.internal.analytics;

import io.sluice.local.internal.api.RequestContext;

/** Whether the data streams and delivery streams an application names exist in this backend. Thread-safe. */
public interface Resources {

    boolean streamExists(RequestContext ctx, String streamArn);

    boolean deliveryStreamExists(RequestContext ctx, String deliveryStreamArn);
}
