package io.sluice.local.internal.streams;

import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.Validator;
import io.sluice.local.internal.storage.ShardMetadata;
import io.sluice.local.internal.streams.model.Shapes.ShardFilter;
import io.sluice.local.internal.streams.model.StreamActionsModel.ListShardsRequest;
import io.sluice.local.internal.streams.model.StreamActionsModel.ListShardsResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * ListShards: pages of a stream's shards, filtered by ShardFilter, continued by expiring NextTokens. This is how
 * the KCL discovers shards, so it must be exact. Thread-safe.
 */
public final class ShardListing {

    /** At most this many shards come back in one page. */
    static final int MAX_PAGE = 1000;

    private final StreamLocator locator;
    private final PageTokens tokens;

    public ShardListing(StreamLocator locator, PageTokens tokens) {
        this.locator = locator;
        this.tokens = tokens;
    }

    public ListShardsResponse listShards(RequestContext ctx, ListShardsRequest in) {
        Validator v = new Validator().integer("maxResults", in.maxResults(), false, 1, 10_000);
        KinesisRules.shardId(v, "exclusiveStartShardId", in.exclusiveStartShardId(), false);
        KinesisRules.streamNameAndArn(v, in.streamName(), in.streamArn())
                .string("nextToken", in.nextToken(), false, 1, 1_048_576, null);
        if (in.shardFilter() != null) {
            v.enumeration("shardFilter.type", in.shardFilter().type(), true, KinesisRules.SHARD_FILTER_TYPES);
            KinesisRules.shardId(v, "shardFilter.shardId", in.shardFilter().shardId(), false);
        }
        v.throwIfInvalid();

        PageTokens.ShardsPage page = in.nextToken() != null ? continued(ctx, in) : first(ctx, in);
        Stream stream = locator.registry().find(page.region(), page.streamName(), ctx.now().toEpochMilli());
        if (stream == null || stream.metadata().createdAtMillis() != page.streamCreatedAtMillis()) {
            throw ApiException.resourceNotFound(StreamLocator.notFound(page.streamName(), ctx));
        }
        StreamStatus status = stream.status(ctx.now().toEpochMilli());
        if (status == StreamStatus.CREATING) {
            throw StreamLocator.notActive(stream, status, ctx);
        }
        int limit = Math.min(in.maxResults() == null ? MAX_PAGE : in.maxResults(), MAX_PAGE);
        List<ShardMetadata> matching = new ArrayList<>();
        boolean more = false;
        for (ShardMetadata shard : ShardViews.unexpired(stream, ctx.now().toEpochMilli())) {
            if (shard.index() <= page.afterShardIndex() || !matches(shard, page, stream, ctx)) {
                continue;
            }
            if (matching.size() == limit) {
                more = true;
                break;
            }
            matching.add(shard);
        }
        String next = null;
        if (more) {
            next = tokens.shardsToken(new PageTokens.ShardsPage(page.region(), page.streamName(),
                    page.streamCreatedAtMillis(), matching.get(matching.size() - 1).index(), page.filterType(),
                    page.filterShardId(), page.filterTimestampMillis()), ctx);
        }
        return new ListShardsResponse(ShardViews.shapes(stream, matching), next);
    }

    private PageTokens.ShardsPage continued(RequestContext ctx, ListShardsRequest in) {
        if (in.streamName() != null) {
            throw ApiException.invalidArgument("NextToken and StreamName cannot be provided together.");
        }
        if (in.streamArn() != null) {
            throw ApiException.invalidArgument("NextToken and StreamARN cannot be provided together.");
        }
        if (in.exclusiveStartShardId() != null) {
            throw ApiException.invalidArgument("NextToken and ExclusiveStartShardId cannot be provided together.");
        }
        if (in.shardFilter() != null) {
            throw ApiException.invalidArgument("NextToken and ShardFilter cannot be provided together.");
        }
        if (in.streamCreationTimestamp() != null) {
            throw ApiException.invalidArgument(
                    "NextToken and StreamCreationTimestamp cannot be provided together.");
        }
        return tokens.openShardsToken(in.nextToken(), ctx);
    }

