package io.sluice.local.internal.streams;

import io.sluice.local.internal.api.NoContent;
import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.ErrorCode;
import io.sluice.local.internal.protocol.Validator;
import io.sluice.local.internal.storage.ShardMetadata;
import io.sluice.local.internal.storage.StreamMetadata;
import io.sluice.local.internal.streams.model.ReshardActionsModel.MergeShardsRequest;
import io.sluice.local.internal.streams.model.ReshardActionsModel.SplitShardRequest;
import io.sluice.local.internal.streams.model.ReshardActionsModel.UpdateShardCountRequest;
import io.sluice.local.internal.streams.model.ReshardActionsModel.UpdateShardCountResponse;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;

/**
 * SplitShard, MergeShards and UpdateShardCount. Each closes parent shards (which stay readable until their records
 * expire), opens children that name their parents, and leaves the stream UPDATING for the update delay, during
 * which further resharding is refused as AWS refuses it. Thread-safe: checks and the change run under the stream's
 * lock and the shard limit's monitor.
 */
public final class ReshardActions {

    /** UpdateShardCount calls allowed per stream in any rolling day. */
    static final int SHARD_COUNT_UPDATES_PER_DAY = 10;
    /** The most shards UpdateShardCount scales a stream to. */
    static final int MAX_UNIFORM_SHARDS = 10_000;

    private final StreamLocator locator;
    private final AccountLimits limits;
    private final Duration updateDelay;

    public ReshardActions(StreamLocator locator, AccountLimits limits, Duration updateDelay) {
        this.locator = locator;
        this.limits = limits;
        this.updateDelay = updateDelay;
    }

    public NoContent splitShard(RequestContext ctx, SplitShardRequest in) {
        Validator v = KinesisRules.shardId(new Validator(), "shardToSplit", in.shardToSplit(), true)
                .pattern("newStartingHashKey", in.newStartingHashKey(), true, KinesisRules.HASH_KEY);
        KinesisRules.streamNameAndArn(v, in.streamName(), in.streamArn()).throwIfInvalid();
        Stream stream = locator.require(ctx, in.streamName(), in.streamArn());
        change(ctx, stream, m -> 1, m -> {
            ShardMetadata parent = openShard(stream, in.shardToSplit(), ctx);
            BigInteger newStart = new BigInteger(in.newStartingHashKey());
            BigInteger start = Resharding.start(parent);
            BigInteger end = Resharding.end(parent);
            if (newStart.compareTo(start.add(BigInteger.ONE)) <= 0 || newStart.compareTo(end) >= 0) {
                throw ApiException.invalidArgument("NewStartingHashKey " + in.newStartingHashKey()
                        + " used in SplitShard() on shard " + in.shardToSplit() + " in stream " + stream.name()
                        + " under account " + ctx.accountId() + " is not both greater than one plus the shard's "
                        + "StartingHashKey " + start + " and less than the shard's EndingHashKey " + end + ".");
            }
            return m.toBuilder().shards(Resharding.split(m.shards(), parent.index(), newStart,
                    ctx.now().toEpochMilli(), index -> stream.log(index).endPosition()));
        });
        return NoContent.INSTANCE;
    }

    public NoContent mergeShards(RequestContext ctx, MergeShardsRequest in) {
        Validator v = KinesisRules.shardId(new Validator(), "shardToMerge", in.shardToMerge(), true);
        KinesisRules.shardId(v, "adjacentShardToMerge", in.adjacentShardToMerge(), true);
        KinesisRules.streamNameAndArn(v, in.streamName(), in.streamArn()).throwIfInvalid();
        Stream stream = locator.require(ctx, in.streamName(), in.streamArn());
        change(ctx, stream, m -> -1, m -> {
            ShardMetadata shard = openShard(stream, in.shardToMerge(), ctx);
            ShardMetadata adjacent = openShard(stream, in.adjacentShardToMerge(), ctx);
            if (shard.index() == adjacent.index() || !Resharding.adjacent(shard, adjacent)) {
                throw ApiException.invalidArgument("Shards " + in.shardToMerge() + " and "
                        + in.adjacentShardToMerge() + " in stream " + stream.name() + " under account "
                        + ctx.accountId() + " are not an adjacent pair of shards eligible for merging");
            }
            return m.toBuilder().shards(Resharding.merge(m.shards(), shard.index(), adjacent.index(),
                    ctx.now().toEpochMilli(), index -> stream.log(index).endPosition()));
        });
        return NoContent.INSTANCE;
    }

