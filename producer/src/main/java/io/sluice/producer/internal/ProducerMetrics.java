package io.sluice.producer.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The producer's meters, named as the KPL names its metrics and tagged with {@code stream} (and {@code shard}
 * where the KPL has a shard dimension), each registered with a description and a base unit.
 *
 * <p>Thread-safety: {@link #received} is called from user threads and caches in a concurrent map; every other
 * method is called by the sender thread alone and caches in plain maps.
 */
final class ProducerMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> received = new ConcurrentHashMap<>();
    private final Map<String, StreamMeters> streams = new HashMap<>();
    private final Map<String, ShardMeters> shards = new HashMap<>();
    private final Map<String, Counter> errors = new HashMap<>();

    /** Per-stream meters. */
    static final class StreamMeters {
        final Timer bufferingTime;
        final Timer requestTime;
        final DistributionSummary retriesPerRecord;
        final DistributionSummary kinesisRecordsPerRequest;
        final Counter expired;
        final Counter allErrors;

        private StreamMeters(MeterRegistry registry, String stream) {
            bufferingTime = Timer.builder("BufferingTime").tag("stream", stream)
                    .description("Time from addUserRecord until the user record was first sent")
                    .register(registry);
            requestTime = Timer.builder("RequestTime").tag("stream", stream)
                    .description("Time a PutRecords request took").register(registry);
            retriesPerRecord = DistributionSummary.builder("RetriesPerRecord").tag("stream", stream)
                    .baseUnit("retries").description("Retries a user record needed before it completed")
                    .register(registry);
            kinesisRecordsPerRequest = DistributionSummary.builder("KinesisRecordsPerPutRecordsRequest")
                    .tag("stream", stream).baseUnit("records")
                    .description("Kinesis records in one PutRecords request").register(registry);
            expired = Counter.builder("UserRecordExpired").tag("stream", stream).baseUnit("records")
                    .description("User records that failed because their time-to-live ran out")
                    .register(registry);
            allErrors = Counter.builder("AllErrors").tag("stream", stream).baseUnit("errors")
                    .description("Errors of PutRecords requests and of records in them, all codes")
                    .register(registry);
        }
    }

    /** Per-shard meters. */
    static final class ShardMeters {
        final Counter userRecordsPut;
        final Counter userRecordsDataPut;
        final Counter kinesisRecordsPut;
        final Counter kinesisRecordsDataPut;
        final DistributionSummary userRecordsPerKinesisRecord;

        private ShardMeters(MeterRegistry registry, String stream, String shard) {
            userRecordsPut = Counter.builder("UserRecordsPut").tags("stream", stream, "shard", shard)
                    .baseUnit("records").description("User records put successfully").register(registry);
            userRecordsDataPut = Counter.builder("UserRecordsDataPut").tags("stream", stream, "shard", shard)
                    .baseUnit("bytes").description("Bytes of data of user records put successfully")
                    .register(registry);
            kinesisRecordsPut = Counter.builder("KinesisRecordsPut").tags("stream", stream, "shard", shard)
                    .baseUnit("records").description("Kinesis records (aggregates or single records) put")
                    .register(registry);
            kinesisRecordsDataPut = Counter.builder("KinesisRecordsDataPut").tags("stream", stream, "shard", shard)
                    .baseUnit("bytes").description("Bytes of Kinesis records put, data plus partition key")
                    .register(registry);
            userRecordsPerKinesisRecord = DistributionSummary.builder("UserRecordsPerKinesisRecord")
                    .tags("stream", stream, "shard", shard).baseUnit("records")
                    .description("User records aggregated into one Kinesis record").register(registry);
        }
    }

    ProducerMetrics(MeterRegistry registry, Supplier<Number> pendingRecords, Supplier<Number> pendingBytes) {
        this.registry = registry;
        Gauge.builder("UserRecordsPending", pendingRecords).baseUnit("records")
                .description("User records added and not yet completed").register(registry);
        Gauge.builder("UserRecordsPendingBytes", pendingBytes).baseUnit("bytes")
                .description("Bytes the producer's buffer holds for pending user records").register(registry);
    }

    void received(String stream) {
        received.computeIfAbsent(stream, s -> Counter.builder("UserRecordsReceived").tag("stream", s)
                .baseUnit("records").description("User records accepted by addUserRecord").register(registry))
                .increment();
    }

    StreamMeters stream(String stream) {
        return streams.computeIfAbsent(stream, s -> new StreamMeters(registry, s));
    }

    ShardMeters shard(String stream, String shard) {
        return shards.computeIfAbsent(stream + '\u0000' + shard, k -> new ShardMeters(registry, stream, shard));
    }

    void error(String stream, String shard, String code) {
        stream(stream).allErrors.increment();
        errors.computeIfAbsent(stream + '\u0000' + shard + '\u0000' + code, k -> Counter.builder("ErrorsByCode")
                .tags("stream", stream, "shard", shard, "code", code).baseUnit("errors")
                .description("Errors of PutRecords requests and of records in them, by error code")
                .register(registry)).increment();
    }

    static void recordMillis(Timer timer, long millis) {
        timer.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }
}
