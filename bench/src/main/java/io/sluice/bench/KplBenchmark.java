package io.sluice.bench;

import com.google.common.util.concurrent.ListenableFuture;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.kinesis.producer.KinesisProducer;
import software.amazon.kinesis.producer.KinesisProducerConfiguration;
import software.amazon.kinesis.producer.UserRecordResult;

/**
 * The official KPL (its Java library and native daemon) putting user records into backend-local over TLS, as
 * its users run it: aggregation on, default batching. This is the producer figure Sluice's producer must beat.
 */
final class KplBenchmark {

    /** One run. */
    record Result(long records, double seconds, double recordsPerSecond, long failed) {
    }

    private KplBenchmark() {
    }

    static Result run(URI endpoint, long records, int recordBytes, int shards) throws Exception {
        try (var kinesis = software.amazon.awssdk.services.kinesis.KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder()
                        .tlsTrustManagersProvider(() -> new javax.net.ssl.TrustManager[] {new TrustingManager()}))
                .build()) {
            kinesis.createStream(b -> b.streamName("kpl-bench").shardCount(shards));
            kinesis.waiter().waitUntilStreamExists(b -> b.streamName("kpl-bench"));
        }
        Path temp = Files.createDirectories(Path.of("bench", "target", "kpl-temp"));
        KinesisProducerConfiguration config = new KinesisProducerConfiguration()
                .setRegion("us-east-1")
                .setCredentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .setKinesisEndpoint(endpoint.getHost())
                .setKinesisPort(endpoint.getPort())
                .setCloudwatchEndpoint(endpoint.getHost())
                .setCloudwatchPort(endpoint.getPort())
                .setStsEndpoint(endpoint.getHost())
                .setStsPort(endpoint.getPort())
                .setVerifyCertificate(false)
                .setMetricsLevel("none")
                .setLogLevel("warning")
                .setTempDirectory(temp.toAbsolutePath().toString());
        KinesisProducer producer = new KinesisProducer(config);
        long failed = 0;
        long started = System.nanoTime();
        try {
            List<ListenableFuture<UserRecordResult>> window = new ArrayList<>();
            byte[] payload = new byte[recordBytes];
            for (long i = 0; i < records; i++) {
                window.add(producer.addUserRecord("kpl-bench", "key-" + i, ByteBuffer.wrap(payload)));
                // Bounded outstanding records, as a well-behaved KPL application keeps them.
                if (window.size() == 100_000) {
                    failed += settle(window);
                }
            }
            producer.flushSync();
            failed += settle(window);
        } finally {
            producer.destroy();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(records, seconds, records / seconds, failed);
    }

    private static long settle(List<ListenableFuture<UserRecordResult>> window) throws Exception {
        long failed = 0;
        for (ListenableFuture<UserRecordResult> future : window) {
            if (!future.get(5, TimeUnit.MINUTES).isSuccessful()) {
                failed++;
            }
        }
        window.clear();
        return failed;
    }

    /** Trusts the backend's self-signed certificate, as the KPL's VerifyCertificate=false does. */
    private static final class TrustingManager implements javax.net.ssl.X509TrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }
}
