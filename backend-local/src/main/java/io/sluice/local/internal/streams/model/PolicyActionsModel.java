package io.sluice.local.internal.streams.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Requests and responses of the resource policy actions, with the API model's member names. */
public final class PolicyActionsModel {

    private PolicyActionsModel() {
    }

    public record PutResourcePolicyRequest(@JsonProperty("ResourceARN") String resourceArn,
            @JsonProperty("Policy") String policy) {
    }

    /** The input of GetResourcePolicy and DeleteResourcePolicy. */
    public record ResourcePolicyRequest(@JsonProperty("ResourceARN") String resourceArn) {
    }

    public record GetResourcePolicyResponse(@JsonProperty("Policy") String policy) {
    }
}
