package io.sluice.bench.jmh;

import io.sluice.aggregation.Aggregator;
import io.sluice.aggregation.Deaggregator;
import io.sluice.aggregation.HashKey;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nanoseconds per user record for the KPL aggregated-record format: hashing a partition key, encoding (adding to
 * an aggregate with exact size accounting, then writing it with its MD5), and decoding (checking magic and MD5,
 * parsing, with and without the hash-range filter). {@value #RECORDS} user records of random 16-character keys
 * per aggregate.
 *
 * <p>Run: {@code java -cp bench/target/sluice-bench.jar org.openjdk.jmh.Main AggregationBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AggregationBenchmark {

    static final int RECORDS = 400;

    @Param({"100", "1000"})
    int recordBytes;

    String[] keys;
    HashKey[] hashes;
    byte[][] data;
    Aggregator.KinesisRecord aggregate;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(7);
        keys = new String[RECORDS];
        hashes = new HashKey[RECORDS];
        data = new byte[RECORDS][];
        for (int i = 0; i < RECORDS; i++) {
            keys[i] = String.format("%016x", random.nextLong());
            hashes[i] = HashKey.ofPartitionKey(keys[i]);
            data[i] = new byte[recordBytes];
            random.nextBytes(data[i]);
        }
        aggregate = encode();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public Aggregator.KinesisRecord encode() {
        Aggregator aggregator = new Aggregator(Aggregator.MAX_KINESIS_RECORD_BYTES, Integer.MAX_VALUE);
        for (int i = 0; i < RECORDS; i++) {
            if (!aggregator.tryAdd(keys[i], null, hashes[i], data[i])) {
                throw new IllegalStateException("The benchmark's aggregate overflowed");
            }
        }
        return aggregator.build();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long hashPartitionKey() {
        long sum = 0;
        for (int i = 0; i < RECORDS; i++) {
            sum += HashKey.ofPartitionKey(keys[i]).low();
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public List<Deaggregator.UserRecord> decode() {
        return Deaggregator.deaggregate(aggregate.partitionKey(), aggregate.explicitHashKey(), aggregate.data());
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public List<Deaggregator.UserRecord> decodeFilteredToHalfTheRange() {
        return Deaggregator.deaggregate(aggregate.partitionKey(), aggregate.explicitHashKey(), aggregate.data(),
                HashKey.MIN, HashKey.of(Long.MAX_VALUE, -1L));
    }
}
