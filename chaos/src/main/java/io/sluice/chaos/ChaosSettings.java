package io.sluice.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One run's settings. Immutable and thread-safe.
 *
 * @param seed what the fault schedule is drawn from
 * @param duration how long producers write and faults are injected
 * @param faultEvery the mean time between faults
 * @param producers producer count
 * @param keysPerProducer keys each producer cycles through
 * @param recordsPerSecond each producer's steady rate
 * @param recordBytes each record's size
 * @param workers consumer worker processes running at once
 * @param shards the stream's shards at the start (resharding keeps it between 2 and {@code maxShards})
 * @param maxShards the most open shards resharding goes to
 * @param failover the consumer's failover time
 * @param retrieval how the workers read (polling, enhanced fan-out, or both in one fleet)
 * @param drainTimeout the longest wait, after the faults, for every acknowledged record to be delivered
 * @param firehose whether a delivery stream (stream as source, to the S3 folder) archives the stream too
 * @param directory where the data directory, logs and summary go
 * @param classPath the class path of the child processes (backend, workers)
 */
record ChaosSettings(long seed, Duration duration, Duration faultEvery, int producers, int keysPerProducer,
        int recordsPerSecond, int recordBytes, int workers, int shards, int maxShards, Duration failover,
        Retrieval retrieval, Duration drainTimeout, boolean firehose, Path directory, String classPath) {

    ChaosSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(retrieval, "retrieval");
        Objects.requireNonNull(classPath, "classPath");
        if (producers < 1 || keysPerProducer < 1 || recordsPerSecond < 1 || workers < 1 || shards < 2
                || maxShards < Math.max(3, shards) || recordBytes < 16) {
            throw new IllegalArgumentException("Counts must be positive, shards at least 2, maxShards at least 3 "
                    + "and the shards, records at least 16 bytes");
        }
        if (duration.toMillis() < 1_000 || faultEvery.toMillis() < 500 || failover.toMillis() < 1_000
                || drainTimeout.isNegative()) {
            throw new IllegalArgumentException("Need a duration of 1 s or more, faults at most every 0.5 s and a "
                    + "failover time of 1 s or more");
        }
    }
}
