package io.sluice.local.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every shard log must do, whatever holds its records. */
abstract class ShardLogContract {

    private final List<ShardLog> opened = new ArrayList<>();

    /** A new, empty log. */
    protected abstract ShardLog newLog() throws Exception;

    protected ShardLog track(ShardLog log) {
        opened.add(log);
        return log;
    }

    @AfterEach
    void closeLogs() {
        opened.forEach(ShardLog::close);
    }

    static List<AppendRecord> records(String prefix, int count, int dataBytes) {
        List<AppendRecord> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[dataBytes];
            byte[] label = (prefix + i).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(label, 0, data, 0, Math.min(label.length, dataBytes));
            out.add(new AppendRecord("key-" + prefix + i, data));
        }
        return out;
    }

    @Test
    void appendsGetConsecutivePositionsAndReadBackInOrder() throws Exception {
        ShardLog log = newLog();
        assertThat(log.append(records("a", 3, 10), 1_000)).isEqualTo(0);
        assertThat(log.append(records("b", 2, 10), 2_000)).isEqualTo(3);
        assertThat(log.startPosition()).isZero();
        assertThat(log.endPosition()).isEqualTo(5);

        List<StoredRecord> all = log.read(0, 100, Long.MAX_VALUE);
        assertThat(all).extracting(StoredRecord::position).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(all).extracting(StoredRecord::partitionKey)
                .containsExactly("key-a0", "key-a1", "key-a2", "key-b0", "key-b1");
        assertThat(all).extracting(StoredRecord::arrivalMillis).containsExactly(1000L, 1000L, 1000L, 2000L, 2000L);
        assertThat(new String(all.get(3).data(), 0, 2, StandardCharsets.UTF_8)).isEqualTo("b0");
        assertThat(log.read(3, 1, Long.MAX_VALUE)).extracting(StoredRecord::position).containsExactly(3L);
        assertThat(log.read(5, 10, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void readStopsAtTheRecordAndByteCapsButReturnsAtLeastOneRecord() throws Exception {
        ShardLog log = newLog();
        log.append(records("r", 10, 100), 1);
        // Each record counts 100 data bytes plus its key ("key-rN", 6 bytes).
        assertThat(log.read(0, 4, Long.MAX_VALUE)).hasSize(4);
        assertThat(log.read(0, 100, 3 * 106)).hasSize(3);
        assertThat(log.read(0, 100, 3 * 106 - 1)).hasSize(2);
        assertThat(log.read(0, 100, 1)).hasSize(1);
    }

    @Test
    void arrivalTimesNeverGoBackEvenWhenTheClockDoes() throws Exception {
        ShardLog log = newLog();
        log.append(records("a", 1, 1), 5_000);
        log.append(records("b", 1, 1), 4_000);
        assertThat(log.read(0, 10, Long.MAX_VALUE)).extracting(StoredRecord::arrivalMillis)
                .containsExactly(5_000L, 5_000L);
    }

    @Test
    void findsTheFirstRecordAtOrAfterATime() throws Exception {
        ShardLog log = newLog();
        for (int t = 1; t <= 300; t++) {
            log.append(records("t" + t, 2, 8), t * 10L);
        }
        assertThat(log.positionAtOrAfter(0)).isZero();
        assertThat(log.positionAtOrAfter(10)).isZero();
        assertThat(log.positionAtOrAfter(11)).isEqualTo(2);
        assertThat(log.positionAtOrAfter(1500)).isEqualTo(298);
        assertThat(log.positionAtOrAfter(3000)).isEqualTo(598);
        assertThat(log.positionAtOrAfter(3001)).isEqualTo(600);
        assertThat(log.arrivalMillisAt(298)).isEqualTo(1500);
        assertThat(log.arrivalMillisAt(600)).isEqualTo(-1);
    }

    @Test
    void trimmingHidesExpiredRecordsAndReadsStartAtTheNewHorizon() throws Exception {
        ShardLog log = newLog();
        for (int t = 1; t <= 100; t++) {
            log.append(records("t" + t, 100, 8), t * 1_000L);
        }
        log.trimBefore(50_500);
        assertThat(log.startPosition()).isEqualTo(5_000);
        assertThat(log.read(0, 1, Long.MAX_VALUE)).extracting(StoredRecord::position).containsExactly(5_000L);
        assertThat(log.positionAtOrAfter(0)).isEqualTo(5_000);
        log.trimBefore(10_000);
        assertThat(log.startPosition()).as("trimming never moves back").isEqualTo(5_000);
        log.trimBefore(Long.MAX_VALUE);
        assertThat(log.startPosition()).isEqualTo(10_000);
        assertThat(log.read(0, 10, Long.MAX_VALUE)).isEmpty();
        assertThat(log.append(records("after", 1, 8), 200_000)).isEqualTo(10_000);
        assertThat(log.read(0, 10, Long.MAX_VALUE)).extracting(StoredRecord::position).containsExactly(10_000L);
    }

    @Test
    void readersSeeOnlyWholeAppendsWhileAWriterAppends() throws Exception {
        ShardLog log = newLog();
        int batches = 2_000;
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            started.countDown();
            long next = 0;
            while (!done.get() || next < log.endPosition()) {
                for (StoredRecord record : log.read(next, 500, Long.MAX_VALUE)) {
                    if (record.position() != next) {
                        problems.add("expected " + next + " got " + record.position());
                    }
                    String key = record.partitionKey();
                    if (!key.equals("key-w" + (next % 5))) {
                        problems.add("record " + next + " has key " + key);
                    }
                    next++;
                }
            }
        });
        reader.start();
        started.await();
        for (int i = 0; i < batches; i++) {
            log.append(records("w", 5, 16), i);
        }
        done.set(true);
        reader.join(30_000);
        assertThat(problems).isEmpty();
        assertThat(log.endPosition()).isEqualTo(batches * 5L);
    }
}
