package io.sluice.chaos;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.producer.KinesisProducer;
import io.sluice.producer.ProducerConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * N producers (each its own Sluice {@link KinesisProducer}, on a thread of its own) writing records that carry
 * their key and the key's counter, at a steady rate; and bursts onto one key, so that its shard passes the
 * per-shard limits and the producer is throttled. Record data: {@code <key> <counter> <padding>\n}. Every future's
 * outcome goes to the {@link Ledger}. Thread-safe.
 */
final class ProducerFleet implements AutoCloseable {

    /** Bound on each producer's buffered bytes (also what the memory check holds it to). */
    static final long MAX_BUFFERED_BYTES = 16L * 1024 * 1024;

    private final String stream;
    private final Ledger ledger;
    private final int keysPerProducer;
    private final int recordsPerSecond;
    private final int recordBytes;
    private final List<KinesisProducer> producers = new ArrayList<>();
    private final List<SimpleMeterRegistry> registries = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicLong maxOutstandingBytes = new AtomicLong();
    private final AtomicLong bursts = new AtomicLong();

    ProducerFleet(URI endpoint, String stream, Ledger ledger, int producerCount, int keysPerProducer,
            int recordsPerSecond, int recordBytes) {
        this.stream = stream;
        this.ledger = ledger;
        this.keysPerProducer = keysPerProducer;
        this.recordsPerSecond = recordsPerSecond;
        this.recordBytes = recordBytes;
        for (int p = 0; p < producerCount; p++) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            registries.add(registry);
            producers.add(KinesisProducer.create(ProducerConfig.builder()
                    .endpoint(endpoint).region("us-east-1")
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("chaos", "chaos")))
                    .recordTtl(Duration.ofMinutes(10))        // outlives any backend restart of the run
                    .maxBlockTime(Duration.ofMinutes(5))
                    .maxBufferedBytes(MAX_BUFFERED_BYTES)
                    .requestTimeout(Duration.ofSeconds(5))
                    .connectTimeout(Duration.ofSeconds(2))
                    .meterRegistry(registry)
                    .build()));
        }
    }

    void start() {
        Thread sampler = new Thread(() -> {
            while (!stopping.get()) {
                producers.forEach(this::sampleMemory);
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
        }, "chaos-memory-sampler");
        sampler.setDaemon(true);
        sampler.start();
        for (int p = 0; p < producers.size(); p++) {
            int id = p;
            Thread thread = new Thread(() -> produce(id), "chaos-producer-" + p);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void produce(int id) {
        KinesisProducer producer = producers.get(id);
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / recordsPerSecond;
        long next = System.nanoTime();
        for (long i = 0; !stopping.get(); i++) {
            String key = "p" + id + "-k" + (i % keysPerProducer);
            put(producer, key, recordBytes);
            sampleMemory(producer);
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            } else if (wait < -TimeUnit.SECONDS.toNanos(1)) {
                next = System.nanoTime(); // back-pressure held us up: do not try to catch up in a rush
            }
        }
    }

    private void put(KinesisProducer producer, String key, int size) {
        long counter = ledger.next(key);
        byte[] data = data(key, counter, size);
        try {
            producer.addUserRecord(stream, key, data).whenComplete((result, error) -> {
                if (error == null) {
                    ledger.acknowledged(key, counter);
                } else {
                    ledger.failed(error);
                }
            });
        } catch (RuntimeException e) {
            ledger.failed(e);
        }
    }

    static byte[] data(String key, long counter, int size) {
        byte[] head = (key + " " + counter + " ").getBytes(StandardCharsets.UTF_8);
        byte[] data = new byte[Math.max(size, head.length + 1)];
        System.arraycopy(head, 0, data, 0, head.length);
        Arrays.fill(data, head.length, data.length - 1, (byte) 'x');
        data[data.length - 1] = '\n';
        return data;
    }

    private void sampleMemory(KinesisProducer producer) {
        maxOutstandingBytes.accumulateAndGet(producer.outstandingBytes(), Math::max);
    }

    /**
     * Writes 20 KiB records onto one new key as fast as back-pressure lets one producer, for {@code millis}:
     * about 2 MiB/s or more onto one shard, past its 1 MiB/s limit.
     */
    void burst(int producerIndex, long millis) {
        KinesisProducer producer = producers.get(producerIndex % producers.size());
        String key = "burst-" + bursts.incrementAndGet();
        Thread thread = new Thread(() -> {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (System.nanoTime() < end && !stopping.get()) {
                put(producer, key, 20 * 1024);
                sampleMemory(producer);
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }, "chaos-burst");
        thread.setDaemon(true);
        thread.start();
    }

    /** Records the producers were throttled on (ProvisionedThroughputExceededException), so far. */
    long throttledRecords() {
        double total = 0;
        for (SimpleMeterRegistry registry : registries) {
            for (Counter counter : registry.find("ErrorsByCode").tag("code",
                    "ProvisionedThroughputExceededException").counters()) {
                total += counter.count();
            }
        }
        return (long) total;
    }

    long maxOutstandingBytes() {
        return maxOutstandingBytes.get();
    }

    /** Stops adding records, then waits until every future completed; true when they all did in time. */
    boolean stopAndFlush(Duration timeout) throws InterruptedException {
        stopping.set(true);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (KinesisProducer producer : producers) {
            long left = deadline - System.nanoTime();
            producer.flushSync(Duration.ofNanos(Math.max(1, left)));
        }
        while (ledger.pendingCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return ledger.pendingCount() == 0;
    }

    @Override
    public void close() {
        stopping.set(true);
        for (KinesisProducer producer : producers) {
            producer.close(Duration.ofSeconds(10));
        }
    }
}
