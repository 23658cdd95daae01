package io.sluice.local.internal.api;

import java.time.Instant;

/**
 * What a service action knows of the call besides its typed input.
 *
 * @param requestId the id returned in {@code x-amzn-RequestId}
 * @param region the region the client signed for (from the SigV4 credential scope), or the backend's default
 * @param accountId the account every resource belongs to
 * @param now the time the request was received, read once from the backend's clock
 */
public record RequestContext(String requestId, String region, String accountId, Instant now) {
}
