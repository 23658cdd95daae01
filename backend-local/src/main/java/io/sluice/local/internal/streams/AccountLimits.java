package io.sluice.local.internal.streams;

import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.storage.ShardMetadata;

/**
 * The account's quotas per region: open shards, and ON_DEMAND streams. Callers that create shards or streams
 * synchronize on this object so two creations cannot both pass a check. Thread-safe under that rule.
 */
public final class AccountLimits {

    /** AWS's default shard quota in its largest regions. */
    public static final int DEFAULT_SHARD_LIMIT = 20_000;
    /** AWS's default quota of ON_DEMAND streams. */
    public static final int DEFAULT_ON_DEMAND_STREAM_LIMIT = 50;

    private final StreamRegistry registry;
    private final int limit;
    private final int onDemandStreamLimit;

    public AccountLimits(StreamRegistry registry, int shardLimit, int onDemandStreamLimit) {
        this.registry = registry;
        this.limit = shardLimit;
        this.onDemandStreamLimit = onDemandStreamLimit;
    }

    public int shardLimit() {
        return limit;
    }

    public int onDemandStreamLimit() {
        return onDemandStreamLimit;
    }

    /** The ON_DEMAND streams of the request's region that are not being deleted. */
    public int onDemandStreams(RequestContext ctx) {
        int count = 0;
        for (Stream stream : registry.list(ctx.region(), ctx.now().toEpochMilli())) {
            if (stream.metadata().streamMode().equals("ON_DEMAND") && stream.metadata().deleteRequestedAtMillis() == null) {
                count++;
            }
        }
        return count;
    }

    /** Throws LimitExceededException when one more ON_DEMAND stream would pass the quota. */
    public void checkOnDemandStreams(RequestContext ctx) {
        int count = onDemandStreams(ctx);
        if (count + 1 > onDemandStreamLimit) {
            throw ApiException.limitExceeded("This request would exceed the limit on the number of On-Demand streams "
                    + "for the account " + ctx.accountId() + " in " + ctx.region() + ". Current On-Demand streams count: "
                    + count + ". Limit: " + onDemandStreamLimit + ".");
        }
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
    public void checkShards(RequestContext ctx, int additional) {
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
