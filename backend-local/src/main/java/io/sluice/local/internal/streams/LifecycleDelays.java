package io.sluice.local.internal.streams;

import java.time.Duration;

/**
 * How long streams and consumers stay in their transitional states: CREATING after creation, DELETING after
 * deletion, UPDATING after a reshard or another change. AWS takes seconds to minutes; a local backend keeps them
 * short but not zero, so clients' waiting logic still runs. Immutable.
 */
public record LifecycleDelays(Duration create, Duration delete, Duration update) {
}
