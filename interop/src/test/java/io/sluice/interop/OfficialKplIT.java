package io.sluice.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import io.sluice.aggregation.Deaggregator;
import io.sluice.local.LocalBackend;
import io.sluice.local.LocalClients;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.kinesis.producer.KinesisProducer;
import software.amazon.kinesis.producer.KinesisProducerConfiguration;
import software.amazon.kinesis.producer.UserRecordResult;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * The official KPL 1.x, with its bundled native daemon, puts 100,000 user records into backend-local over TLS
 * (certificate verification off, as the KPL needs HTTPS), aggregated as it does by default. Every future succeeds
 * and every user record is read back, deaggregated by the KCL's own code and by Sluice's decoder alike. The
 * backend's per-shard limits are on, so the KPL's own rate limiting and retries are exercised. CloudWatch metrics
 * are off, and the CloudWatch and STS endpoints point at the backend too.
 */
class OfficialKplIT {

    static final int RECORDS = 100_000;

    @Test
    void theKplPutsAHundredThousandAggregatedRecordsAndEveryOneIsReadBack() throws Exception {
        Path temp = Files.createDirectories(Path.of("target", "kpl-temp"));
        try (LocalBackend backend = LocalBackend.builder().port(0).tls().createDelay(Duration.ZERO).build().start();
                KinesisClient kinesis = LocalClients.of(backend).kinesis().build()) {
            kinesis.createStream(b -> b.streamName("kpl").shardCount(4));

            KinesisProducerConfiguration config = new KinesisProducerConfiguration()
                    .setRegion(backend.region())
                    .setCredentialsProvider(backend.credentialsProvider())
                    .setKinesisEndpoint("127.0.0.1")
                    .setKinesisPort(backend.port())
                    .setCloudwatchEndpoint("127.0.0.1")
                    .setCloudwatchPort(backend.port())
                    .setStsEndpoint("127.0.0.1")
                    .setStsPort(backend.port())
                    .setVerifyCertificate(false)
                    .setMetricsLevel("none")
                    .setLogLevel("warning")
                    .setAggregationEnabled(true)
                    .setRecordMaxBufferedTime(100)
                    .setRequestTimeout(10_000)
                    .setTempDirectory(temp.toAbsolutePath().toString());
            KinesisProducer producer = new KinesisProducer(config);
            List<ListenableFuture<UserRecordResult>> futures = new ArrayList<>(RECORDS);
            long started = System.nanoTime();
            try {
                for (int i = 0; i < RECORDS; i++) {
                    String payload = String.format("user-record-%06d-%s", i, "x".repeat(70));
                    futures.add(producer.addUserRecord("kpl", "key-" + i,
                            ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8))));
                }
                producer.flushSync();
                int failed = 0;
                for (ListenableFuture<UserRecordResult> future : futures) {
                    if (!future.get(120, TimeUnit.SECONDS).isSuccessful()) {
                        failed++;
                    }
                }
                assertThat(failed).isZero();
            } finally {
                producer.destroy();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("KPL put %,d user records in %.1f s (%,.0f records/s)%n", RECORDS, seconds,
                    RECORDS / seconds);

            Set<String> read = new HashSet<>();
            Set<String> readBySluice = new HashSet<>();
            int kinesisRecords = 0;
            AggregatorUtil aggregation = new AggregatorUtil();
            for (Shard shard : kinesis.listShards(b -> b.streamName("kpl")).shards()) {
                List<KinesisClientRecord> raw = new ArrayList<>();
                String iterator = kinesis.getShardIterator(b -> b.streamName("kpl").shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                while (true) {
                    String current = iterator;
                    GetRecordsResponse page = kinesis.getRecords(b -> b.shardIterator(current));
                    for (Record record : page.records()) {
                        raw.add(KinesisClientRecord.fromRecord(record));
                        // Sluice's own decoder reads what the KPL wrote, record for record.
                        for (Deaggregator.UserRecord user : Deaggregator.deaggregate(record.partitionKey(), null,
                                record.data().asByteArray())) {
                            readBySluice.add(new String(user.data(), StandardCharsets.UTF_8));
                        }
                    }
                    if (page.records().isEmpty() && page.millisBehindLatest() == 0) {
                        break;
                    }
                    iterator = page.nextShardIterator();
                }
                kinesisRecords += raw.size();
                for (KinesisClientRecord user : aggregation.deaggregate(raw)) {
                    assertThat(read.add(StandardCharsets.UTF_8.decode(user.data()).toString())).isTrue();
                }
            }
            assertThat(read).hasSize(RECORDS);
            assertThat(readBySluice).isEqualTo(read);
            // Aggregated: far fewer Kinesis records than user records.
            assertThat(kinesisRecords).isLessThan(RECORDS / 10);
        }
    }
}
