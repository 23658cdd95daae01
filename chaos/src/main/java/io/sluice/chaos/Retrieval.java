package io.sluice.chaos;

import io.sluice.consumer.RetrievalMode;

/** How the chaos fleet's workers read their shards. Immutable and thread-safe. */
enum Retrieval {
    /** Every worker polls (GetRecords). */
    POLLING,
    /** Every worker uses enhanced fan-out (SubscribeToShard over HTTP/2). */
    FAN_OUT,
    /** Workers alternate: odd-numbered ones poll, even-numbered ones use enhanced fan-out, as in a migration. */
    MIXED;

    /** The mode of the worker numbered {@code n} (w1, w2, ...). */
    RetrievalMode forWorker(int n) {
        return switch (this) {
            case POLLING -> RetrievalMode.POLLING;
            case FAN_OUT -> RetrievalMode.FAN_OUT;
            case MIXED -> n % 2 == 1 ? RetrievalMode.POLLING : RetrievalMode.FAN_OUT;
        };
    }
}
