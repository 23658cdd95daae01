package io.sluice.samples.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.consumer.InitializationInput;
import io.sluice.consumer.KinesisClientRecord;
import io.sluice.consumer.LeaseLostInput;
import io.sluice.consumer.ProcessRecordsInput;
import io.sluice.consumer.ShardEndedInput;
import io.sluice.consumer.ShardRecordProcessor;
import io.sluice.consumer.ShardRecordProcessorFactory;
import io.sluice.consumer.ShutdownRequestedInput;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The consumer workers' business logic: counts click events per page, remembers which event ids it saw (so the
 * quickstart can check nothing was lost), and checkpoints at most every {@code interval}. One instance is shared
 * by a fleet in this process; each shard gets its own processor. Thread-safe.
 */
final class PageCounter implements ShardRecordProcessorFactory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, LongAdder> perPage = new ConcurrentHashMap<>();
    private final Set<Long> seen = ConcurrentHashMap.newKeySet();
    private final LongAdder deliveries = new LongAdder();
    private final Duration interval;
    private final Clock clock;

    PageCounter(Duration interval, Clock clock) {
        this.interval = interval;
        this.clock = clock;
    }

    Map<String, LongAdder> perPage() {
        return perPage;
    }

    Set<Long> seen() {
        return seen;
    }

    /** Records handed to processors, replays included. */
    long deliveries() {
        return deliveries.sum();
    }

    @Override
    public ShardRecordProcessor shardRecordProcessor() {
        return new ShardRecordProcessor() {
            private long lastCheckpoint;

            @Override
            public void initialize(InitializationInput input) {
                lastCheckpoint = clock.millis();
            }

            @Override
            public void processRecords(ProcessRecordsInput input) {
                for (KinesisClientRecord record : input.records()) {
                    deliveries.increment();
                    try {
                        JsonNode click = JSON.readTree(record.dataBytes());
                        seen.add(click.get("event_id").asLong());
                        perPage.computeIfAbsent(click.get("page").asText(), k -> new LongAdder()).increment();
                    } catch (IOException | RuntimeException e) {
                        // A record that is not a click: skip it (a real application would dead-letter it).
                    }
                }
                if (clock.millis() - lastCheckpoint >= interval.toMillis() && !input.records().isEmpty()) {
                    input.checkpointer().checkpoint();
                    lastCheckpoint = clock.millis();
                }
            }

            @Override
            public void leaseLost(LeaseLostInput input) {
                // Another worker has the shard now; nothing to clean up.
            }

            @Override
            public void shardEnded(ShardEndedInput input) {
                input.checkpointer().checkpoint();
            }

            @Override
            public void shutdownRequested(ShutdownRequestedInput input) {
                input.checkpointer().checkpoint();
            }
        };
    }
}
