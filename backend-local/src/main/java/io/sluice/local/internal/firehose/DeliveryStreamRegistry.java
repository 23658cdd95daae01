package io.sluice.local.internal.firehose;

import io.sluice.local.internal.firehose.delivery.DeliveryPipeline;
import io.sluice.local.internal.firehose.delivery.PipelineEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The delivery streams of every region, with their pipelines and source readers; restores them from the data
 * directory at start. Thread-safe.
 */
public final class DeliveryStreamRegistry implements AutoCloseable {

    /** How often a KinesisStreamAsSource stream reads each shard of its source, as AWS does. */
    static final Duration SOURCE_READ_INTERVAL = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(DeliveryStreamRegistry.class);

    private final Map<String, DeliveryStream> streams = new ConcurrentHashMap<>();
    private final DeliveryTaps taps = new DeliveryTaps();
    private final Map<String, ScheduledFuture<?>> readers = new ConcurrentHashMap<>();
    private final java.util.Set<String> sources = ConcurrentHashMap.newKeySet();
    private final FirehoseStore store;
    private final PipelineEnvironment env;
    private final Duration createDelay;
    private final Duration deleteDelay;
    private final Supplier<KinesisClient> kinesis;

    /**
     * @param kinesis a client of this backend's Kinesis API, made when the first stream-sourced stream needs it
     */
    public DeliveryStreamRegistry(java.nio.file.Path dataDirectory, boolean fsync, PipelineEnvironment env,
            Duration createDelay, Duration deleteDelay, Supplier<KinesisClient> kinesis) {
        this.store = new FirehoseStore(dataDirectory, fsync);
        this.env = env;
        this.createDelay = createDelay;
        this.deleteDelay = deleteDelay;
        this.kinesis = kinesis;
        for (DeliveryStreamState state : store.load()) {
            if (state.deleted() != null) {
                store.delete(state);
                continue;
            }
            streams.put(key(state.region(), state.name()), open(state));
        }
    }

    private static String key(String region, String name) {
        return region + "/" + name;
    }

    private DeliveryStream open(DeliveryStreamState state) {
        DeliveryPipeline pipeline = new DeliveryPipeline(DeliverySettingsCompiler.compile(state),
                store.openLog(state), env);
        return new DeliveryStream(state, pipeline);
    }

    Duration createDelay() {
        return createDelay;
    }

    /** Starts reading the sources of stream-sourced delivery streams; called once the backend serves. */
    public void startSources() {
        streams.values().forEach(this::startSource);
    }

    private void startSource(DeliveryStream stream) {
        DeliveryStreamState state = stream.state();
        if (!state.readsStream() || sources.contains(key(state.region(), state.name()))) {
            return;
        }
        sources.add(key(state.region(), state.name()));
        StreamSourceReader reader = new StreamSourceReader(state.kinesisSource().kinesisStreamArn(),
                state.created(), kinesis.get(), stream.pipeline(), store.loadSource(state),
                positions -> store.saveSource(stream.state(), positions),
                (records, arrival) -> taps.accepted(state.region(), state.name(), records, arrival));
        stream.source(reader);
        scheduleRound(key(state.region(), state.name()), reader, state.name());
    }

    /** Runs one round of a source a second after the last one ended, so slow rounds never pile up. */
    private void scheduleRound(String key, StreamSourceReader reader, String name) {
        if (!sources.contains(key)) {
            return;
        }
        try {
            readers.put(key, env.timer().schedule(() -> env.work().execute(() -> {
                try {
                    reader.round();
                } catch (RuntimeException e) {
                    log.warn("Reading the source of delivery stream {} failed: {}", name, e.toString());
                }
                scheduleRound(key, reader, name);
            }), SOURCE_READ_INTERVAL.toMillis(), TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            sources.remove(key);
        }
    }

    private void stopSource(String key) {
        sources.remove(key);
        ScheduledFuture<?> reader = readers.remove(key);
        if (reader != null) {
            reader.cancel(false);
        }
    }

    /** Adds a new stream, or returns {@code null} when the name is taken in its region. */
    DeliveryStream create(DeliveryStreamState state, boolean sourceReady) {
        String key = key(state.region(), state.name());
        synchronized (streams) {
            if (streams.containsKey(key)) {
                return null;
            }
            store.save(state);
            DeliveryStream stream = open(state);
            streams.put(key, stream);
            if (sourceReady) {
                startSource(stream);
            }
            return stream;
        }
    }

    /** The readers of what the streams take in. */
    public DeliveryTaps taps() {
        return taps;
    }

    /** The stream of that name, deleting or not, or {@code null}. */
    DeliveryStream find(String region, String name) {
        return streams.get(key(region, name));
    }

    /** The names in a region, sorted. */
    List<DeliveryStream> list(String region) {
        List<DeliveryStream> found = new ArrayList<>();
        for (DeliveryStream stream : streams.values()) {
            if (stream.state().region().equals(region)) {
                found.add(stream);
            }
        }
        found.sort((a, b) -> a.state().name().compareTo(b.state().name()));
        return found;
    }

    /** Stores a changed state; the caller holds the stream's lock. */
    void save(DeliveryStream stream, DeliveryStreamState state) {
        store.save(state);
        stream.state(state);
    }

    /** Marks a stream deleted: it stops reading and delivering, and is gone after the delete delay. */
    void delete(DeliveryStream stream, DeliveryStreamState deleted) {
        save(stream, deleted);
        stopSource(key(deleted.region(), deleted.name()));
        stream.pipeline().close();
    }

    /** Ticks every pipeline's buffers, and removes deleted streams whose delay has passed. */
    public void tick() {
        long now = env.clock().millis();
        for (Map.Entry<String, DeliveryStream> entry : streams.entrySet()) {
            DeliveryStreamState state = entry.getValue().state();
            if (state.deleted() == null) {
                entry.getValue().pipeline().tick();
            } else if (now - state.deleted().toEpochMilli() >= deleteDelay.toMillis()) {
                synchronized (streams) {
                    if (streams.remove(entry.getKey(), entry.getValue())) {
                        store.delete(state);
                    }
                }
            }
        }
    }

    /**
     * Seals every buffer and waits (at most {@code timeout}) until everything accepted is delivered: a graceful
     * stop delivers what it holds instead of leaving it to the next start.
     */
    public void drain(Duration timeout) {
        streams.values().forEach(s -> s.pipeline().flush());
        // Elapsed time, not the backend's clock: a test's clock that stands still must not stretch the stop.
        long deadline = System.nanoTime() + timeout.toNanos();
        for (DeliveryStream stream : streams.values()) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!stream.pipeline().awaitIdle(Duration.ofNanos(left))) {
                    log.warn("Delivery stream {} still held undelivered records when the backend stopped; {}",
                            stream.state().name(), store.durable() ? "they are delivered after the next start"
                                    : "they are lost with the in-memory backend");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops the stream sources and makes every pipeline refuse new records (the backend is stopping). */
    public void stopIntake() {
        List.copyOf(sources).forEach(this::stopSource);
        streams.values().forEach(s -> s.pipeline().stopIntake());
    }

    @Override
    public void close() {
        List.copyOf(sources).forEach(this::stopSource);
        streams.values().forEach(s -> s.pipeline().close());
    }
}
