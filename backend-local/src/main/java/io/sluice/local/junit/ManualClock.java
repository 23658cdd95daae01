package io.sluice.local.junit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock a test moves by hand, for {@link io.sluice.local.LocalBackend.Builder#clock(Clock)}: Firehose buffering
 * intervals and Analytics windows then close exactly when the test says. Time never moves by itself. UTC.
 * Thread-safe.
 */
public final class ManualClock extends Clock {

    private final AtomicReference<Instant> now;

    /** @param start the time the clock shows until it is moved */
    public ManualClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /**
     * Sets the time.
     *
     * @param instant the new time
     */
    public void set(Instant instant) {
        now.set(instant);
    }

    /**
     * Moves the time on.
     *
     * @param by how far
     */
    public void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
