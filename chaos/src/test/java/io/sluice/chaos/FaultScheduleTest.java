package io.sluice.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.chaos.FaultSchedule.Fault;
import io.sluice.chaos.FaultSchedule.Kind;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {

    @Test
    void theSameSeedGivesTheSameFaultsAndAnotherSeedOthers() {
        List<Fault> a = FaultSchedule.of(42, 5_000, 10_000, 600_000).faults();
        assertThat(FaultSchedule.of(42, 5_000, 10_000, 600_000).faults()).isEqualTo(a);
        assertThat(FaultSchedule.of(43, 5_000, 10_000, 600_000).faults()).isNotEqualTo(a);
    }

    @Test
    void everyRoundHasEveryKindAndGapsStayNearTheMean() {
        List<Fault> faults = FaultSchedule.of(7, 5_000, 10_000, 1_800_000).faults();
        int kinds = Kind.values().length;
        for (int round = 0; round + kinds <= faults.size(); round += kinds) {
            EnumSet<Kind> seen = EnumSet.noneOf(Kind.class);
            faults.subList(round, round + kinds).forEach(f -> seen.add(f.kind()));
            assertThat(seen).hasSize(kinds);
        }
        assertThat(faults.get(0).atMillis()).isEqualTo(5_000);
        for (int i = 1; i < faults.size(); i++) {
            long gap = faults.get(i).atMillis() - faults.get(i - 1).atMillis();
            assertThat(gap).isBetween(5_000L, 15_000L);
        }
        assertThat(faults.get(faults.size() - 1).atMillis()).isLessThan(1_800_000);
        assertThat(faults).hasSizeBetween(150, 200);
    }
}
