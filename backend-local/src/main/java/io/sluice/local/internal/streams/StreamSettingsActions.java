package io.sluice.local.internal.streams;

import io.sluice.local.internal.api.NoContent;
import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.ErrorCode;
import io.sluice.local.internal.protocol.Validator;
import io.sluice.local.internal.storage.StreamMetadata;
import io.sluice.local.internal.streams.model.SettingsActionsModel.EnhancedMonitoringRequest;
import io.sluice.local.internal.streams.model.SettingsActionsModel.EnhancedMonitoringResponse;
import io.sluice.local.internal.streams.model.SettingsActionsModel.StreamEncryptionRequest;
import io.sluice.local.internal.streams.model.SettingsActionsModel.UpdateMaxRecordSizeRequest;
import io.sluice.local.internal.streams.model.SettingsActionsModel.UpdateStreamModeRequest;
import io.sluice.local.internal.streams.model.SettingsActionsModel.UpdateStreamRecordDistributionStrategyRequest;
import io.sluice.local.internal.streams.model.SettingsActionsModel.UpdateStreamWarmThroughputRequest;
import io.sluice.local.internal.streams.model.SettingsActionsModel.UpdateStreamWarmThroughputResponse;
import io.sluice.local.internal.streams.model.Shapes.WarmThroughput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The actions that change a stream's settings: capacity mode, server-side encryption, enhanced monitoring, the
 * maximum record size and warm throughput. Each needs an ACTIVE stream; the ones AWS applies asynchronously leave
 * the stream UPDATING for the update delay. Thread-safe: each change runs under the stream's lock.
 */
public final class StreamSettingsActions {

    /** The enhanced monitoring metrics, in the order AWS lists them; "ALL" stands for every one. */
    static final List<String> METRICS = List.of("IncomingBytes", "IncomingRecords", "OutgoingBytes",
            "OutgoingRecords", "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded",
            "IteratorAgeMilliseconds");
    private static final List<String> METRIC_NAMES;
    /** Capacity mode switches allowed per stream in any rolling day. */
    static final int MODE_SWITCHES_PER_DAY = 2;
    /** The most warm throughput an ON_DEMAND stream can ask for, 10 GiB/s. */
    static final int MAX_WARM_THROUGHPUT_MIBPS = 10 * 1024;

    static {
        List<String> names = new ArrayList<>(METRICS);
        names.add("ALL");
        METRIC_NAMES = List.copyOf(names);
    }

    private final StreamLocator locator;
    private final AccountLimits limits;
    private final Duration updateDelay;

    public StreamSettingsActions(StreamLocator locator, AccountLimits limits, Duration updateDelay) {
        this.locator = locator;
        this.limits = limits;
        this.updateDelay = updateDelay;
    }

    public NoContent updateStreamMode(RequestContext ctx, UpdateStreamModeRequest in) {
        Validator v = new Validator()
                .string("streamARN", in.streamArn(), true, 1, KinesisRules.MAX_ARN_LENGTH, KinesisRules.STREAM_ARN)
                .object("streamModeDetails", in.streamModeDetails(), true);
        if (in.streamModeDetails() != null) {
            v.enumeration("streamModeDetails.streamMode", in.streamModeDetails().streamMode(), true,
                    KinesisRules.STREAM_MODES);
        }
        v.integer("warmThroughputMiBps", in.warmThroughputMiBps(), false, 0, Integer.MAX_VALUE).throwIfInvalid();
        Stream stream = locator.require(ctx, null, in.streamArn());
        String mode = in.streamModeDetails().streamMode();
        long now = ctx.now().toEpochMilli();
        if (in.warmThroughputMiBps() != null && !mode.equals("ON_DEMAND")) {
            throw ApiException.invalidArgument("WarmThroughputMiBps can only be set when switching a stream to "
                    + "ON_DEMAND capacity mode.");
        }
        synchronized (limits) {
            change(ctx, stream, true, m -> {
                if (m.streamMode().equals(mode)) {
                    throw ApiException.invalidArgument("Stream " + m.name() + " under account " + ctx.accountId()
                            + " is already in " + mode + " capacity mode.");
                }
                List<Long> recent = RollingDay.recent(m.modeSwitchesMillis(), now);
                if (recent.size() >= MODE_SWITCHES_PER_DAY) {
                    throw ApiException.limitExceeded("Stream " + m.name() + " under account " + ctx.accountId()
                            + " has already switched capacity mode " + MODE_SWITCHES_PER_DAY
                            + " times in a rolling 24-hour period.");
                }
                if (mode.equals("ON_DEMAND")) {
                    limits.checkOnDemandStreams(ctx);
                }
                recent.add(now);
                int warm = mode.equals("ON_DEMAND") && in.warmThroughputMiBps() != null ? in.warmThroughputMiBps() : 0;
                // The shards stay as they are; only the limits that apply to them change.
                // A provisioned stream routes by key only, so AUTO distribution ends with ON_DEMAND mode.
                String distribution = mode.equals("ON_DEMAND") ? m.recordDistributionStrategy()
                        : StreamMetadata.BY_PARTITION_KEY;
                return m.toBuilder().streamMode(mode).modeSwitches(recent).warmThroughputMiBps(warm)
                        .recordDistributionStrategy(distribution).build();
            });
        }
        return NoContent.INSTANCE;
    }

