package io.sluice.local.internal.streams.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** Requests and responses of the account-level actions, with the API model's member names. */
public final class AccountActionsModel {

    private AccountActionsModel() {
    }

    /** The input of actions that take no members. */
    public record EmptyRequest() {
    }

    public record DescribeLimitsResponse(@JsonProperty("ShardLimit") int shardLimit,
            @JsonProperty("OpenShardCount") int openShardCount,
            @JsonProperty("OnDemandStreamCount") int onDemandStreamCount,
            @JsonProperty("OnDemandStreamCountLimit") int onDemandStreamCountLimit) {
    }

    public record CommitmentInput(@JsonProperty("Status") String status) {
    }

    public record CommitmentOutput(@JsonProperty("Status") String status,
            @JsonProperty("StartedAt") Instant startedAt,
            @JsonProperty("EndedAt") Instant endedAt,
            @JsonProperty("EarliestAllowedEndAt") Instant earliestAllowedEndAt) {
    }

    public record UpdateAccountSettingsRequest(
            @JsonProperty("MinimumThroughputBillingCommitment") CommitmentInput minimumThroughputBillingCommitment) {
    }

    public record AccountSettingsResponse(
            @JsonProperty("MinimumThroughputBillingCommitment") CommitmentOutput minimumThroughputBillingCommitment) {
    }
}
