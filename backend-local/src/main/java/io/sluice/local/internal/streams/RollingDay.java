package io.sluice.local.internal.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Limits of the form "N calls per rolling 24 hours", over a stream's stored call times. Stateless. */
final class RollingDay {

    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    private RollingDay() {
    }

    /** The call times less than a day before {@code nowMillis}; older ones no longer count and are dropped. */
    static List<Long> recent(List<Long> callTimesMillis, long nowMillis) {
        List<Long> recent = new ArrayList<>();
        for (long at : callTimesMillis) {
            if (nowMillis - at < DAY_MILLIS) {
                recent.add(at);
            }
        }
        return recent;
    }
}
