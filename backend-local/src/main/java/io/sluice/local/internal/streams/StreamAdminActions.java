package io.sluice.local.internal.streams;

import io.sluice.local.internal.api.NoContent;
import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.ErrorCode;
import io.sluice.local.internal.protocol.Validator;
import io.sluice.local.internal.storage.ShardMetadata;
import io.sluice.local.internal.storage.StreamMetadata;
import io.sluice.local.internal.streams.model.Shapes;
import io.sluice.local.internal.streams.model.Shapes.EnhancedMetrics;
import io.sluice.local.internal.streams.model.Shapes.StreamModeDetails;
import io.sluice.local.internal.streams.model.StreamActionsModel.CreateStreamRequest;
import io.sluice.local.internal.streams.model.StreamActionsModel.DeleteStreamRequest;
import io.sluice.local.internal.streams.model.StreamActionsModel.DescribeStreamRequest;
import io.sluice.local.internal.streams.model.StreamActionsModel.DescribeStreamResponse;
import io.sluice.local.internal.streams.model.StreamActionsModel.DescribeStreamSummaryRequest;
import io.sluice.local.internal.streams.model.StreamActionsModel.DescribeStreamSummaryResponse;
import io.sluice.local.internal.streams.model.StreamActionsModel.ListStreamsRequest;
import io.sluice.local.internal.streams.model.StreamActionsModel.ListStreamsResponse;
import io.sluice.local.internal.streams.model.StreamActionsModel.RetentionPeriodRequest;
import io.sluice.local.internal.streams.model.StreamActionsModel.StreamDescription;
import io.sluice.local.internal.streams.model.StreamActionsModel.StreamDescriptionSummary;
import io.sluice.local.internal.streams.model.StreamActionsModel.StreamSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CreateStream, DeleteStream, DescribeStream, DescribeStreamSummary, ListStreams and the two retention actions.
 * Thread-safe.
 */
public final class StreamAdminActions {

    /** At most this many shards (DescribeStream) or streams (ListStreams) come back in one page. */
    static final int MAX_PAGE = 100;

    private final StreamLocator locator;
    private final AccountLimits limits;
    private final PageTokens tokens;

    public StreamAdminActions(StreamLocator locator, AccountLimits limits, PageTokens tokens) {
        this.locator = locator;
        this.limits = limits;
        this.tokens = tokens;
    }

    public NoContent createStream(RequestContext ctx, CreateStreamRequest in) {
        Validator v = new Validator()
                .integer("shardCount", in.shardCount(), false, 1, Integer.MAX_VALUE)
                .string("streamName", in.streamName(), true, 1, KinesisRules.MAX_NAME_LENGTH, KinesisRules.NAME);
        if (in.streamModeDetails() != null) {
            v.enumeration("streamModeDetails.streamMode", in.streamModeDetails().streamMode(), true,
                    KinesisRules.STREAM_MODES);
        }
        TagRules.validateMap(v, in.tags(), false);
        v.integer("warmThroughputMiBps", in.warmThroughputMiBps(), false, 0, Integer.MAX_VALUE)
                .integer("maxRecordSizeInKiB", in.maxRecordSizeInKiB(), false, 1024, 10240)
                .enumeration("recordDistributionStrategy", in.recordDistributionStrategy(), false,
                        KinesisRules.RECORD_DISTRIBUTION_STRATEGIES)
                .throwIfInvalid();

        String mode = in.streamModeDetails() == null ? "PROVISIONED" : in.streamModeDetails().streamMode();
        int shards;
        if (mode.equals("ON_DEMAND")) {
            if (in.shardCount() != null) {
                throw new ApiException(ErrorCode.VALIDATION, "ShardCount is not expected when StreamMode=ON_DEMAND");
            }
            shards = KinesisRules.ON_DEMAND_INITIAL_SHARDS;
        } else {
            if (in.shardCount() == null) {
                new Validator().integer("shardCount", null, true, 1, Integer.MAX_VALUE).throwIfInvalid();
            }
            shards = in.shardCount();
        }
        String distribution = in.recordDistributionStrategy() == null ? StreamMetadata.BY_PARTITION_KEY
                : in.recordDistributionStrategy();
        if (distribution.equals(StreamMetadata.AUTO_DISTRIBUTION) && !mode.equals("ON_DEMAND")) {
            throw ApiException.invalidArgument(KinesisRules.AUTO_NEEDS_ON_DEMAND);
        }
        Map<String, String> tags = in.tags() == null ? Map.of() : in.tags();
        TagRules.checkCharacters(tags.keySet(), tags.values());
        TagRules.checkTotal(in.streamName(), tags.size(), ctx);
        Stream created;
        synchronized (limits) {
            limits.checkShards(ctx, shards);
            if (mode.equals("ON_DEMAND")) {
                limits.checkOnDemandStreams(ctx);
            }
            int maxRecordKiB = in.maxRecordSizeInKiB() == null ? StreamMetadata.DEFAULT_MAX_RECORD_SIZE_KIB
                    : in.maxRecordSizeInKiB();
            created = locator.registry().create(ctx.region(), in.streamName(), shards, mode, tags, maxRecordKiB,
                    distribution, ctx.now().toEpochMilli());
        }
        if (created == null) {
            throw ApiException.resourceInUse(
                    "Stream " + in.streamName() + " under account " + ctx.accountId() + " already exists.");
        }
        return NoContent.INSTANCE;
    }

