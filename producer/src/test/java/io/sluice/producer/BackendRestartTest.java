package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.local.LocalBackend;
import io.sluice.local.LocalClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The backend stops in the middle of a run and comes back a second later on the same port and data directory:
 * requests fail with connection errors meanwhile, the producer retries them with backoff, and every record it
 * acknowledges is in the stream afterwards, each key in order. A request cut off by the stop may have been
 * written before its answer was lost, so a record may appear twice (at least once, as with the KPL).
 */
class BackendRestartTest {

    @TempDir
    Path data;

    @Test
    void aBackendRestartMidRunLosesNothingAcknowledged() throws Exception {
        LocalBackend backend = start(0);
        int port = backend.port();
        String stream = "restart-run";
        try (KinesisClient kinesis = LocalClients.of(backend).kinesis().build()) {
            LocalStreams.create(kinesis, stream, 2);
        }
        KeyedLoad load = new KeyedLoad(100);
        LocalClients clients = LocalClients.of(backend);
        try (KinesisProducer producer = KinesisProducer.create(LocalStreams.config(clients)
                .recordMaxBufferedTime(Duration.ofMillis(10))
                .retryBaseDelay(Duration.ofMillis(50)).retryMaxDelay(Duration.ofMillis(400))
                .requestTimeout(Duration.ofSeconds(2)).build())) {
            int index = 0;
            for (; index < 5_000; index++) {
                load.addNext(producer, stream, index);
            }
            producer.flushSync();
            backend.close();
            for (; index < 10_000; index++) {
                load.addNext(producer, stream, index);
            }
            Thread.sleep(1_000);
            backend = start(port);
            for (; index < 15_000; index++) {
                load.addNext(producer, stream, index);
            }
            producer.flushSync();
        }
        List<UserRecordResult> results = load.results();
        assertThat(results.stream().anyMatch(r -> r.attempts().size() > 1))
                .as("some records were retried across the outage").isTrue();
        try (KinesisClient kinesis = LocalClients.of(backend).kinesis().build()) {
            int duplicates = load.check(StreamContents.read(kinesis, stream), true);
            assertThat(duplicates).isLessThanOrEqualTo(5_000);
        } finally {
            backend.close();
        }
    }

    private LocalBackend start(int port) {
        return LocalBackend.builder().port(port).dataDirectory(data).createDelay(Duration.ZERO)
                .shardThroughputLimits(false).build().start();
    }
}
