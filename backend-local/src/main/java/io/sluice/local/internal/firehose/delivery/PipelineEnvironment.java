package io.sluice.local.internal.firehose.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every delivery stream's pipeline shares: the clock, the threads, the object store, the meters, the
 * transformations and the HTTP client. Immutable.
 *
 * @param clock decides buffering intervals, retry durations and time prefixes
 * @param work runs deliveries (compression is CPU work)
 * @param transforms runs transformations, which may wait minutes for a function
 * @param timer schedules retries
 * @param store where S3 objects go
 * @param meters where metrics go
 * @param transformers resolves LambdaArn values to transformations
 * @param http sends HTTP endpoint requests and Lambda events to URLs
 */
public record PipelineEnvironment(Clock clock, Executor work, Executor transforms,
        ScheduledExecutorService timer,
        ObjectStore store, MeterRegistry meters, Transformers transformers, HttpClient http) {
}
