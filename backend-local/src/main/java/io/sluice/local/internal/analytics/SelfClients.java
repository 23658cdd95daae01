package io.sluice.local.internal.analytics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * SDK clients of the backend's own Kinesis and Firehose APIs, one per region, made on first use (the backend
 * serves by then) and closed with it. Thread-safe.
 */
public final class SelfClients implements AnalyticsRuntime.Clients, AutoCloseable {

    private final Function<String, KinesisClient> kinesisMaker;
    private final Function<String, FirehoseClient> firehoseMaker;
    private final Map<String, KinesisClient> kinesis = new ConcurrentHashMap<>();
    private final Map<String, FirehoseClient> firehose = new ConcurrentHashMap<>();

    private final io.sluice.local.internal.firehose.DeliveryTaps taps;

    public SelfClients(Function<String, KinesisClient> kinesisMaker, Function<String, FirehoseClient> firehoseMaker,
            io.sluice.local.internal.firehose.DeliveryTaps taps) {
        this.taps = taps;
        this.kinesisMaker = kinesisMaker;
        this.firehoseMaker = firehoseMaker;
    }

    @Override
    public KinesisClient kinesis(String region) {
        return kinesis.computeIfAbsent(region, kinesisMaker);
    }

    @Override
    public FirehoseClient firehose(String region) {
        return firehose.computeIfAbsent(region, firehoseMaker);
    }

    @Override
    public io.sluice.local.internal.firehose.DeliveryTaps taps() {
        return taps;
    }

    @Override
    public void close() {
        kinesis.values().forEach(KinesisClient::close);
        firehose.values().forEach(FirehoseClient::close);
        kinesis.clear();
        firehose.clear();
    }
}
