package io.sluice.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker finds each kind of failure it exists for, and lets through what at-least-once allows. */
class DeliveryCheckTest {

    @TempDir
    Path dir;

    private static final String S = "shardId-000000000000";

    private Path log(String name, String... lines) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private static Map<String, BitSet> acknowledged(String key, int... counters) {
        BitSet bits = new BitSet();
        for (int c : counters) {
            bits.set(c);
        }
        return Map.of(key, bits);
    }

    @Test
    void everythingDeliveredInOrderPasses() throws Exception {
        Path w1 = log("w1.log",
                "I " + S + " TRIM_HORIZON 0 1000",
                "D " + S + " 100 0 k 0",
                "D " + S + " 100 1 k 1",
                "C " + S + " 100 1 1100",
                "D " + S + " 101 0 k 2");
        DeliveryCheck.Result result = DeliveryCheck.check(List.of(w1), acknowledged("k", 0, 1, 2));
        assertThat(result.passed()).isTrue();
        assertThat(result.deliveries()).isEqualTo(3);
        assertThat(result.distinctRecords()).isEqualTo(3);
        assertThat(result.redeliveries()).isZero();
    }

    @Test
    void anAcknowledgedRecordNeverDeliveredIsLost() throws Exception {
        Path w1 = log("w1.log",
                "I " + S + " TRIM_HORIZON 0 1000",
                "D " + S + " 100 0 k 0",
                "D " + S + " 102 0 k 2");
        DeliveryCheck.Result result = DeliveryCheck.check(List.of(w1), acknowledged("k", 0, 1, 2));
        assertThat(result.passed()).isFalse();
        assertThat(result.lost()).isEqualTo(1);
        assertThat(result.lostExamples()).containsExactly("k 1");
    }

    @Test
    void aRecordStoredOnceAfterAHigherCounterIsAnOrderViolation() throws Exception {
        Path w1 = log("w1.log",
                "I " + S + " TRIM_HORIZON 0 1000",
                "D " + S + " 100 0 k 1",
                "D " + S + " 101 0 k 0");
        DeliveryCheck.Result result = DeliveryCheck.check(List.of(w1), acknowledged("k", 0, 1));
        assertThat(result.orderViolations()).isEqualTo(1);
        assertThat(result.passed()).isFalse();
    }

    @Test
    void stepsBackOntoRecordsAProducerRetryStoredTwiceAreAllowed() throws Exception {
        // 0 and 1 were stored, the answer was lost, and the retry stored them again after.
        Path w1 = log("w1.log",
                "I " + S + " TRIM_HORIZON 0 1000",
                "D " + S + " 100 0 k 0",
                "D " + S + " 100 1 k 1",
                "D " + S + " 105 0 k 0",
                "D " + S + " 105 1 k 1",
                "D " + S + " 106 0 k 2");
        DeliveryCheck.Result result = DeliveryCheck.check(List.of(w1), acknowledged("k", 0, 1, 2));
        assertThat(result.passed()).isTrue();
        assertThat(result.producerDuplicates()).isEqualTo(2);
        assertThat(result.backwardByRetries()).isEqualTo(1);
    }

    @Test
    void aFailoverReplaysOnlyWhatWasNotCheckpointed() throws Exception {
        Path w1 = log("w1.log",
                "I " + S + " TRIM_HORIZON 0 1000",
                "D " + S + " 100 0 k 0",
                "C " + S + " 100 0 1100",
                "D " + S + " 101 0 k 1");
        Path w2 = log("w2.log",
                "I " + S + " 100 0 2000",
                "D " + S + " 101 0 k 1",
                "D " + S + " 102 0 k 2");
        DeliveryCheck.Result result = DeliveryCheck.check(List.of(w1, w2), acknowledged("k", 0, 1, 2));
        assertThat(result.passed()).isTrue();
        assertThat(result.redeliveries()).isEqualTo(1);
        assertThat(result.sessions()).isEqualTo(2);
    }

