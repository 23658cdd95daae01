package io.sluice.local.internal.streams;

import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.ErrorCode;

/**
 * Per-shard throughput limits of PROVISIONED streams, switched on or off for the whole backend. ON_DEMAND streams
 * are not limited per shard (AWS scales them by itself). Thread-safe.
 */
public final class ThroughputLimits {

    private final boolean enabled;

    public ThroughputLimits(boolean enabled) {
        this.enabled = enabled;
    }

    /** The shard's throttle, or {@code null} when the stream is not limited. */
    ShardThrottle of(Stream stream, int shardIndex) {
        if (!enabled || !"PROVISIONED".equals(stream.metadata().streamMode())) {
            return null;
        }
        return stream.throttle(shardIndex);
    }

    /** The error of a write over a shard's limit, as PutRecord throws it and PutRecords reports it per record. */
    static String writeExceeded(Stream stream, int shardIndex, RequestContext ctx) {
        return "Rate exceeded for shard " + stream.shardId(shardIndex) + " in stream " + stream.name()
                + " under account " + ctx.accountId() + ".";
    }

    /** The error of a GetRecords call over a shard's limit, in AWS's current wording. */
    static ApiException readExceeded(Stream stream, int shardIndex, RequestContext ctx) {
        return new ApiException(ErrorCode.PROVISIONED_THROUGHPUT_EXCEEDED, "Rate exceeded for Shard - "
                + ctx.accountId() + "/" + stream.name() + "/" + stream.shardId(shardIndex));
    }
}
