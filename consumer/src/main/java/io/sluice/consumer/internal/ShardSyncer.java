package io.sluice.consumer.internal;

import io.sluice.checkpoint.Checkpoint;
import io.sluice.checkpoint.Lease;
import io.sluice.checkpoint.LeaseStore;
import io.sluice.consumer.InitialPosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;

/**
 * Keeps the lease table in step with the stream's shards, honouring the resharding tree.
 *
 * <p>On an empty table (a new application) it creates leases at the initial position: for every open shard with
 * {@code LATEST}; for every shard the stream keeps with {@code TRIM_HORIZON} or {@code AT_TIMESTAMP} (a shard
 * closed before the timestamp simply ends at once). Later, a shard without a lease gets one at
 * {@code TRIM_HORIZON} when one of its parents has a lease, since none of a child's records may be skipped; an
 * open shard with no leased parent (a lease deleted by hand) gets the initial position; a closed shard with no
 * leased parent is history from before the application and is left alone. Each lease records its parents, which
 * hold it back until they reach {@code SHARD_END}.
 *
 * <p>It also deletes finished leases once every child has a lease of its own, and the leases of shards the stream
 * no longer keeps that were finished.
 *
 * <p>Thread-safe: it holds no mutable state; lease creation is idempotent (create-if-absent), so the shard-sync
 * thread and shard threads reporting children may call it at once.
 */
final class ShardSyncer {

    private static final Logger LOG = LoggerFactory.getLogger(ShardSyncer.class);

    private final KinesisAsyncClient kinesis;
    private final StreamRef stream;
    private final LeaseStore store;
    private final InitialPosition initialPosition;

    ShardSyncer(KinesisAsyncClient kinesis, StreamRef stream, LeaseStore store, InitialPosition initialPosition) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.store = store;
        this.initialPosition = initialPosition;
    }

    /** Lists the shards, creates the leases missing, deletes finished ones no longer needed; leases created. */
    int sync() {
        List<Shard> shards = listShards();
        List<Lease> leases = store.list();
        Map<String, Lease> byKey = new HashMap<>();
        leases.forEach(lease -> byKey.put(lease.leaseKey(), lease));
        Set<String> leased = new HashSet<>(byKey.keySet());
        boolean fresh = leases.isEmpty();
        int created = 0;
        // ListShards returns parents before children, so a child sees its parents' leases created in this pass.
        for (Shard shard : shards) {
            if (leased.contains(shard.shardId())) {
                continue;
            }
            Set<String> parents = parentsOf(shard);
            boolean open = shard.sequenceNumberRange().endingSequenceNumber() == null;
            Checkpoint start;
            if (fresh) {
                if (initialPosition.equals(InitialPosition.LATEST) && !open) {
                    continue;
                }
                start = initialStart();
            } else if (parents.stream().anyMatch(leased::contains)) {
                start = Checkpoint.TRIM_HORIZON;
            } else if (open) {
                start = initialStart();
            } else {
                continue;
            }
            Lease lease = Lease.forShard(shard.shardId(), start, parents, shard.hashKeyRange().startingHashKey(),
                    shard.hashKeyRange().endingHashKey());
            if (store.createIfAbsent(lease)) {
                created++;
                LOG.debug("Created lease {} at {} with parents {}", shard.shardId(), start, parents);
            }
            leased.add(shard.shardId());
        }
        cleanUp(shards, byKey);
        return created;
    }

    /** Creates the leases of a closed shard's children (from GetRecords' or SubscribeToShard's ChildShards). */
    void createChildren(List<ChildShard> children) {
        for (ChildShard child : children) {
            Lease lease = Lease.forShard(child.shardId(), Checkpoint.TRIM_HORIZON,
                    new LinkedHashSet<>(child.parentShards()), child.hashKeyRange().startingHashKey(),
                    child.hashKeyRange().endingHashKey());
            if (store.createIfAbsent(lease)) {
                LOG.debug("Created child lease {} of {}", child.shardId(), child.parentShards());
            }
        }
    }

    private void cleanUp(List<Shard> shards, Map<String, Lease> leases) {
        Map<String, Set<String>> childrenOf = new HashMap<>();
        Set<String> inStream = new HashSet<>();
        for (Shard shard : shards) {
            inStream.add(shard.shardId());
            for (String parent : parentsOf(shard)) {
                childrenOf.computeIfAbsent(parent, k -> new HashSet<>()).add(shard.shardId());
            }
        }
        for (Lease lease : leases.values()) {
            if (!lease.checkpoint().isShardEnd() || lease.owner() != null) {
                continue;
            }
            Set<String> children = new HashSet<>(lease.childShardIds());
            children.addAll(childrenOf.getOrDefault(lease.leaseKey(), Set.of()));
            boolean childrenLeased = !children.isEmpty() && children.stream().allMatch(leases::containsKey);
            boolean trimmed = !inStream.contains(lease.leaseKey());
            if ((childrenLeased || trimmed) && store.delete(lease)) {
                LOG.debug("Deleted finished lease {}", lease.leaseKey());
            }
        }
    }

    private Checkpoint initialStart() {
        return switch (initialPosition.type()) {
            case "TRIM_HORIZON" -> Checkpoint.TRIM_HORIZON;
            case "AT_TIMESTAMP" -> Checkpoint.AT_TIMESTAMP;
            default -> Checkpoint.LATEST;
        };
    }

    private static Set<String> parentsOf(Shard shard) {
        Set<String> parents = new LinkedHashSet<>();
        if (shard.parentShardId() != null) {
            parents.add(shard.parentShardId());
        }
        if (shard.adjacentParentShardId() != null) {
            parents.add(shard.adjacentParentShardId());
        }
        return parents;
    }

    List<Shard> listShards() {
        List<Shard> shards = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListShardsResponse page = next == null
                    ? kinesis.listShards(b -> stream.apply(b).shardFilter(f -> f.type(ShardFilterType.FROM_TRIM_HORIZON)))
                            .join()
                    : kinesis.listShards(b -> b.nextToken(next)).join();
            shards.addAll(page.shards());
            token = page.nextToken();
        } while (token != null);
        return shards;
    }
}