    @Test
    void aSessionStartingBeforeAnEarlierCheckpointIsCaught() throws Exception {
        Path w1 = log("w1.log",
                "I " + S + " TRIM_HORIZON 0 1000",
                "D " + S + " 100 0 k 0",
                "D " + S + " 101 0 k 1",
                "C " + S + " 101 0 1100");
        Path w2 = log("w2.log",
                "I " + S + " 100 0 2000",
                "D " + S + " 101 0 k 1");
        DeliveryCheck.Result result = DeliveryCheck.check(List.of(w1, w2), acknowledged("k", 0, 1));
        assertThat(result.checkpointViolations()).isEqualTo(1);
        assertThat(result.passed()).isFalse();
    }

    @Test
    void aDeliveryAtOrBeforeTheSessionsStartIsCaught() throws Exception {
        Path w1 = log("w1.log",
                "I " + S + " 100 0 1000",
                "D " + S + " 100 0 k 0");
        DeliveryCheck.Result result = DeliveryCheck.check(List.of(w1), acknowledged("k", 0));
        assertThat(result.checkpointViolations()).isEqualTo(1);
    }

    @Test
    void positionsGoingBackInASessionAreAnOrderViolation() throws Exception {
        Path w1 = log("w1.log",
                "I " + S + " TRIM_HORIZON 0 1000",
                "D " + S + " 101 0 a 0",
                "D " + S + " 100 0 b 0");
        DeliveryCheck.Result result = DeliveryCheck.check(List.of(w1), Map.of());
        assertThat(result.orderViolations()).isEqualTo(1);
    }

    @Test
    void aLastLineTornByAKillIsIgnored() throws Exception {
        Path w1 = dir.resolve("w1.log");
        Files.writeString(w1, "I " + S + " TRIM_HORIZON 0 1000\nD " + S + " 100 0 k 0\nD " + S + " 10",
                StandardCharsets.UTF_8);
        DeliveryCheck.Result result = DeliveryCheck.check(List.of(w1), acknowledged("k", 0));
        assertThat(result.passed()).isTrue();
        assertThat(result.deliveries()).isEqualTo(1);
    }

    private static DeliveryCheck.Position at(long sequence, long sub) {
        return new DeliveryCheck.Position(java.math.BigInteger.valueOf(sequence), sub);
    }

    @Test
    void aDeliveryThatIsNotWhatTheStreamHoldsThereIsCaught() throws Exception {
        Path w1 = log("w1.log",
                "I " + S + " TRIM_HORIZON 0 1000",
                "D " + S + " 100 0 k 0",
                "D " + S + " 101 0 k 1");
        DeliveryCheck.Truth truth = new DeliveryCheck.Truth(
                Map.of(S, Map.of(at(100, 0), "k 0", at(101, 0), "other 7")), Map.of(), Map.of());
        DeliveryCheck.Result result = DeliveryCheck.check(List.of(w1), acknowledged("k", 0, 1), truth);
        assertThat(result.orderViolations()).isEqualTo(1);
        assertThat(result.orderExamples().get(0)).contains("the stream holds other 7");
    }

    @Test
    void aStoredRecordNeverDeliveredIsCaughtEvenWhenNobodyWasToldItWasAcknowledged() throws Exception {
        Path w1 = log("w1.log",
                "I " + S + " TRIM_HORIZON 0 1000",
                "D " + S + " 100 0 k 0",
                "D " + S + " 102 0 k 2");
        // k 1 failed at the producer (not acknowledged) but the stream holds it at 101: skipping it is a bug.
        DeliveryCheck.Truth truth = new DeliveryCheck.Truth(
                Map.of(S, Map.of(at(100, 0), "k 0", at(101, 0), "k 1", at(102, 0), "k 2")), Map.of(), Map.of());
        DeliveryCheck.Result result = DeliveryCheck.check(List.of(w1), acknowledged("k", 0, 2), truth);
        assertThat(result.lost()).isZero();
        assertThat(result.skipped()).isEqualTo(1);
        assertThat(result.skippedExamples()).containsExactly(S + " 101/0 (k 1)");
        assertThat(result.passed()).isFalse();
    }

