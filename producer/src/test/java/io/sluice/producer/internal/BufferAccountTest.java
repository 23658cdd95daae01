package io.sluice.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The memory bound and the flush epochs. */
class BufferAccountTest {

    @Test
    void aFullAccountRefusesAtOnceOrAfterWaitingAndAdmitsWhenRoomIsFreed() throws Exception {
        BufferAccount account = new BufferAccount(1_000, 10);
        assertThat(account.reserve(600, 0)).isZero();
        assertThat(account.reserve(600, 0)).isEqualTo(BufferAccount.FULL);
        assertThat(account.reserve(600, TimeUnit.MILLISECONDS.toNanos(20))).isEqualTo(BufferAccount.FULL);
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return account.reserve(600, TimeUnit.SECONDS.toNanos(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        assertThat(waiting).isNotDone();
        account.release(600, 1, Map.of(0, 1));
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(account.bytes()).isEqualTo(600);
        account.close();
        assertThat(account.reserve(1, 0)).isEqualTo(BufferAccount.CLOSED);
    }

    @Test
    void theRecordCountIsBoundedToo() throws Exception {
        BufferAccount account = new BufferAccount(1_000_000, 2);
        account.reserve(1, 0);
        account.reserve(1, 0);
        assertThat(account.reserve(1, 0)).isEqualTo(BufferAccount.FULL);
    }

    @Test
    void aFlushWaitsForEarlierEpochsOnly() throws Exception {
        BufferAccount account = new BufferAccount(1_000_000, 100);
        int first = account.reserve(10, 0);
        int flushed = account.nextEpoch();
        int later = account.reserve(10, 0);
        assertThat(later).isGreaterThan(flushed);
        assertThat(account.awaitEpochs(flushed, TimeUnit.MILLISECONDS.toNanos(10))).isFalse();
        account.release(10, 1, Map.of(first, 1));
        assertThat(account.awaitEpochs(flushed, 0)).as("the later record does not hold the flush").isTrue();
    }
}
