package io.sluice.consumer.internal;

import io.sluice.checkpoint.Checkpoint;
import io.sluice.checkpoint.Lease;
import io.sluice.checkpoint.LeaseStore;
import io.sluice.consumer.InitialPosition;
import java.util.ArrayDeque;
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
 * <p>A shard without a lease gets one, parents before children (the listing's order), by these rules: a closed shard
 * with a leased descendant (child, grandchild, ...) is finished and cleaned up, and gets none; a shard with a leased
 * parent starts at its beginning ({@code TRIM_HORIZON}, or the timestamp of an {@code AT_TIMESTAMP} application), since
 * none of a child's records may be skipped; any other shard gets the initial position, except that a {@code LATEST}
 * application leases only open shards (closed ones are history from before it started). The rules do not depend on
 * whether the table was empty, so two workers syncing a new application at once agree. Each lease records its parents,
 * which hold it back until they reach {@code SHARD_END}.
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
    private final Runnable leasesCreated;

    ShardSyncer(KinesisAsyncClient kinesis, StreamRef stream, LeaseStore store, InitialPosition initialPosition) {
        this(kinesis, stream, store, initialPosition, () -> { });
    }

    /** As above; {@code leasesCreated} runs whenever this creates leases, so other workers can hear of them. */
    ShardSyncer(KinesisAsyncClient kinesis, StreamRef stream, LeaseStore store, InitialPosition initialPosition,
            Runnable leasesCreated) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.store = store;
        this.initialPosition = initialPosition;
        this.leasesCreated = leasesCreated;
    }

    /** Lists the shards, creates the leases missing, deletes finished ones no longer needed; leases created. */
    int sync() {
        List<Shard> shards = listShards();
        Map<String, Lease> byKey = new HashMap<>();
        store.list().forEach(lease -> byKey.put(lease.leaseKey(), lease));
        Map<String, Set<String>> childrenOf = childrenOf(shards);
        Set<String> leased = new HashSet<>(byKey.keySet());
        int created = 0;
        // ListShards returns parents before children, so a child sees its parents' leases created in this pass.
        for (Shard shard : shards) {
            if (leased.contains(shard.shardId())) {
                continue;
            }
            Set<String> parents = parentsOf(shard);
            boolean open = shard.sequenceNumberRange().endingSequenceNumber() == null;
            Checkpoint start;
            if (!open && hasLeasedDescendant(shard.shardId(), childrenOf, leased)) {
                continue; // Finished and cleaned up: its descendants have taken over.
            } else if (parents.stream().anyMatch(leased::contains)) {
                start = childStart();
            } else if (!initialPosition.equals(InitialPosition.LATEST)) {
                start = initialStart();
            } else if (open) {
                start = Checkpoint.LATEST;
            } else {
                continue; // History from before a LATEST application started.
            }
            Lease lease = Lease.forShard(shard.shardId(), start, parents, shard.hashKeyRange().startingHashKey(),
                    shard.hashKeyRange().endingHashKey());
            if (store.createIfAbsent(lease)) {
                created++;
                LOG.debug("Created lease {} at {} with parents {}", shard.shardId(), start, parents);
            }
            leased.add(shard.shardId());
        }
        cleanUp(shards, byKey, childrenOf);
        if (created > 0) {
            leasesCreated.run();
        }
        return created;
    }

    /** Creates the leases of a closed shard's children (from GetRecords' or SubscribeToShard's ChildShards). */
    void createChildren(List<ChildShard> children) {
        for (ChildShard child : children) {
            Lease lease = Lease.forShard(child.shardId(), childStart(),
                    new LinkedHashSet<>(child.parentShards()), child.hashKeyRange().startingHashKey(),
                    child.hashKeyRange().endingHashKey());
            if (store.createIfAbsent(lease)) {
                LOG.debug("Created child lease {} of {}", child.shardId(), child.parentShards());
                leasesCreated.run();
            }
        }
    }

    /**
     * Deletes finished leases whose children all have leases (or whose shard the stream no longer keeps), oldest
     * generation first: a lease is deleted only once none of its parents has a lease, so no worker can see a
     * parent gone while a grandparent is still there.
     */
    private void cleanUp(List<Shard> shards, Map<String, Lease> leases, Map<String, Set<String>> childrenOf) {
        Set<String> inStream = new HashSet<>();
        shards.forEach(shard -> inStream.add(shard.shardId()));
        for (Lease lease : leases.values()) {
            if (!lease.checkpoint().isShardEnd() || lease.parentShardIds().stream().anyMatch(leases::containsKey)) {
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

    /**
     * Whether a child, grandchild or later descendant of the shard has a lease. Direct children are not enough:
     * clean-up deletes finished leases generation by generation, so once a shard's children finished too and were
     * deleted, only its grandchildren's leases still say that it was processed.
     */
    private static boolean hasLeasedDescendant(String shardId, Map<String, Set<String>> childrenOf,
            Set<String> leased) {
        java.util.ArrayDeque<String> next = new ArrayDeque<>(childrenOf.getOrDefault(shardId, Set.of()));
        Set<String> seen = new HashSet<>();
        while (!next.isEmpty()) {
            String child = next.poll();
            if (!seen.add(child)) {
                continue; // a merge makes two paths to the same shard
            }
            if (leased.contains(child)) {
                return true;
            }
            next.addAll(childrenOf.getOrDefault(child, Set.of()));
        }
        return false;
    }

    private static Map<String, Set<String>> childrenOf(List<Shard> shards) {
        Map<String, Set<String>> childrenOf = new HashMap<>();
        for (Shard shard : shards) {
            for (String parent : parentsOf(shard)) {
                childrenOf.computeIfAbsent(parent, k -> new HashSet<>()).add(shard.shardId());
            }
        }
        return childrenOf;
    }

    /**
     * Where a child of a leased shard starts: at its beginning, since none of its records may be skipped; with an
     * AT_TIMESTAMP application at the timestamp, which is the same for a child born after it and skips what an
     * older child holds from before it.
     */
    private Checkpoint childStart() {
        return initialPosition.type().equals("AT_TIMESTAMP") ? Checkpoint.AT_TIMESTAMP : Checkpoint.TRIM_HORIZON;
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