    public NoContent startStreamEncryption(RequestContext ctx, StreamEncryptionRequest in) {
        Stream stream = encryptionTarget(ctx, in);
        change(ctx, stream, true, m -> m.toBuilder().encryption("KMS", in.keyId()).build());
        return NoContent.INSTANCE;
    }

    public NoContent stopStreamEncryption(RequestContext ctx, StreamEncryptionRequest in) {
        Stream stream = encryptionTarget(ctx, in);
        change(ctx, stream, true, m -> {
            if (!"KMS".equals(m.encryptionType())) {
                throw ApiException.invalidArgument("Stream " + m.name() + " under account " + ctx.accountId()
                        + " is not encrypted.");
            }
            if (!in.keyId().equals(m.keyId())) {
                throw ApiException.invalidArgument("KeyId " + in.keyId() + " is not the key stream " + m.name()
                        + " under account " + ctx.accountId() + " is encrypted with.");
            }
            return m.toBuilder().encryption("NONE", null).build();
        });
        return NoContent.INSTANCE;
    }

    private Stream encryptionTarget(RequestContext ctx, StreamEncryptionRequest in) {
        Validator v = new Validator()
                .enumeration("encryptionType", in.encryptionType(), true, List.of("NONE", "KMS"))
                .string("keyId", in.keyId(), true, 1, 2048, null);
        KinesisRules.streamNameAndArn(v, in.streamName(), in.streamArn()).throwIfInvalid();
        Stream stream = locator.require(ctx, in.streamName(), in.streamArn());
        if (!io.sluice.local.internal.protocol.Unicode.wellFormed(in.keyId())) {
            throw ApiException.invalidArgument("KeyId is not valid Unicode.");
        }
        if (!in.encryptionType().equals("KMS")) {
            throw ApiException.invalidArgument("KMS is the only valid EncryptionType for this request.");
        }
        return stream;
    }

    public EnhancedMonitoringResponse enableEnhancedMonitoring(RequestContext ctx, EnhancedMonitoringRequest in) {
        return monitoring(ctx, in, true);
    }

    public EnhancedMonitoringResponse disableEnhancedMonitoring(RequestContext ctx, EnhancedMonitoringRequest in) {
        return monitoring(ctx, in, false);
    }

    private EnhancedMonitoringResponse monitoring(RequestContext ctx, EnhancedMonitoringRequest in, boolean enable) {
        Validator v = new Validator()
                .list("shardLevelMetrics", in.shardLevelMetrics(), true, 1, 7, null)
                .enumElements("shardLevelMetrics", in.shardLevelMetrics(), METRIC_NAMES);
        KinesisRules.streamNameAndArn(v, in.streamName(), in.streamArn()).throwIfInvalid();
        Stream stream = locator.require(ctx, in.streamName(), in.streamArn());
        Set<String> asked = new LinkedHashSet<>(in.shardLevelMetrics());
        if (asked.remove("ALL")) {
            asked.addAll(METRICS);
        }
        List<String> before = stream.metadata().shardLevelMetrics();
        StreamMetadata after = change(ctx, stream, false, m -> {
            List<String> desired = new ArrayList<>();
            for (String metric : METRICS) {
                boolean on = m.shardLevelMetrics().contains(metric);
                if (enable ? on || asked.contains(metric) : on && !asked.contains(metric)) {
                    desired.add(metric);
                }
            }
            return m.toBuilder().shardLevelMetrics(desired).build();
        });
        return new EnhancedMonitoringResponse(stream.name(), before, after.shardLevelMetrics(), stream.arn());
    }

