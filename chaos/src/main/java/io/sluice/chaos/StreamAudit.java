package io.sluice.chaos;

import io.sluice.aggregation.Deaggregator;
import io.sluice.aggregation.HashKey;
import io.sluice.chaos.DeliveryCheck.Position;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads the whole stream back at the end of a run, independently of the consumer: every shard from TRIM_HORIZON,
 * KPL aggregates split. It tells whether the backend kept every acknowledged record through its SIGKILLs, what
 * each position holds (to check each delivery against), and each shard's parents. Stateless.
 */
final class StreamAudit {

    /**
     * What the stream holds.
     *
     * @param records position to {@code "<key> <counter>"}, per shard
     * @param parents each shard's parents
     * @param userRecords user records read that belong to their shard (what consumers must deliver)
     * @param misroutedCopies user records of aggregates that landed on a shard whose hash key range does not hold
     *     them (a reshard between the producer's shard map and the put): consumers skip them there, as the KCL
     *     does, and the producer puts them again on the right shard
     * @param lost acknowledged records the stream does not hold
     * @param lostExamples up to ten of them
     */
    record Result(Map<String, Map<Position, String>> records, Map<String, Set<String>> parents, long userRecords,
            long misroutedCopies, long lost, List<String> lostExamples) {
    }

    private StreamAudit() {
    }

    /** Every shard of the stream, open and closed, page after page. */
    static List<Shard> listShards(KinesisClient kinesis, String stream) {
        List<Shard> shards = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = kinesis.listShards(b -> {
                if (next == null) {
                    b.streamName(stream);
                } else {
                    b.nextToken(next);
                }
            });
            shards.addAll(page.shards());
            token = page.nextToken();
        } while (token != null);
        return shards;
    }

    static Result read(KinesisClient kinesis, String stream, Map<String, BitSet> acknowledged) throws Exception {
        List<Shard> shards = listShards(kinesis, stream);
        Map<String, Set<String>> parents = new HashMap<>();
        for (Shard shard : shards) {
            Set<String> of = new LinkedHashSet<>();
            if (shard.parentShardId() != null) {
                of.add(shard.parentShardId());
            }
            if (shard.adjacentParentShardId() != null) {
                of.add(shard.adjacentParentShardId());
            }
            parents.put(shard.shardId(), of);
        }
        Map<String, Map<Position, String>> records = new ConcurrentHashMap<>();
        AtomicLong misrouted = new AtomicLong();
        ExecutorService readers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> reads = new ArrayList<>();
            for (Shard shard : shards) {
                reads.add(readers.submit(() -> {
                    records.put(shard.shardId(), readShard(kinesis, stream, shard, misrouted));
                    return null;
                }));
            }
            for (Future<?> read : reads) {
                read.get();
            }
        } finally {
            readers.shutdownNow();
        }
        Map<String, BitSet> held = new HashMap<>();
        long userRecords = 0;
        for (Map<Position, String> shard : records.values()) {
            for (String record : shard.values()) {
                String[] f = record.split(" ");
                held.computeIfAbsent(f[0], k -> new BitSet()).set(Integer.parseInt(f[1]));
                userRecords++;
            }
        }
        long lost = 0;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, BitSet> e : acknowledged.entrySet()) {
            BitSet missing = (BitSet) e.getValue().clone();
            missing.andNot(held.getOrDefault(e.getKey(), new BitSet()));
            lost += missing.cardinality();
            for (int c = missing.nextSetBit(0); c >= 0 && examples.size() < 10; c = missing.nextSetBit(c + 1)) {
                examples.add(e.getKey() + " " + c);
            }
        }
        return new Result(records, parents, userRecords, misrouted.get(), lost, examples);
    }

    /** The user records of one shard that belong to it, by position; the others are counted as misrouted. */
    private static Map<Position, String> readShard(KinesisClient kinesis, String stream, Shard shard,
            AtomicLong misrouted) throws InterruptedException {
        HashKey start = HashKey.parseDecimal(shard.hashKeyRange().startingHashKey());
        HashKey end = HashKey.parseDecimal(shard.hashKeyRange().endingHashKey());
        Map<Position, String> held = new HashMap<>();
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        while (iterator != null) {
            GetRecordsResponse page;
            try {
                String at = iterator;
                page = kinesis.getRecords(b -> b.shardIterator(at).limit(10_000));
            } catch (ProvisionedThroughputExceededException e) {
                Thread.sleep(250); // the shard's read limit (5 calls, 2 MiB a second), as on AWS
                continue;
            }
            for (Record record : page.records()) {
                BigInteger sequence = new BigInteger(record.sequenceNumber());
                for (Deaggregator.UserRecord user : Deaggregator.deaggregate(record.partitionKey(), null,
                        record.data().asByteArrayUnsafe())) {
                    if (user.aggregated() && !user.effectiveHashKey().isWithin(start, end)) {
                        misrouted.incrementAndGet();
                        continue;
                    }
                    String data = new String(user.data(), StandardCharsets.UTF_8);
                    String[] f = data.split(" ", 3);
                    held.put(new Position(sequence, user.subSequenceNumber()), f[0] + " " + Long.parseLong(f[1]));
                }
            }
            iterator = page.nextShardIterator();
            if (page.records().isEmpty() && page.millisBehindLatest() != null && page.millisBehindLatest() == 0) {
                break; // an open shard, read to its tip
            }
        }
        return held;
    }
}
