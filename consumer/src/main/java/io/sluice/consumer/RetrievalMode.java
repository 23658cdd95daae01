package io.sluice.consumer;

/** How a worker reads its shards. Immutable and thread-safe. */
public enum RetrievalMode {
    /** GetRecords in a loop per shard, sharing the shard's 5 reads/s and 2 MiB/s with other readers. */
    POLLING,
    /**
     * Enhanced fan-out: a registered stream consumer and SubscribeToShard over HTTP/2, with the shard's 2 MiB/s
     * for this application alone and records pushed as they arrive (billed per consumer-shard-hour on AWS).
     */
    FAN_OUT
}