    public NoContent deleteStream(RequestContext ctx, DeleteStreamRequest in) {
        KinesisRules.streamNameAndArn(new Validator(), in.streamName(), in.streamArn()).throwIfInvalid();
        Stream stream = locator.require(ctx, in.streamName(), in.streamArn());
        long now = ctx.now().toEpochMilli();
        StreamStatus status = stream.status(now);
        if (status == StreamStatus.DELETING) {
            throw StreamLocator.notActive(stream, status, ctx);
        }
        int consumers = stream.metadata().liveConsumers(now).size();
        if (consumers > 0 && !Boolean.TRUE.equals(in.enforceConsumerDeletion())) {
            throw ApiException.resourceInUse("Stream " + stream.name() + " under account " + ctx.accountId()
                    + " has " + consumers + " registered consumers. Deregister them first, or set "
                    + "EnforceConsumerDeletion to delete them with the stream.");
        }
        locator.registry().delete(stream, now);
        return NoContent.INSTANCE;
    }

    public DescribeStreamResponse describeStream(RequestContext ctx, DescribeStreamRequest in) {
        Validator v = new Validator().integer("limit", in.limit(), false, 1, 10_000);
        KinesisRules.shardId(v, "exclusiveStartShardId", in.exclusiveStartShardId(), false);
        KinesisRules.streamNameAndArn(v, in.streamName(), in.streamArn()).throwIfInvalid();
        Stream stream = locator.require(ctx, in.streamName(), in.streamArn());
        long now = ctx.now().toEpochMilli();
        StreamMetadata m = stream.metadata();
        StreamStatus status = stream.status(now);
        int limit = Math.min(in.limit() == null ? MAX_PAGE : in.limit(), MAX_PAGE);
        List<ShardMetadata> visible = status == StreamStatus.CREATING ? List.of() : ShardViews.unexpired(stream, now);
        List<ShardMetadata> page = new ArrayList<>();
        boolean more = false;
        for (ShardMetadata shard : visible) {
            if (in.exclusiveStartShardId() != null
                    && ShardIds.format(shard.index()).compareTo(in.exclusiveStartShardId()) <= 0) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(shard);
        }
        return new DescribeStreamResponse(new StreamDescription(m.name(), stream.arn(), status.name(),
                new StreamModeDetails(m.streamMode()), ShardViews.shapes(stream, page), more, m.retentionHours(),
                Instant.ofEpochMilli(m.createdAtMillis()), enhancedMonitoring(m), m.encryptionType(), m.keyId()));
    }

    public DescribeStreamSummaryResponse describeStreamSummary(RequestContext ctx, DescribeStreamSummaryRequest in) {
        KinesisRules.streamNameAndArn(new Validator(), in.streamName(), in.streamArn()).throwIfInvalid();
        Stream stream = locator.require(ctx, in.streamName(), in.streamArn());
        StreamMetadata m = stream.metadata();
        StreamStatus status = stream.status(ctx.now().toEpochMilli());
        int open = status == StreamStatus.CREATING ? 0
                : (int) m.shards().stream().filter(ShardMetadata::isOpen).count();
        return new DescribeStreamSummaryResponse(new StreamDescriptionSummary(m.name(), stream.arn(),
                status.name(), new StreamModeDetails(m.streamMode()), m.retentionHours(),
                Instant.ofEpochMilli(m.createdAtMillis()), enhancedMonitoring(m), m.encryptionType(), m.keyId(),
                open, m.liveConsumers(ctx.now().toEpochMilli()).size(), warmThroughput(m), m.maxRecordSizeKiB(),
                m.recordDistributionStrategy()));
    }

