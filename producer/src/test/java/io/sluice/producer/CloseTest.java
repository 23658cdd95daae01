package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.local.LocalBackend;
import io.sluice.local.LocalClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Close drains within its deadline: what cannot be put by then (here, the backend is gone) fails with reason
 * CLOSED, every future completes, the buffer is empty, and later adds are refused.
 */
class CloseTest {

    @Test
    void closeFailsWhatItCannotPutByItsDeadline() throws Exception {
        LocalBackend backend = LocalBackend.builder().port(0).inMemory().createDelay(Duration.ZERO).build().start();
        LocalClients clients = LocalClients.of(backend);
        try (KinesisClient kinesis = clients.kinesis().build()) {
            LocalStreams.create(kinesis, "closing", 1);
        }
        KinesisProducer producer = KinesisProducer.create(LocalStreams.config(clients)
                .retryBaseDelay(Duration.ofMillis(20)).retryMaxDelay(Duration.ofMillis(100)).build());
        CompletableFuture<UserRecordResult> first = producer.addUserRecord("closing", "k", new byte[1]);
        assertThat(first.get().sequenceNumber()).isNotEmpty();
        backend.close();
        List<CompletableFuture<UserRecordResult>> pending = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            pending.add(producer.addUserRecord("closing", "k" + i, new byte[10]));
        }
        long started = System.nanoTime();
        producer.close(Duration.ofMillis(500));
        assertThat((System.nanoTime() - started) / 1_000_000).as("close kept its deadline").isLessThan(5_000);
        for (CompletableFuture<UserRecordResult> future : pending) {
            assertThat(KinesisProducerTest.failure(future)).isInstanceOfSatisfying(UserRecordFailedException.class,
                    e -> {
                        assertThat(e.reason()).isEqualTo(UserRecordFailedException.Reason.CLOSED);
                        assertThat(e.getMessage()).contains("closed before the record was confirmed");
                    });
        }
        assertThat(producer.outstandingRecordsCount()).isZero();
        assertThat(producer.outstandingBytes()).isZero();
        assertThat(KinesisProducerTest.failure(producer.addUserRecord("closing", "k", new byte[1])))
                .isInstanceOf(ProducerClosedException.class);
    }
}