    private PageTokens.ShardsPage first(RequestContext ctx, ListShardsRequest in) {
        if (in.streamName() == null && in.streamArn() == null) {
            throw ApiException.invalidArgument("Either NextToken or StreamName should be provided.");
        }
        Stream stream = locator.require(ctx, in.streamName(), in.streamArn());
        if (in.streamCreationTimestamp() != null
                && in.streamCreationTimestamp().toEpochMilli() != stream.metadata().createdAtMillis()) {
            throw ApiException.resourceNotFound(StreamLocator.notFound(stream.name(), ctx));
        }
        int after = -1;
        if (in.exclusiveStartShardId() != null) {
            after = afterIndex(in.exclusiveStartShardId());
        }
        ShardFilter filter = in.shardFilter();
        String type = null;
        String filterShardId = null;
        Long timestamp = null;
        if (filter != null) {
            type = filter.type();
            filterShardId = filter.shardId();
            timestamp = filter.timestamp() == null ? null : filter.timestamp().toEpochMilli();
            checkFilter(type, filterShardId, timestamp);
            if (type.equals("AFTER_SHARD_ID")) {
                after = Math.max(after, afterIndex(filterShardId));
            }
        }
        return new PageTokens.ShardsPage(stream.metadata().region(), stream.name(),
                stream.metadata().createdAtMillis(), after, type, filterShardId, timestamp);
    }

    private static void checkFilter(String type, String shardId, Long timestamp) {
        boolean needsShard = type.equals("AFTER_SHARD_ID");
        boolean needsTime = type.equals("AT_TIMESTAMP") || type.equals("FROM_TIMESTAMP");
        if (needsShard && shardId == null) {
            throw ApiException.invalidArgument("ShardId must be provided in a ShardFilter of type AFTER_SHARD_ID.");
        }
        if (!needsShard && shardId != null) {
            throw ApiException.invalidArgument("ShardId can only be provided in a ShardFilter of type AFTER_SHARD_ID.");
        }
        if (needsTime && timestamp == null) {
            throw ApiException.invalidArgument(
                    "Timestamp must be provided in a ShardFilter of type AT_TIMESTAMP or FROM_TIMESTAMP.");
        }
        if (!needsTime && timestamp != null) {
            throw ApiException.invalidArgument(
                    "Timestamp can only be provided in a ShardFilter of type AT_TIMESTAMP or FROM_TIMESTAMP.");
        }
    }

    /** Shards after an id: an id that names no shard number sorts before every shard. */
    private static int afterIndex(String shardId) {
        return ShardIds.parse(shardId);
    }

    private static boolean matches(ShardMetadata shard, PageTokens.ShardsPage page, Stream stream,
            RequestContext ctx) {
        if (page.filterType() == null) {
            return true;
        }
        long now = ctx.now().toEpochMilli();
        long trimHorizon = now - Duration.ofHours(stream.metadata().retentionHours()).toMillis();
        long created = stream.metadata().createdAtMillis();
        switch (page.filterType()) {
            case "AT_LATEST":
                return shard.isOpen();
            case "AT_TRIM_HORIZON":
                return openAt(shard, Math.max(trimHorizon, created));
            case "AT_TIMESTAMP":
                return openAt(shard, Math.max(page.filterTimestampMillis(), created));
            case "FROM_TIMESTAMP":
                return shard.isOpen() || shard.closedAtMillis() >= page.filterTimestampMillis();
            default:
                // FROM_TRIM_HORIZON and AFTER_SHARD_ID: every unexpired shard (after the id).
                return true;
        }
    }

    private static boolean openAt(ShardMetadata shard, long atMillis) {
        return shard.createdAtMillis() <= atMillis && (shard.isOpen() || shard.closedAtMillis() > atMillis);
    }
}