    public ListStreamsResponse listStreams(RequestContext ctx, ListStreamsRequest in) {
        new Validator()
                .integer("limit", in.limit(), false, 1, 10_000)
                .string("exclusiveStartStreamName", in.exclusiveStartStreamName(), false, 1,
                        KinesisRules.MAX_NAME_LENGTH, KinesisRules.NAME)
                .string("nextToken", in.nextToken(), false, 1, 1_048_576, null)
                .throwIfInvalid();
        String after = in.exclusiveStartStreamName();
        if (in.nextToken() != null) {
            if (after != null) {
                throw ApiException.invalidArgument(
                        "NextToken and ExclusiveStartStreamName cannot be provided together.");
            }
            after = tokens.openStreamsToken(in.nextToken(), ctx);
        }
        long now = ctx.now().toEpochMilli();
        int limit = Math.min(in.limit() == null ? MAX_PAGE : in.limit(), MAX_PAGE);
        List<String> names = new ArrayList<>();
        List<StreamSummary> summaries = new ArrayList<>();
        boolean more = false;
        for (Stream stream : locator.registry().list(ctx.region(), now)) {
            if (after != null && stream.name().compareTo(after) <= 0) {
                continue;
            }
            if (names.size() == limit) {
                more = true;
                break;
            }
            StreamMetadata m = stream.metadata();
            names.add(m.name());
            summaries.add(new StreamSummary(m.name(), stream.arn(), stream.status(now).name(),
                    new StreamModeDetails(m.streamMode()), Instant.ofEpochMilli(m.createdAtMillis())));
        }
        String nextToken = more ? tokens.streamsToken(names.get(names.size() - 1), ctx) : null;
        return new ListStreamsResponse(names, more, nextToken, summaries);
    }

    public NoContent increaseRetention(RequestContext ctx, RetentionPeriodRequest in) {
        return changeRetention(ctx, in, true);
    }

    public NoContent decreaseRetention(RequestContext ctx, RetentionPeriodRequest in) {
        return changeRetention(ctx, in, false);
    }

    private NoContent changeRetention(RequestContext ctx, RetentionPeriodRequest in, boolean increase) {
        Validator v = new Validator().integer("retentionPeriodHours", in.retentionPeriodHours(), true,
                Integer.MIN_VALUE, Integer.MAX_VALUE);
        KinesisRules.streamNameAndArn(v, in.streamName(), in.streamArn()).throwIfInvalid();
        Stream stream = locator.require(ctx, in.streamName(), in.streamArn());
        int hours = in.retentionPeriodHours();
        if (hours < KinesisRules.MIN_RETENTION_HOURS) {
            throw ApiException.invalidArgument("Minimum allowed retention period is " + KinesisRules.MIN_RETENTION_HOURS
                    + " hours. Requested retention period (" + hours + " hours) is too short.");
        }
        if (hours > KinesisRules.MAX_RETENTION_HOURS) {
            throw ApiException.invalidArgument("Maximum allowed retention period is " + KinesisRules.MAX_RETENTION_HOURS
                    + " hours. Requested retention period (" + hours + " hours) is too long.");
        }
        stream.locked(() -> {
            StreamStatus status = stream.status(ctx.now().toEpochMilli());
            if (status != StreamStatus.ACTIVE) {
                throw StreamLocator.notActive(stream, status, ctx);
            }
            int current = stream.metadata().retentionHours();
            if (increase && hours < current) {
                throw ApiException.invalidArgument("Requested retention period (" + hours + " hours) for stream "
                        + stream.name() + " can not be shorter than existing retention period (" + current
                        + " hours). Use DecreaseRetentionPeriod API.");
            }
            if (!increase && hours > current) {
                throw ApiException.invalidArgument("Requested retention period (" + hours + " hours) for stream "
                        + stream.name() + " can not be longer than existing retention period (" + current
                        + " hours). Use IncreaseRetentionPeriod API.");
            }
            return stream.update(m -> m.toBuilder().retentionHours(hours).build(), locator.registry().storage());
        });
        return NoContent.INSTANCE;
    }

    /** ON_DEMAND streams show their warm throughput; provisioned ones have none. */
    private static Shapes.WarmThroughput warmThroughput(StreamMetadata m) {
        if (!m.streamMode().equals("ON_DEMAND")) {
            return null;
        }
        return new Shapes.WarmThroughput(m.warmThroughputMiBps(), m.warmThroughputMiBps());
    }

    private static List<EnhancedMetrics> enhancedMonitoring(StreamMetadata m) {
        return List.of(new EnhancedMetrics(m.shardLevelMetrics()));
    }
}
