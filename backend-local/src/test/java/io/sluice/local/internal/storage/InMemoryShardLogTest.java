package io.sluice.local.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InMemoryShardLogTest extends ShardLogContract {

    @Override
    protected ShardLog newLog() {
        return track(new InMemoryShardLog(0));
    }

    @Test
    void startsAtAnyPositionAndKeepsGrowingAcrossChunks() {
        InMemoryShardLog log = new InMemoryShardLog(4_090);
        assertThat(log.append(records("x", 20, 4), 1)).isEqualTo(4_090);
        assertThat(log.read(4_095, 3, Long.MAX_VALUE)).extracting(StoredRecord::position)
                .containsExactly(4_095L, 4_096L, 4_097L);
    }
}
