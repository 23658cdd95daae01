package io.sluice.local.internal.streams;

import io.sluice.local.internal.storage.ConsumerMetadata;

/**
 * An enhanced fan-out consumer's lifecycle: CREATING until the create delay has passed, then ACTIVE, DELETING from
 * DeregisterStreamConsumer until it disappears. Derived from the metadata's timestamps and the time asked about.
 */
public enum ConsumerStatus {
    CREATING,
    ACTIVE,
    DELETING;

    public static ConsumerStatus of(ConsumerMetadata consumer, long nowMillis) {
        if (consumer.deleteRequestedAtMillis() != null) {
            return DELETING;
        }
        return nowMillis < consumer.activeAtMillis() ? CREATING : ACTIVE;
    }
}
