package io.sluice.samples.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.consumer.KinesisClientRecord;
import io.sluice.local.junit.LocalBackendExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/** The consumer worker template against backend-local: every record handled in batches, metrics for Prometheus. */
class ConsumerWorkerTest {

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.createDelay(Duration.ZERO));

    @Test
    void handlesEveryRecordInBatchesAndServesMetrics() throws Exception {
        try (KinesisClient kinesis = BACKEND.clients().kinesis().build()) {
            kinesis.createStream(b -> b.streamName("orders").shardCount(2));
            kinesis.waiter().waitUntilStreamExists(b -> b.streamName("orders"));
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                entries.add(PutRecordsRequestEntry.builder().partitionKey("k" + i)
                        .data(SdkBytes.fromUtf8String("order-" + i)).build());
            }
            for (int from = 0; from < entries.size(); from += 500) {
                List<PutRecordsRequestEntry> batch = entries.subList(from, from + 500);
                kinesis.putRecords(b -> b.streamName("orders").records(batch));
            }
        }
        Set<String> handled = ConcurrentHashMap.newKeySet();
        List<Integer> batchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean failedOnce = new java.util.concurrent.atomic.AtomicBoolean();
        ConsumerWorker worker = new ConsumerWorker(BACKEND.clients().credentialsProvider()) {
            @Override
            protected void handle(List<KinesisClientRecord> batch) {
                batchSizes.add(batch.size());
                // The second batch fails once: the consumer delivers the records again, cut the same way.
                if (batchSizes.size() == 2 && failedOnce.compareAndSet(false, true)) {
                    throw new IllegalStateException("a downstream hiccup");
                }
                batch.forEach(r -> handled.add(new String(r.dataBytes(), StandardCharsets.UTF_8)));
            }
        };
        new CommandLine(worker).parseArgs("--application", "orders-app", "--stream", "orders", "--endpoint",
                BACKEND.clients().endpoint().toString(), "--region", BACKEND.clients().region().id(),
                "--batch-size", "100", "--metrics-port", "0", "--checkpoint-seconds", "1");
        worker.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (handled.size() < 1_000 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(handled).hasSize(1_000);
            assertThat(batchSizes).allSatisfy(size -> assertThat(size).isBetween(1, 100));
            assertThat(failedOnce).isTrue();
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + worker.metricsPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("MaxMillisBehindLatest");
        } finally {
            worker.stop();
        }
    }
}
