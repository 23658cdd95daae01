package io.sluice.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerRecoveryTest {

    private static final Predicate<String> NOTHING_FINISHED = shard -> false;

    @TempDir
    Path dir;

    private Path log(String name, String... lines) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, List.of(lines));
        return file;
    }

    @Test
    void aKilledWorkersShardsCountUntilTheLastStartsElsewhere() throws Exception {
        Path victim = log("w1", "I s1 TRIM_HORIZON 0 1000", "I s2 TRIM_HORIZON 0 1000", "I s3 TRIM_HORIZON 0 1000",
                "E s3 2000", "D s1 5 0 p0-k1 7");
        Path other = log("w2", "I s1 5 0 9000", "I s2 0 0 12500", "I s3 0 0 3000");
        // s3 ended before the kill at 5000: only s1 (4 s) and s2 (7.5 s) were the kill's to recover.
        assertThat(WorkerRecovery.measure(List.of(victim, other), List.of(new long[] {0, 5000}), NOTHING_FINISHED))
                .containsExactly(7500L);
    }

    @Test
    void aShardTakenForBalanceBeforeTheFaultIsNotCounted() throws Exception {
        // w1 was in a long batch on s2 when w2 took s2's lease for balance at 4000, so w1 never logged L for it;
        // the kill at 6000 only cost s1.
        Path victim = log("w1", "I s1 TRIM_HORIZON 0 1000", "I s2 TRIM_HORIZON 0 1000");
        Path other = log("w2", "I s2 7 0 4000", "I s1 3 0 15000");
        assertThat(WorkerRecovery.measure(List.of(victim, other), List.of(new long[] {0, 6000}), NOTHING_FINISHED))
                .containsExactly(9000L);
    }

    @Test
    void aGracefulStopMeasuresTheHandOverAndAShardNeverTakenIsMinusOne() throws Exception {
        Path stopped = log("w1", "I s1 TRIM_HORIZON 0 1000", "S s1 5100");
        Path killed = log("w3", "I s4 TRIM_HORIZON 0 1000");
        Path other = log("w2", "I s1 9 0 5900");
        List<Long> figures = WorkerRecovery.measure(List.of(stopped, other, killed),
                List.of(new long[] {0, 5000}, new long[] {2, 8000}), NOTHING_FINISHED);
        assertThat(figures).containsExactly(900L, -1L);
    }

    @Test
    void aWorkerThatHeldNothingGivesNoFigure() throws Exception {
        Path idle = log("w1", "I s1 TRIM_HORIZON 0 1000", "L s1 2000");
        Path other = log("w2", "I s1 0 0 2500");
        assertThat(WorkerRecovery.measure(List.of(idle, other), List.of(new long[] {0, 5000}), NOTHING_FINISHED))
                .isEmpty();
    }

    @Test
    void aShardTheVictimFinishedJustBeforeItDiedIsNotCounted() throws Exception {
        // w1 checkpointed SHARD_END of s1 and was killed before it could log E; nobody had anything left to do.
        Path victim = log("w1", "I s1 TRIM_HORIZON 0 1000", "I s2 TRIM_HORIZON 0 1000");
        Path other = log("w2", "I s2 4 0 12000");
        assertThat(WorkerRecovery.measure(List.of(victim, other), List.of(new long[] {0, 5000}),
                shard -> shard.equals("s1"))).containsExactly(7000L);
        assertThat(WorkerRecovery.measure(List.of(victim, other), List.of(new long[] {0, 5000}), NOTHING_FINISHED))
                .containsExactly(-1L);
    }
}