    public NoContent updateMaxRecordSize(RequestContext ctx, UpdateMaxRecordSizeRequest in) {
        new Validator()
                .string("streamARN", in.streamArn(), false, 1, KinesisRules.MAX_ARN_LENGTH, KinesisRules.STREAM_ARN)
                .integer("maxRecordSizeInKiB", in.maxRecordSizeInKiB(), true, 1024, 10240)
                .throwIfInvalid();
        Stream stream = locator.require(ctx, null, in.streamArn());
        change(ctx, stream, false, m -> m.toBuilder().maxRecordSizeKiB(in.maxRecordSizeInKiB()).build());
        return NoContent.INSTANCE;
    }

    public UpdateStreamWarmThroughputResponse updateStreamWarmThroughput(RequestContext ctx,
            UpdateStreamWarmThroughputRequest in) {
        Validator v = new Validator()
                .integer("warmThroughputMiBps", in.warmThroughputMiBps(), true, 0, Integer.MAX_VALUE);
        KinesisRules.streamNameAndArn(v, in.streamName(), in.streamArn()).throwIfInvalid();
        Stream stream = locator.require(ctx, in.streamName(), in.streamArn());
        int target = in.warmThroughputMiBps();
        if (target > MAX_WARM_THROUGHPUT_MIBPS) {
            throw ApiException.invalidArgument("WarmThroughputMiBps " + target + " exceeds the maximum of "
                    + MAX_WARM_THROUGHPUT_MIBPS + ".");
        }
        StreamMetadata after = change(ctx, stream, true, m -> {
            if (!m.streamMode().equals("ON_DEMAND")) {
                throw new ApiException(ErrorCode.VALIDATION, "Warm throughput is only supported for streams in "
                        + "ON_DEMAND capacity mode. Stream " + m.name() + " under account " + ctx.accountId()
                        + " is in " + m.streamMode() + " mode.");
            }
            return m.toBuilder().warmThroughputMiBps(target).build();
        });
        return new UpdateStreamWarmThroughputResponse(stream.arn(), stream.name(),
                new WarmThroughput(after.warmThroughputMiBps(), after.warmThroughputMiBps()));
    }

    /**
     * UpdateStreamRecordDistributionStrategy, newer than the SDK model we build against but used by the KPL 1.1:
     * ON_DEMAND streams may spread records evenly (AUTO) instead of by key; the change applies at once.
     */
    public NoContent updateStreamRecordDistributionStrategy(RequestContext ctx,
            UpdateStreamRecordDistributionStrategyRequest in) {
        new Validator()
                .string("streamARN", in.streamArn(), true, 1, KinesisRules.MAX_ARN_LENGTH, KinesisRules.STREAM_ARN)
                .enumeration("recordDistributionStrategy", in.recordDistributionStrategy(), true,
                        KinesisRules.RECORD_DISTRIBUTION_STRATEGIES)
                .throwIfInvalid();
        Stream stream = locator.require(ctx, null, in.streamArn());
        change(ctx, stream, false, m -> {
            if (in.recordDistributionStrategy().equals(StreamMetadata.AUTO_DISTRIBUTION)
                    && !m.streamMode().equals("ON_DEMAND")) {
                throw ApiException.invalidArgument(KinesisRules.AUTO_NEEDS_ON_DEMAND);
            }
            return m.toBuilder().recordDistributionStrategy(in.recordDistributionStrategy()).build();
        });
        return NoContent.INSTANCE;
    }

    /** Applies a change to an ACTIVE stream, optionally leaving it UPDATING for the update delay. */
    private StreamMetadata change(RequestContext ctx, Stream stream, boolean updating,
            UnaryOperator<StreamMetadata> change) {
        long now = ctx.now().toEpochMilli();
        return stream.update(m -> {
            StreamStatus status = StreamStatus.of(m, now);
            if (status != StreamStatus.ACTIVE) {
                throw StreamLocator.notActive(stream, status, ctx);
            }
            StreamMetadata changed = change.apply(m);
            return updating ? changed.toBuilder().updatingUntil(now + updateDelay.toMillis()).build() : changed;
        }, locator.registry().storage());
    }
}
