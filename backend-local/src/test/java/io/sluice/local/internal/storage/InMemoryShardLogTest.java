package io.sluice.local.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InMemoryShardLogTest extends ShardLogContract {

    @Override
    protected ShardLog newLog() {
        return track(new InMemoryShardLog(0));
    }

    @Test
    void recordsSpanManyPagesAndALargeRecordGetsAPageOfItsOwn() {
        InMemoryShardLog log = new InMemoryShardLog(0);
        int perBatch = 100;
        for (int i = 0; i < 100; i++) {
            log.append(records("p" + i, perBatch, 2_000), i * 1_000L);
        }
        byte[] big = new byte[InMemoryShardLog.PAGE_BYTES + 10];
        big[big.length - 1] = 42;
        long bigPosition = log.append(java.util.List.of(new AppendRecord("big", big)), 200_000);
        log.append(records("after", 3, 10), 200_001);
        assertThat(log.endPosition()).isEqualTo(10_004);
        StoredRecord readBig = log.read(bigPosition, 1, Long.MAX_VALUE).get(0);
        assertThat(readBig.data()).hasSize(big.length).endsWith(42);
        assertThat(log.read(bigPosition + 1, 10, Long.MAX_VALUE)).extracting(StoredRecord::partitionKey)
                .containsExactly("key-after0", "key-after1", "key-after2");
        for (long p = 0; p < 10_000; p += 997) {
            StoredRecord record = log.read(p, 1, Long.MAX_VALUE).get(0);
            assertThat(record.partitionKey()).isEqualTo("key-p" + (p / perBatch) + (p % perBatch));
            assertThat(record.arrivalMillis()).isEqualTo((p / perBatch) * 1_000L);
        }
        log.trimBefore(150_000);
        assertThat(log.startPosition()).isEqualTo(bigPosition);
        assertThat(log.read(0, 2, Long.MAX_VALUE)).extracting(StoredRecord::position)
                .containsExactly(bigPosition, bigPosition + 1);
        log.append(records("later", 1, 10), 300_000);
        assertThat(log.read(bigPosition + 4, 1, Long.MAX_VALUE).get(0).partitionKey()).isEqualTo("key-later0");
    }

    @Test
    void startsAtAnyPositionAndKeepsGrowingAcrossChunks() {
        InMemoryShardLog log = new InMemoryShardLog(4_090);
        assertThat(log.append(records("x", 20, 4), 1)).isEqualTo(4_090);
        assertThat(log.read(4_095, 3, Long.MAX_VALUE)).extracting(StoredRecord::position)
                .containsExactly(4_095L, 4_096L, 4_097L);
    }
}