    @Test
    void aChildDeliveredBeforeItsParentFinishedIsCaught() throws Exception {
        String child = "shardId-000000000001";
        Path w1 = log("w1.log",
                "I " + S + " TRIM_HORIZON 0 1000",
                "B " + S + " 1000",
                "D " + S + " 100 0 k 0",
                "B " + S + " 3000",
                "D " + S + " 101 0 k 1");
        Path w2 = log("w2.log",
                "I " + child + " TRIM_HORIZON 0 1500",
                "B " + child + " 2000",
                "D " + child + " 200 0 k 2");
        DeliveryCheck.Truth truth = new DeliveryCheck.Truth(Map.of(S, Map.of(at(100, 0), "k 0", at(101, 0), "k 1"),
                child, Map.of(at(200, 0), "k 2")), Map.of(child, java.util.Set.of(S)), Map.of());
        DeliveryCheck.Result early = DeliveryCheck.check(List.of(w1, w2), acknowledged("k", 0, 1, 2), truth);
        assertThat(early.lineageChecks()).isEqualTo(1);
        assertThat(early.orderViolations()).isEqualTo(1);
        assertThat(early.orderExamples()).anyMatch(e -> e.contains("its parent"));

        Path w3 = log("w3.log",
                "I " + child + " TRIM_HORIZON 0 3500",
                "B " + child + " 4000",
                "D " + child + " 200 0 k 2");
        DeliveryCheck.Result inTurn = DeliveryCheck.check(List.of(w1, w3), acknowledged("k", 0, 1, 2), truth);
        assertThat(inTurn.orderViolations()).isZero();
        assertThat(inTurn.lineageChecks()).isEqualTo(1);
    }

    @Test
    void aLeaseTableBehindALoggedCheckpointIsCaught() throws Exception {
        Path w1 = log("w1.log",
                "I " + S + " TRIM_HORIZON 0 1000",
                "D " + S + " 100 0 k 0",
                "D " + S + " 101 0 k 1",
                "C " + S + " 101 0 1100");
        DeliveryCheck.Result behind = DeliveryCheck.check(List.of(w1), acknowledged("k", 0, 1),
                new DeliveryCheck.Truth(Map.of(), Map.of(), Map.of(S, new String[] {"100", "0"})));
        assertThat(behind.checkpointViolations()).isEqualTo(1);
        DeliveryCheck.Result ended = DeliveryCheck.check(List.of(w1), acknowledged("k", 0, 1),
                new DeliveryCheck.Truth(Map.of(), Map.of(), Map.of(S, new String[] {"SHARD_END", "0"})));
        assertThat(ended.checkpointViolations()).isZero();
    }

    @Test
    void checkpointsGoingBackInTimeAreCaught() throws Exception {
        Path w1 = log("w1.log",
                "I " + S + " TRIM_HORIZON 0 1000",
                "D " + S + " 100 0 k 0",
                "D " + S + " 101 0 k 1",
                "C " + S + " 101 0 1100",
                "C " + S + " 100 0 1200");
        DeliveryCheck.Result result = DeliveryCheck.check(List.of(w1), acknowledged("k", 0, 1));
        assertThat(result.checkpointViolations()).isEqualTo(1);
    }

    @Test
    void aDeliveryAfterTheLeaseWasLostIsCaughtAndMalformedLinesFail() throws Exception {
        Path w1 = log("w1.log",
                "I " + S + " TRIM_HORIZON 0 1000",
                "D " + S + " 100 0 k 0",
                "L " + S + " 1100",
                "D " + S + " 101 0 k 1",
                "D " + S + " nonsense");
        DeliveryCheck.Result result = DeliveryCheck.check(List.of(w1), acknowledged("k", 0));
        assertThat(result.orderViolations()).isEqualTo(1);
        assertThat(result.malformedLines()).isEqualTo(1);
        assertThat(result.passed()).isFalse();
    }

    @Test
    void aPositionSeenWithTwoDifferentRecordsIsCaught() throws Exception {
        Path w1 = log("w1.log",
                "I " + S + " TRIM_HORIZON 0 1000",
                "D " + S + " 100 0 k 0",
                "S " + S + " 1100");
        Path w2 = log("w2.log",
                "I " + S + " TRIM_HORIZON 0 2000",
                "D " + S + " 100 0 k 5");
        DeliveryCheck.Result result = DeliveryCheck.check(List.of(w1, w2), acknowledged("k", 0));
        assertThat(result.orderViolations()).isEqualTo(1);
        assertThat(result.redeliveries()).isEqualTo(1);
    }
}
