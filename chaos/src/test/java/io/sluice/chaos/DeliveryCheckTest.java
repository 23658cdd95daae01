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
}
