package io.sluice.local.internal.streams;

import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.Validator;
import io.sluice.local.internal.streams.model.AccountActionsModel.AccountSettingsResponse;
import io.sluice.local.internal.streams.model.AccountActionsModel.CommitmentOutput;
import io.sluice.local.internal.streams.model.AccountActionsModel.DescribeLimitsResponse;
import io.sluice.local.internal.streams.model.AccountActionsModel.EmptyRequest;
import io.sluice.local.internal.streams.model.AccountActionsModel.UpdateAccountSettingsRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DescribeLimits, DescribeAccountSettings and UpdateAccountSettings, per region. The minimum throughput billing
 * commitment is kept for the backend's lifetime (not in the data directory): it changes no behaviour here, and
 * clients only read back what they set. Thread-safe.
 */
public final class AccountActions {

    /** How long a commitment must stay on once enabled before it can end. */
    static final Duration MINIMUM_COMMITMENT = Duration.ofHours(24);

    private final AccountLimits limits;
    private final Map<String, CommitmentOutput> commitments = new ConcurrentHashMap<>();

    public AccountActions(AccountLimits limits) {
        this.limits = limits;
    }

    public DescribeLimitsResponse describeLimits(RequestContext ctx, EmptyRequest in) {
        return new DescribeLimitsResponse(limits.shardLimit(), limits.openShards(ctx), limits.onDemandStreams(ctx),
                limits.onDemandStreamLimit());
    }

    public AccountSettingsResponse describeAccountSettings(RequestContext ctx, EmptyRequest in) {
        return new AccountSettingsResponse(current(ctx));
    }

    public AccountSettingsResponse updateAccountSettings(RequestContext ctx, UpdateAccountSettingsRequest in) {
        Validator v = new Validator().object("minimumThroughputBillingCommitment",
                in.minimumThroughputBillingCommitment(), true);
        if (in.minimumThroughputBillingCommitment() != null) {
            v.enumeration("minimumThroughputBillingCommitment.status", in.minimumThroughputBillingCommitment().status(),
                    true, List.of("ENABLED", "DISABLED"));
        }
        v.throwIfInvalid();
        boolean enable = in.minimumThroughputBillingCommitment().status().equals("ENABLED");
        Instant now = ctx.now();
        CommitmentOutput updated = commitments.compute(ctx.region(), (region, was) -> {
            boolean on = was != null && !was.status().equals("DISABLED") && !ended(was, now);
            if (enable) {
                return on ? was : new CommitmentOutput("ENABLED", now, null, now.plus(MINIMUM_COMMITMENT));
            }
            if (!on) {
                return was == null ? new CommitmentOutput("DISABLED", null, null, null) : was;
            }
            if (now.isBefore(was.earliestAllowedEndAt())) {
                return new CommitmentOutput("ENABLED_UNTIL_EARLIEST_ALLOWED_END", was.startedAt(),
                        was.earliestAllowedEndAt(), was.earliestAllowedEndAt());
            }
            return new CommitmentOutput("DISABLED", was.startedAt(), now, was.earliestAllowedEndAt());
        });
        return new AccountSettingsResponse(settle(updated, now));
    }

    private CommitmentOutput current(RequestContext ctx) {
        CommitmentOutput value = commitments.get(ctx.region());
        return value == null ? new CommitmentOutput("DISABLED", null, null, null) : settle(value, ctx.now());
    }

    /** A commitment that was asked to end at its earliest end has ended once that time has passed. */
    private static CommitmentOutput settle(CommitmentOutput value, Instant now) {
        return ended(value, now) ? new CommitmentOutput("DISABLED", value.startedAt(), value.endedAt(),
                value.earliestAllowedEndAt()) : value;
    }

    private static boolean ended(CommitmentOutput value, Instant now) {
        return value.status().equals("ENABLED_UNTIL_EARLIEST_ALLOWED_END") && !now.isBefore(value.endedAt());
    }
}
