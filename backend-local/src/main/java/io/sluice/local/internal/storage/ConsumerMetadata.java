package io.sluice.local.internal.storage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An enhanced fan-out consumer registered on a stream. Immutable.
 *
 * @param name the consumer name, unique among the stream's live consumers
 * @param createdAtMillis when it was registered; its ARN carries this time in whole seconds
 * @param activeAtMillis when CREATING turns into ACTIVE
 * @param deleteRequestedAtMillis when DeregisterStreamConsumer was called, or {@code null}
 * @param deletedAtMillis when a DELETING consumer disappears, or {@code null}
 * @param resourcePolicy the consumer's resource policy document, or {@code null}
 * @param tags the consumer's tags
 */
public record ConsumerMetadata(String name, long createdAtMillis, long activeAtMillis, Long deleteRequestedAtMillis,
        Long deletedAtMillis, String resourcePolicy, Map<String, String> tags) {

    public ConsumerMetadata {
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** Whether the consumer no longer exists at {@code nowMillis}. */
    public boolean goneAt(long nowMillis) {
        return deletedAtMillis != null && nowMillis >= deletedAtMillis;
    }

    /** The epoch seconds in the consumer's ARN. */
    public long arnSeconds() {
        return Math.floorDiv(createdAtMillis, 1000);
    }

    public ConsumerMetadata withDeletion(long requestedAtMillis, long goneAtMillis) {
        return new ConsumerMetadata(name, createdAtMillis, activeAtMillis, requestedAtMillis, goneAtMillis,
                resourcePolicy, tags);
    }

    public ConsumerMetadata withResourcePolicy(String policy) {
        return new ConsumerMetadata(name, createdAtMillis, activeAtMillis, deleteRequestedAtMillis, deletedAtMillis,
                policy, tags);
    }

    public ConsumerMetadata withTags(Map<String, String> newTags) {
        return new ConsumerMetadata(name, createdAtMillis, activeAtMillis, deleteRequestedAtMillis, deletedAtMillis,
                resourcePolicy, newTags);
    }
}
