package io.sluice.local.internal.analytics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The applications' meters, registered once per name and tags so an application that restarts goes on counting
 * in the same ones: InputRecords, InputBytes, OutputRecords, OutputBytes (totals) and MillisBehindLatest.
 * Thread-safe.
 */
final class AnalyticsMeters {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, AtomicLong> values = new ConcurrentHashMap<>();

    AnalyticsMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The value behind a gauge of this name and tags, made and registered on first use. */
    AtomicLong counter(String name, Tags tags) {
        return values.computeIfAbsent(name + tags, k -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::doubleValue).tags(tags).register(registry);
            return value;
        });
    }
}
