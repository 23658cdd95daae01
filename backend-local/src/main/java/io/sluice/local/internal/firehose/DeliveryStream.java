package io.sluice.local.internal.firehose;

import io.sluice.local.internal.firehose.delivery.DeliveryPipeline;

/**
 * A delivery stream at run time: its state (replaced whole on each change) and its pipeline. Thread-safe;
 * changes to the state are made under {@link #lock()}.
 */
final class DeliveryStream {

    private final Object lock = new Object();
    private final DeliveryPipeline pipeline;
    private volatile DeliveryStreamState state;
    private volatile StreamSourceReader source;

    DeliveryStream(DeliveryStreamState state, DeliveryPipeline pipeline) {
        this.state = state;
        this.pipeline = pipeline;
    }

    DeliveryStreamState state() {
        return state;
    }

    void state(DeliveryStreamState newState) {
        this.state = newState;
    }

    DeliveryPipeline pipeline() {
        return pipeline;
    }

    Object lock() {
        return lock;
    }

    StreamSourceReader source() {
        return source;
    }

    void source(StreamSourceReader reader) {
        this.source = reader;
    }

    /** The status a request at {@code nowMillis} sees. */
    String status(long nowMillis, long createDelayMillis) {
        DeliveryStreamState current = state;
        if (current.deleted() != null) {
            return "DELETING";
        }
        return nowMillis - current.created().toEpochMilli() < createDelayMillis ? "CREATING" : "ACTIVE";
    }
}
