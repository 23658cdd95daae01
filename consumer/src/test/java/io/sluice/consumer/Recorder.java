package io.sluice.consumer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A processor factory for tests: every delivered user record is recorded (worker, shard, key, data, position),
 * and each batch is checkpointed after it is recorded, unless told otherwise. Thread-safe.
 */
final class Recorder implements ShardRecordProcessorFactory {

    /** One delivery of a user record. */
    record Delivery(String worker, String shardId, String partitionKey, String data, String sequenceNumber,
            long subSequenceNumber) {
    }

    private final String worker;
    private final List<Delivery> deliveries;
    private final Map<String, Integer> shardEnds;
    private final Map<String, List<Delivery>> uncheckpointed;
    private final java.util.Set<Delivery> mayRepeat;
    private volatile boolean checkpointEachBatch = true;
    private volatile Predicate<Delivery> failOn = d -> false;

    Recorder(String worker) {
        this(worker, new CopyOnWriteArrayList<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
                ConcurrentHashMap.newKeySet());
    }

    private Recorder(String worker, List<Delivery> deliveries, Map<String, Integer> shardEnds,
            Map<String, List<Delivery>> uncheckpointed, java.util.Set<Delivery> mayRepeat) {
        this.worker = worker;
        this.deliveries = deliveries;
        this.shardEnds = shardEnds;
        this.uncheckpointed = uncheckpointed;
        this.mayRepeat = mayRepeat;
    }

    /** A recorder for another worker that records into the same lists. */
    Recorder forWorker(String otherWorker) {
        Recorder other = new Recorder(otherWorker, deliveries, shardEnds, uncheckpointed, mayRepeat);
        other.checkpointEachBatch = checkpointEachBatch;
        return other;
    }

    Recorder checkpointEachBatch(boolean on) {
        this.checkpointEachBatch = on;
        return this;
    }

    Recorder failOn(Predicate<Delivery> failOn) {
        this.failOn = failOn;
        return this;
    }

    List<Delivery> deliveries() {
        return new ArrayList<>(deliveries);
    }

    /**
     * Marks what this worker delivered and had not checkpointed as allowed to come again (call it after the worker
     * crashed; leases lost are marked by the processors themselves).
     */
    void crashed() {
        uncheckpointed.forEach((key, list) -> {
            if (key.startsWith(worker + "/")) {
                mayRepeat.addAll(list);
            }
        });
    }

    /** User records (by position) that may be delivered more than once: delivered, never checkpointed, then lost. */
    java.util.Set<String> mayRepeat() {
        java.util.Set<String> positions = new java.util.HashSet<>();
        mayRepeat.forEach(d -> positions.add(d.sequenceNumber() + "/" + d.subSequenceNumber()));
        return positions;
    }

    Map<String, Integer> shardEnds() {
        return Map.copyOf(shardEnds);
    }

    @Override
    public ShardRecordProcessor shardRecordProcessor() {
        return new ShardRecordProcessor() {
            private String shardId;
            private long lastCheckpoint = System.nanoTime() - 1_000_000_000L;

            @Override
            public void initialize(InitializationInput input) {
                shardId = input.shardId();
            }

            @Override
            public void processRecords(ProcessRecordsInput input) {
                for (KinesisClientRecord record : input.records()) {
                    Delivery delivery = new Delivery(worker, shardId, record.partitionKey(),
                            new String(record.dataBytes(), StandardCharsets.UTF_8), record.sequenceNumber(),
                            record.subSequenceNumber());
                    if (failOn.test(delivery)) {
                        throw new IllegalStateException("Failing on " + delivery.data());
                    }
                    deliveries.add(delivery);
                    pending().add(delivery);
                }
                // As real applications do, checkpoint at most every 100 ms (DynamoDB Local is not fast).
                long now = System.nanoTime();
                if (checkpointEachBatch && now - lastCheckpoint > 100_000_000L) {
                    input.checkpointer().checkpoint();
                    pending().clear();
                    lastCheckpoint = now;
                }
            }

            private List<Delivery> pending() {
                return uncheckpointed.computeIfAbsent(worker + "/" + shardId, k -> new CopyOnWriteArrayList<>());
            }

            @Override
            public void leaseLost(LeaseLostInput input) {
                mayRepeat.addAll(pending());
                pending().clear();
            }

            @Override
            public void shardEnded(ShardEndedInput input) {
                shardEnds.merge(input.shardId(), 1, Integer::sum);
                input.checkpointer().checkpoint();
            }

            @Override
            public void shutdownRequested(ShutdownRequestedInput input) {
                input.checkpointer().checkpoint();
                pending().clear();
            }
        };
    }
}
