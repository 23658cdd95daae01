package io.sluice.local.internal.streams;

import io.sluice.local.internal.storage.StreamMetadata;

/**
 * A stream's lifecycle: CREATING until its creation delay has passed, then ACTIVE (UPDATING while a change is
 * applied), DELETING from DeleteStream until it disappears. The status is derived from the metadata's timestamps
 * and the time asked about, so an injected clock drives every transition and no timer is needed.
 */
public enum StreamStatus {
    CREATING,
    ACTIVE,
    UPDATING,
    DELETING;

    /** The status of a stream at {@code nowMillis}. */
    public static StreamStatus of(StreamMetadata stream, long nowMillis) {
        if (stream.deleteRequestedAtMillis() != null) {
            return DELETING;
        }
        if (nowMillis < stream.activeAtMillis()) {
            return CREATING;
        }
        Long updatingUntil = stream.updatingUntilMillis();
        if (updatingUntil != null && nowMillis < updatingUntil) {
            return UPDATING;
        }
        return ACTIVE;
    }

    /** Whether records may be put to and read from a stream in this status (AWS also serves UPDATING streams). */
    public boolean servesRecords() {
        return this == ACTIVE || this == UPDATING;
    }
}
