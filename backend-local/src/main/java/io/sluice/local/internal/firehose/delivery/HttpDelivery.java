package io.sluice.local.internal.firehose.delivery;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Sends objects to an HTTP endpoint destination with Firehose's request contract: a POST of
 * {@code {"requestId", "timestamp", "records":[{"data": base64}]}} with the {@code X-Amz-Firehose-*} headers;
 * only 200 is success. Failures are retried (the same request id, backoff from 1 s doubling with 15% jitter,
 * capped at 2 minutes) until the retry duration has passed, then the records go to the S3 settings' error
 * output as {@code http-endpoint-failed}. Thread-safe.
 */
final class HttpDelivery {

    static final String ERROR_OUTPUT_TYPE = "http-endpoint-failed";
    /** The most records one request carries. */
    static final int MAX_RECORDS = 10_000;
    static final Duration TIMEOUT = Duration.ofMinutes(3);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PipelineEnvironment env;
    private final StreamMetrics metrics;
    private final ObjectDelivery delivery;

    HttpDelivery(PipelineEnvironment env, StreamMetrics metrics, ObjectDelivery delivery) {
        this.env = env;
        this.metrics = metrics;
        this.delivery = delivery;
    }

    void send(PendingObject object) {
        attempt(object, UUID.randomUUID().toString(), env.clock().millis(), 0, 1);
    }

    /**
     * One attempt.
     *
     * @param firstMillis when the first attempt started
     * @param waitedMillis time spent waiting for responses so far, which the retry duration does not count
     */
    private void attempt(PendingObject object, String requestId, long firstMillis, long waitedMillis, int attempt) {
        HttpTarget target = object.settings().http();
        HttpRequest request;
        try {
            request = request(object, target, requestId);
        } catch (RuntimeException e) {
            delivery.writeErrors(object.settings(), object.records(), List.of("The request could not be built: "
                    + e.getMessage()), "HttpEndpoint.InvalidRequest", ERROR_OUTPUT_TYPE, attempt, null);
            return;
        }
        metrics.httpProcessedRecords.increment(object.records().size());
        long sent = env.clock().millis();
        env.http().sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() == 200) {
                metrics.httpSuccess.record(1);
                metrics.httpRecords.increment(object.records().size());
                metrics.httpBytes.increment(object.bytes());
                delivery.done(object);
                return;
            }
            metrics.httpSuccess.record(0);
            String code = error != null ? "HttpEndpoint.ConnectionFailed" : "HttpEndpoint.DestinationException";
            String message = error != null ? "Could not connect to the endpoint: " + error
                    : "Received the following response from the endpoint destination. " + response.statusCode()
                            + ": " + response.body();
            Duration wait = backoff(attempt);
            long now = env.clock().millis();
            long waited = waitedMillis + (now - sent);
            long retrying = now - firstMillis - waited;
            boolean permanent = error == null && response.statusCode() == 413;
            if (permanent || retrying + wait.toMillis() > target.retryDuration().toMillis()) {
                delivery.writeErrors(object.settings(), object.records(), List.of(message), code,
                        ERROR_OUTPUT_TYPE, attempt, null);
            } else {
                delivery.schedule(() -> attempt(object, requestId, firstMillis, waited, attempt + 1), wait);
            }
        });
    }

    /** 1 s doubling per attempt, +-15% jitter, at most 2 minutes. */
    static Duration backoff(int attempt) {
        long base = Math.min(1000L << Math.min(attempt - 1, 20), MAX_BACKOFF.toMillis());
        double jitter = 1 + (ThreadLocalRandom.current().nextDouble() * 0.3 - 0.15);
        return Duration.ofMillis((long) Math.min(base * jitter, MAX_BACKOFF.toMillis()));
    }

    private HttpRequest request(PendingObject object, HttpTarget target, String requestId) {
        byte[] body = body(object, requestId, env.clock().millis());
        HttpRequest.Builder builder = HttpRequest.newBuilder(target.url()).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("X-Amz-Firehose-Protocol-Version", "1.0")
                .header("X-Amz-Firehose-Request-Id", requestId)
                .header("X-Amz-Firehose-Source-Arn", object.settings().streamArn());
        if (target.accessKey() != null) {
            builder.header("X-Amz-Firehose-Access-Key", target.accessKey());
        }
        if (!target.commonAttributes().isEmpty()) {
            try {
                builder.header("X-Amz-Firehose-Common-Attributes", JSON.writeValueAsString(
                        java.util.Map.of("commonAttributes", target.commonAttributes())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (target.gzip()) {
            builder.header("Content-Encoding", "gzip");
            body = gzip(body);
        }
        return builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static byte[] body(PendingObject object, String requestId, long now) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 64,
                object.bytes() * 4 / 3 + object.records().size() * 12L + 128));
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("requestId", requestId);
            json.writeNumberField("timestamp", now);
            json.writeArrayFieldStart("records");
            for (DeliveryRecord record : object.records()) {
                json.writeStartObject();
                json.writeBinaryField("data", record.data());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
