package io.sluice.local.internal.streams;

import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.storage.ShardMetadata;

/**
 * The account's limit on open shards per region, checked before a stream is created. Callers that create shards
 * synchronize on this object so two creations cannot both pass the check. Thread-safe under that rule.
 */
public final class ShardLimit {

    /** AWS's default quota in its largest regions. */
    public static final int DEFAULT_LIMIT = 20_000;

    private final StreamRegistry registry;
    private final int limit;

    public ShardLimit(StreamRegistry registry, int limit) {
        this.registry = registry;
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    /** The open shards of every stream in the request's region. */
    public int openShards(RequestContext ctx) {
        int open = 0;
        for (Stream stream : registry.list(ctx.region(), ctx.now().toEpochMilli())) {
            for (ShardMetadata shard : stream.metadata().shards()) {
                if (shard.isOpen()) {
                    open++;
                }
            }
        }
        return open;
    }

    /** Throws LimitExceededException when {@code additional} more open shards would pass the limit. */
    public void check(RequestContext ctx, int additional) {
        int open = openShards(ctx);
        if ((long) open + additional > limit) {
            throw ApiException.limitExceeded("This request would exceed the shard limit for the account "
                    + ctx.accountId() + " in " + ctx.region() + ". Current shard count for the account: " + open
                    + ". Limit: " + limit + ". Number of additional shards that would have resulted from this request: "
                    + additional + ". Refer to the AWS Service Limits page "
                    + "(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and "
                    + "how to request higher limits.");
        }
    }
}
