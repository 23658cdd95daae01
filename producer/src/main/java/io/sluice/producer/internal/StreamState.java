package io.sluice.producer.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the sender knows about one stream: its shard map, a queue per shard, the records waiting for the first
 * map, and the state of the ListShards call that refreshes the map.
 *
 * <p>Not thread-safe: owned by the sender thread.
 */
final class StreamState {

    /** A successful put whose aggregate landed on a shard the map did not predict, waiting for a fresh map. */
    record Misrouted(PendingKinesisRecord record, String shardId, String sequenceNumber) {
    }

    final String name;
    ShardMap map;
    final Map<String, ShardQueue> queues = new LinkedHashMap<>();
    final ArrayDeque<PendingUserRecord> unrouted = new ArrayDeque<>();
    final List<Misrouted> misrouted = new ArrayList<>();
    boolean listing;
    boolean refreshWanted;
    int listFailures;
    long nextListMillis;
    /** Requests in flight for shards that closed: nothing of this stream goes out until they are back. */
    int retiredInFlight;

    StreamState(String name) {
        this.name = name;
    }

    boolean isArn() {
        return name.startsWith("arn:");
    }

    /** Whether this stream may send: its map is current and nothing sent to closed shards is unresolved. */
    boolean maySend() {
        return map != null && misrouted.isEmpty() && retiredInFlight == 0;
    }
}
