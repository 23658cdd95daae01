package io.sluice.local.internal.firehose.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers sealed objects: compressed into the S3 destination (or backup), or sent to the HTTP endpoint; and
 * writes failed records to error output. A failed S3 write is retried with exponential backoff until it succeeds
 * (AWS keeps trying for 24 hours; a local folder that refuses writes needs the user anyway), so nothing is lost.
 * Thread-safe.
 */
final class ObjectDelivery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ObjectDelivery.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final PipelineEnvironment env;
    private final StreamMetrics metrics;
    private final HttpDelivery http;
    private volatile boolean closed;

    ObjectDelivery(PipelineEnvironment env, StreamMetrics metrics) {
        this.env = env;
        this.metrics = metrics;
        this.http = new HttpDelivery(env, metrics, this);
    }

    /** Delivers an object on a work thread. */
    void submit(PendingObject object) {
        run(() -> deliver(object, 0));
    }

    private void deliver(PendingObject object, int attempt) {
        DeliverySettings settings = object.settings();
        if (!object.backup() && settings.http() != null) {
            http.send(object);
            return;
        }
        S3Target target = object.backup() ? settings.backup() : settings.s3();
        String key = target.objectKey(settings.streamName(), settings.version(),
                Instant.ofEpochMilli(object.oldestArrivalMillis()), object.partitionKeys());
        String entry = key.substring(key.lastIndexOf('/') + 1);
        if (entry.endsWith(target.extension()) && !target.extension().isEmpty()) {
            entry = entry.substring(0, entry.length() - target.extension().length());
        }
        try {
            byte[] bytes = target.compression().compress(object.data(), object.bytes(), entry);
            env.store().put(target.bucket(), key, bytes, target.compression().contentEncoding());
        } catch (ObjectStore.InvalidKeyException e) {
            (object.backup() ? metrics.backupSuccess : metrics.s3Success).record(0);
            if (!object.partitionKeys().isEmpty()) {
                writeErrors(settings, object.records(), List.of(e.getMessage()), Partitioning.ERROR_CODE,
                        Partitioning.ERROR_OUTPUT_TYPE, attempt + 1, null);
                return;
            }
            retry(object, attempt, e);
            return;
        } catch (IOException | RuntimeException e) {
            (object.backup() ? metrics.backupSuccess : metrics.s3Success).record(0);
            retry(object, attempt, e);
            return;
        }
        if (object.backup()) {
            metrics.backupSuccess.record(1);
            metrics.backupRecords.increment(object.records().size());
            metrics.backupBytes.increment(object.bytes());
        } else {
            metrics.s3Success.record(1);
            metrics.s3Records.increment(object.records().size());
            metrics.s3Bytes.increment(object.bytes());
            metrics.s3Objects.increment();
        }
        done(object);
    }

    private void retry(PendingObject object, int attempt, Exception cause) {
        Duration wait = backoff(attempt);
        log.warn("Delivery stream {}: writing an object failed ({}); retrying in {} ms",
                object.settings().streamName(), cause.toString(), wait.toMillis());
        schedule(() -> deliver(object, attempt + 1), wait);
    }

    static Duration backoff(int attempt) {
        long millis = FIRST_RETRY.toMillis() << Math.min(attempt, 20);
        return Duration.ofMillis(Math.min(millis, MAX_RETRY.toMillis()));
    }

    /** The object is delivered or its records are in error output: each record is done. */
    void done(PendingObject object) {
        object.complete();
    }

    /**
     * Writes records that failed a step to the error output of the destination's S3 settings, one object of
     * JSON lines, uncompressed and without an extension; the records are done once it is written.
     */
    void writeErrors(DeliverySettings settings, List<DeliveryRecord> records, List<String> reasons,
            String errorCode, String errorOutputType, int attempts, String lambdaArn) {
        long now = env.clock().millis();
        long oldest = Long.MAX_VALUE;
        for (DeliveryRecord record : records) {
            oldest = Math.min(oldest, record.source().arrivalMillis());
        }
        byte[] lines = ErrorRecords.lines(records, reasons, errorCode, attempts, now, lambdaArn);
        S3Target target = settings.s3();
        String key = target.errorKey(settings.streamName(), settings.version(), Instant.ofEpochMilli(oldest),
                Map.of(), errorOutputType);
        PendingObject object = new PendingObject(settings, false, Map.of(), records, lines.length, oldest);
        run(() -> writeError(object, target, key, lines, 0));
    }

    private void writeError(PendingObject object, S3Target target, String key, byte[] lines, int attempt) {
        try {
            env.store().put(target.bucket(), key, lines, null);
        } catch (IOException | UncheckedIOException e) {
            log.warn("Delivery stream {}: writing error output failed ({}); retrying",
                    object.settings().streamName(), e.toString());
            schedule(() -> writeError(object, target, key, lines, attempt + 1), backoff(attempt));
            return;
        }
        done(object);
    }

    void run(Runnable task) {
        runOn(env.work(), task);
    }

    /** Runs a task on a pipeline pool, logging what it throws. */
    void runOn(java.util.concurrent.Executor executor, Runnable task) {
        if (closed) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("Firehose delivery task failed", e);
                }
            });
        } catch (RejectedExecutionException stopping) {
            log.debug("Delivery skipped: the backend is stopping");
        }
    }

    void schedule(Runnable task, Duration delay) {
        if (closed) {
            return;
        }
        try {
            env.timer().schedule(() -> run(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            log.debug("Retry skipped: the backend is stopping");
        }
    }

    boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
