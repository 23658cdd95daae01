package io.sluice.local.internal.analytics.sql;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import org.apache.calcite.avatica.util.TimeUnit;

/** FLOOR and CEIL of timestamps to a unit, and STEP, on epoch milliseconds in UTC. Stateless. */
final class TimeUnits {

    private TimeUnits() {
    }

    static long floor(long millis, TimeUnit unit) {
        return switch (unit) {
            case MILLISECOND -> millis;
            case SECOND -> step(millis, 1000L);
            case MINUTE -> step(millis, 60_000L);
            case HOUR -> step(millis, 3_600_000L);
            case DAY -> step(millis, Values.DAY_MILLIS);
            case WEEK -> calendar(millis, unit);
            case MONTH, QUARTER, YEAR -> calendar(millis, unit);
            default -> throw new SqlCompileException("FLOOR/CEIL to " + unit + " is not supported");
        };
    }

    static long ceil(long millis, TimeUnit unit) {
        long down = floor(millis, unit);
        if (down == millis) {
            return millis;
        }
        return switch (unit) {
            case SECOND -> down + 1000L;
            case MINUTE -> down + 60_000L;
            case HOUR -> down + 3_600_000L;
            case DAY -> down + Values.DAY_MILLIS;
            case WEEK -> down + 7 * Values.DAY_MILLIS;
            case MONTH -> shift(down, 1, ChronoUnit.MONTHS);
            case QUARTER -> shift(down, 3, ChronoUnit.MONTHS);
            case YEAR -> shift(down, 1, ChronoUnit.YEARS);
            default -> down;
        };
    }

    /** The multiple of {@code size} at or below {@code value} (aligned to zero, the epoch for timestamps). */
    static long step(long value, long size) {
        return Math.floorDiv(value, size) * size;
    }

    private static long calendar(long millis, TimeUnit unit) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), 0, ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.DAYS);
        t = switch (unit) {
            case WEEK -> t.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.SUNDAY));
            case MONTH -> t.withDayOfMonth(1);
            case QUARTER -> t.withDayOfMonth(1).withMonth((t.getMonthValue() - 1) / 3 * 3 + 1);
            default -> t.withDayOfYear(1);
        };
        return t.toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static long shift(long millis, int amount, ChronoUnit unit) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), 0, ZoneOffset.UTC).plus(amount, unit)
                .toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
