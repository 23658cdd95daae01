package io.sluice.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-shard pacing and the backoff, on explicit time. */
class ShardLimiterTest {

    @Test
    void pacesAtThePercentOfTheShardsLimitsAndHoldsOneSecondsWorth() {
        ShardLimiter limiter = new ShardLimiter(150, 0);
        int sent = 0;
        for (long now = 0; now <= 2_000; now += 10) {
            while (limiter.canTake(now, 1, 100)) {
                limiter.take(1, 100);
                sent++;
            }
        }
        // A full bucket of 1,500 at the start, then 1,500 a second for two seconds.
        assertThat(sent).isBetween(4_490, 4_500);
    }

    @Test
    void bytesLimitToo() {
        ShardLimiter limiter = new ShardLimiter(100, 0);
        assertThat(limiter.canTake(0, 1, 1024 * 1024)).isTrue();
        limiter.take(1, 1024 * 1024);
        assertThat(limiter.canTake(0, 1, 1)).isFalse();
        assertThat(limiter.millisUntil(0, 1024)).isEqualTo(1);
        assertThat(limiter.millisUntil(0, 512 * 1024)).isEqualTo(500);
    }

    @Test
    void aRecordLargerThanASecondsWorthGoesWhenTheBucketIsFullAndLeavesDebt() {
        ShardLimiter limiter = new ShardLimiter(50, 0);
        assertThat(limiter.canTake(0, 1, 1024 * 1024)).as("512 KiB a second, full bucket").isTrue();
        limiter.take(1, 1024 * 1024);
        assertThat(limiter.canTake(999, 1, 1)).as("in debt for a second").isFalse();
        assertThat(limiter.canTake(2_001, 1, 1)).isTrue();
    }

    @Test
    void throttlingHalvesThePaceAndItRecovers() {
        ShardLimiter limiter = new ShardLimiter(100, 0);
        limiter.throttled(0);
        assertThat(limiter.factor()).isEqualTo(0.5);
        assertThat(limiter.canTake(0, 1, 1)).as("the buckets were emptied").isFalse();
        limiter.throttled(0);
        limiter.throttled(0);
        limiter.throttled(0);
        limiter.throttled(0);
        assertThat(limiter.factor()).as("never below a tenth").isEqualTo(0.1);
        limiter.canTake(5_000, 1, 1);
        assertThat(limiter.factor()).as("back to the configured pace after 5 s").isEqualTo(1.0);
    }

    @Test
    void backoffIsFullJitterUnderAnExponentialCeiling() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), new Random(1));
        long[] max = new long[6];
        long[] min = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE,
                Long.MAX_VALUE};
        for (int i = 0; i < 2_000; i++) {
            for (int retry = 1; retry <= 5; retry++) {
                long delay = backoff.delayMillis(retry);
                max[retry] = Math.max(max[retry], delay);
                min[retry] = Math.min(min[retry], delay);
            }
        }
        assertThat(max[1]).isBetween(90L, 100L);
        assertThat(max[2]).isBetween(180L, 200L);
        assertThat(max[3]).isBetween(360L, 400L);
        assertThat(max[4]).isBetween(720L, 800L);
        assertThat(max[5]).as("capped").isBetween(900L, 1_000L);
        assertThat(min[5]).as("full jitter reaches down to zero").isLessThan(20L);
    }
}