    public UpdateShardCountResponse updateShardCount(RequestContext ctx, UpdateShardCountRequest in) {
        Validator v = new Validator().integer("targetShardCount", in.targetShardCount(), true, 1, Integer.MAX_VALUE)
                .enumeration("scalingType", in.scalingType(), true, List.of("UNIFORM_SCALING"));
        KinesisRules.streamNameAndArn(v, in.streamName(), in.streamArn()).throwIfInvalid();
        Stream stream = locator.require(ctx, in.streamName(), in.streamArn());
        int target = in.targetShardCount();
        String prefix = "UpdateShardCount request for stream " + stream.name() + " under account " + ctx.accountId();
        long now = ctx.now().toEpochMilli();
        int[] current = new int[1];
        change(ctx, stream, m -> target - m.openShards().size(), m -> {
            int open = m.openShards().size();
            current[0] = open;
            if (m.streamMode().equals("ON_DEMAND")) {
                throw new ApiException(ErrorCode.VALIDATION, "Request is invalid. Stream " + stream.name()
                        + " under account " + ctx.accountId() + " is in On-Demand mode.");
            }
            String counts = " Current open shard count: " + open + ", Target shard count: " + target;
            if (target > 2 * open) {
                throw ApiException.limitExceeded(
                        "UpdateShardCount cannot scale up over double your current open shard count." + counts);
            }
            if (target < (open + 1) / 2) {
                throw ApiException.limitExceeded(
                        "UpdateShardCount cannot scale down below half your current open shard count." + counts);
            }
            if (target > MAX_UNIFORM_SHARDS) {
                throw ApiException.limitExceeded("Target shard count or number of open shards cannot be greater than "
                        + MAX_UNIFORM_SHARDS + "." + counts);
            }
            if (target == open) {
                throw ApiException.invalidArgument(prefix + " asks for its current open shard count." + counts);
            }
            List<Long> recent = RollingDay.recent(m.shardCountUpdatesMillis(), now);
            if (recent.size() >= SHARD_COUNT_UPDATES_PER_DAY) {
                throw ApiException.limitExceeded(prefix + " exceeds the limit of " + SHARD_COUNT_UPDATES_PER_DAY
                        + " UpdateShardCount calls in a rolling 24-hour period.");
            }
            recent.add(now);
            return m.toBuilder().shardCountUpdates(recent).shards(Resharding.uniform(m.shards(), target, now,
                    index -> stream.log(index).endPosition()));
        });
        return new UpdateShardCountResponse(stream.name(), current[0], target, stream.arn());
    }

    /**
     * Applies a topology change to an ACTIVE stream, checking the open shards it adds against the shard limit under
     * the limit's monitor, so concurrent creations and reshards cannot pass the limit together.
     */
    private void change(RequestContext ctx, Stream stream, ToIntFunction<StreamMetadata> additionalOpenShards,
            Function<StreamMetadata, StreamMetadata.Builder> topology) {
        long now = ctx.now().toEpochMilli();
        synchronized (limits) {
            UnaryOperator<StreamMetadata> apply = m -> {
                StreamStatus status = StreamStatus.of(m, now);
                if (status != StreamStatus.ACTIVE) {
                    throw StreamLocator.notActive(stream, status, ctx);
                }
                StreamMetadata.Builder changed = topology.apply(m);
                int added = additionalOpenShards.applyAsInt(m);
                if (added > 0) {
                    limits.checkShards(ctx, added);
                }
                return changed.updatingUntil(now + updateDelay.toMillis()).build();
            };
            stream.reshard(apply, locator.registry().storage());
        }
    }

    /** The named shard of the stream if it exists and is open. */
    private static ShardMetadata openShard(Stream stream, String shardId, RequestContext ctx) {
        int index = ShardIds.parse(shardId);
        ShardMetadata shard = index < 0 ? null : stream.shard(index);
        if (shard == null) {
            throw ApiException.resourceNotFound("Could not find shard " + shardId + " in stream " + stream.name()
                    + " under account " + ctx.accountId() + ".");
        }
        if (!shard.isOpen()) {
            throw ApiException.invalidArgument("Shard " + shardId + " in stream " + stream.name() + " under account "
                    + ctx.accountId() + " has already been merged or split, and thus is not eligible for merging or "
                    + "splitting.");
        }
        return shard;
    }
}
