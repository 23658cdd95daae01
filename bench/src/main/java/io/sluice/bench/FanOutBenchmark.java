package io.sluice.bench;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * Enhanced fan-out through the SDK's async client (HTTP/2): how long a record takes from PutRecord to the event
 * that carries it, at a steady rate, and how fast one subscriber drains a long backlog.
 */
final class FanOutBenchmark {

    /** Latency percentiles of one run. */
    record Latency(long records, double p50Millis, double p99Millis, double maxMillis, double ratePerSecond) {
    }

    /** One drain. */
    record Drain(long records, double seconds, double recordsPerSecond) {
    }

    private FanOutBenchmark() {
    }

    static KinesisAsyncClient async(URI endpoint) {
        return KinesisAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP2)
                        .maxConcurrency(64))
                .build();
    }

    /** A one-shard stream with an ACTIVE consumer; returns the consumer ARN. */
    static String streamWithConsumer(KinesisClient kinesis, String stream) {
        kinesis.createStream(b -> b.streamName(stream).shardCount(1));
        kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));
        String arn = kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamARN();
        String consumer = kinesis.registerStreamConsumer(b -> b.streamARN(arn).consumerName("bench")).consumer()
                .consumerARN();
        while (!kinesis.describeStreamConsumer(b -> b.consumerARN(consumer)).consumerDescription().consumerStatusAsString()
                .equals("ACTIVE")) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        return consumer;
    }

    /**
     * Puts {@code records} records with one PutRecord each at {@code perSecond}, each carrying its send time, to
     * a stream a subscriber reads from LATEST; the histogram holds send-to-event times.
     */
    static Latency latency(URI endpoint, int records, int perSecond, int warmup) throws Exception {
        try (KinesisClient kinesis = Clients.sync(endpoint, true, 8); KinesisAsyncClient async = async(endpoint)) {
            String consumer = streamWithConsumer(kinesis, "fan-out-latency");
            Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            CountDownLatch all = new CountDownLatch(records + warmup);
            CompletableFuture<Void> subscribed = new CompletableFuture<>();
            SubscribeToShardResponseHandler handler = SubscribeToShardResponseHandler.builder()
                    .onResponse(r -> subscribed.complete(null))
                    .subscriber(event -> {
                        long now = System.nanoTime();
                        for (Record record : ((SubscribeToShardEvent) event).records()) {
                            ByteBuffer data = record.data().asByteBuffer();
                            long sent = data.getLong(0);
                            long index = data.getLong(8);
                            if (index >= warmup) {
                                histogram.recordValue(Math.max(0, now - sent));
                            }
                            all.countDown();
                        }
                    })
                    .build();
            CompletableFuture<Void> done = async.subscribeToShard(b -> b.consumerARN(consumer)
                    .shardId("shardId-000000000000").startingPosition(p -> p.type(ShardIteratorType.LATEST)), handler);
            subscribed.get(30, TimeUnit.SECONDS);
            // Several sync senders share the rate, so one slow call does not hold up the schedule; each record
            // carries the time its PutRecord call began.
            int senders = 8;
            int total = records + warmup;
            long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < senders; t++) {
                int first = t;
                Thread sender = new Thread(() -> {
                    for (int i = first; i < total; i += senders) {
                        long due = start + i * interval;
                        long wait;
                        while ((wait = due - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        ByteBuffer payload = ByteBuffer.allocate(100);
                        payload.putLong(0, System.nanoTime()).putLong(8, i);
                        kinesis.putRecord(b -> b.streamName("fan-out-latency").partitionKey("k")
                                .data(SdkBytes.fromByteBuffer(payload)));
                    }
                }, "fan-out-sender-" + t);
                sender.start();
                threads.add(sender);
            }
            for (Thread sender : threads) {
                sender.join();
            }
            double rate = total / ((System.nanoTime() - start) / 1e9);
            if (!all.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Only " + (total - all.getCount()) + " records arrived");
            }
            done.cancel(true);
            return new Latency(histogram.getTotalCount(), histogram.getValueAtPercentile(50) / 1e6,
                    histogram.getValueAtPercentile(99) / 1e6, histogram.getMaxValue() / 1e6, rate);
        }
    }

    /** Loads {@code records} 100-byte records, then times one subscriber reading all of them from TRIM_HORIZON. */
    static Drain drain(URI endpoint, long records) throws Exception {
        try (KinesisClient kinesis = Clients.sync(endpoint, true, 4); KinesisAsyncClient async = async(endpoint)) {
            String consumer = streamWithConsumer(kinesis, "fan-out-drain");
            byte[] payload = new byte[100];
            List<PutRecordsRequestEntry> batch = new ArrayList<>(500);
            for (int i = 0; i < 500; i++) {
                batch.add(PutRecordsRequestEntry.builder().partitionKey("k" + i)
                        .data(SdkBytes.fromByteArray(payload)).build());
            }
            for (long loaded = 0; loaded < records; loaded += 500) {
                var response = kinesis.putRecords(b -> b.streamName("fan-out-drain").records(batch));
                if (response.failedRecordCount() > 0) {
                    throw new IllegalStateException("Load failed: " + response.failedRecordCount() + " records");
                }
            }
            AtomicLong received = new AtomicLong();
            AtomicLong first = new AtomicLong();
            CountDownLatch complete = new CountDownLatch(1);
            long target = (records + 499) / 500 * 500;
            SubscribeToShardResponseHandler handler = SubscribeToShardResponseHandler.builder()
                    .subscriber(event -> {
                        first.compareAndSet(0, System.nanoTime());
                        if (received.addAndGet(((SubscribeToShardEvent) event).records().size()) >= target) {
                            complete.countDown();
                        }
                    })
                    .build();
            long started = System.nanoTime();
            CompletableFuture<Void> done = async.subscribeToShard(b -> b.consumerARN(consumer)
                    .shardId("shardId-000000000000")
                    .startingPosition(p -> p.type(ShardIteratorType.TRIM_HORIZON)), handler);
            if (!complete.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("Drained only " + received.get() + " records");
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            done.cancel(true);
            return new Drain(received.get(), seconds, received.get() / seconds);
        }
    }
}
