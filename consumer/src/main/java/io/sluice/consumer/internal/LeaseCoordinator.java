package io.sluice.consumer.internal;

import io.sluice.checkpoint.Lease;
import io.sluice.checkpoint.LeaseStore;
import io.sluice.checkpoint.WorkerRegistry;
import io.sluice.checkpoint.WorkerState;
import io.sluice.consumer.ConsumerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's lease loop, stepped by {@link #runOnce(Instant)} on one thread: every renew interval it renews the
 * leases it holds and publishes its heartbeat to the worker table; every take interval it reads both tables,
 * notices leases taken from it, and takes or steals leases as the {@link LeaseBalancer} plans.
 *
 * <p>A lease it could not renew for the failover time is dropped locally, since others are entitled to take it by
 * then. When the worker is leaving it takes nothing, and its heartbeat says so, so others stop counting it at once.
 *
 * <p>Thread-safety: {@link #runOnce} runs on the coordinator thread alone; {@link #held()}, {@link #forget} and
 * {@link #leave()} may be called from any thread (the held map is concurrent, flags volatile).
 */
final class LeaseCoordinator {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseCoordinator.class);

    /** Receives the coordinator's decisions, on the coordinator thread. */
    interface Listener {
        void acquired(HeldLease lease);

        void lost(HeldLease lease);
    }

    private final ConsumerConfig config;
    private final String me;
    private final LeaseStore store;
    private final WorkerRegistry registry;
    private final ConsumerMetrics metrics;
    private final Listener listener;
    private final LongSupplier processedRecords;
    private final Supplier<Set<String>> stillRunning;
    private final LeaseObserver observer;
    private final LeaseBalancer balancer;
    private final Map<String, HeldLease> held = new ConcurrentHashMap<>();
    private final Map<String, Instant> coolingDown = new ConcurrentHashMap<>();
    private volatile boolean leaving;
    private Instant nextRenew = Instant.MIN;
    private Instant nextHeartbeat = Instant.MIN;
    /** When a heartbeat was last written. Coordinator thread only. */
    private Instant heartbeatWritten;
    private Instant nextTake = Instant.MIN;
    private Instant lastHeartbeat;
    /** Whether the last take round lost a lease to another worker's take. Coordinator thread only. */
    private boolean contended;
    /** Whether the last lease-table read found something to take or steal. Coordinator thread only. */
    private boolean wantMore = true;
    /** When the lease table is read next even if the worker table shows nothing new. Coordinator thread only. */
    private Instant nextLeaseScan = Instant.MIN;
    private final AtomicLong leaseEpoch;
    private long publishedEpoch;
    private long heartbeat;
    private long processedAtLastHeartbeat;

    LeaseCoordinator(ConsumerConfig config, LeaseStore store, WorkerRegistry registry, ConsumerMetrics metrics,
            Listener listener, LongSupplier processedRecords, Supplier<Set<String>> stillRunning, AtomicLong leaseEpoch,
            RandomGenerator random) {
        this.config = config;
        this.me = config.workerId();
        this.store = store;
        this.registry = registry;
        this.metrics = metrics;
        this.listener = listener;
        this.processedRecords = processedRecords;
        this.stillRunning = stillRunning;
        this.leaseEpoch = leaseEpoch;
        this.observer = new LeaseObserver(config.failoverTime());
        this.balancer = new LeaseBalancer(me, config.maxLeasesPerWorker(), config.maxLeasesToStealAtOnce(), random);
    }

    /** The leases held now. */
    Map<String, HeldLease> held() {
        return held;
    }

    int heldCount() {
        return held.size();
    }

    /** Takes nothing more; the next heartbeat marks this worker as leaving. */
    void leave() {
        leaving = true;
        nextHeartbeat = Instant.MIN;
    }

    /** Drops a lease its shard consumer finished with (released or lost), unless a newer one replaced it. */
    void forget(HeldLease lease, boolean coolDown, Instant now) {
        held.remove(lease.shardId(), lease);
        if (coolDown) {
            coolingDown.put(lease.shardId(), now.plus(config.failoverTime()));
        }
    }

    /** Does what is due at {@code now}; returns when to be called next. */
    Instant runOnce(Instant now) {
        if (!now.isBefore(nextRenew)) {
            renewAll(now);
            nextRenew = now.plus(config.renewInterval());
        }
        if (!now.isBefore(nextHeartbeat) || leaseEpoch.get() != publishedEpoch) {
            // On schedule, or at once when the lease table has news for the others.
            publishHeartbeat(now);
            nextHeartbeat = now.plus(config.heartbeatInterval());
        }
        dropLeasesIfPresumedDead(now);
        if (!leaving && !now.isBefore(nextTake)) {
            nextTake = now.plus(config.takeInterval());
            try {
                Instant expiry = takeRound(now);
                // Look again the moment a lease would expire, rather than up to a take interval later; and soon
                // when another worker won a lease this one wanted, since the rest of its share is still free.
                if (expiry != null && expiry.isBefore(nextTake)) {
                    nextTake = expiry;
                }
                Instant retry = now.plus(config.takeInterval().dividedBy(10));
                if (contended && retry.isBefore(nextTake)) {
                    nextTake = retry;
                }
            } catch (RuntimeException e) {
                LOG.warn("Taking leases failed; trying again in {}: {}", config.takeInterval(), e.toString());
            }
        }
        Instant next = nextRenew.isBefore(nextHeartbeat) ? nextRenew : nextHeartbeat;
        return leaving || next.isBefore(nextTake) ? next : nextTake;
    }

    /** Publishes the heartbeat now (at start, so others count this worker before it takes anything). */
    void publishHeartbeat(Instant now) {
        long processed = processedRecords.getAsLong();
        double perSecond = 0;
        if (lastHeartbeat != null) {
            long millis = Duration.between(lastHeartbeat, now).toMillis();
            perSecond = millis > 0 ? (processed - processedAtLastHeartbeat) * 1000.0 / millis : 0;
        }
        try {
            long epoch = leaseEpoch.get();
            registry.publish(new WorkerState(me, ++heartbeat, held.size(), Math.max(0, perSecond), leaving,
                    epoch));
            publishedEpoch = epoch;
            heartbeatWritten = now;
            lastHeartbeat = now;
            processedAtLastHeartbeat = processed;
        } catch (RuntimeException e) {
            LOG.warn("Publishing the heartbeat of {} failed: {}", me, e.toString());
        }
    }

    /**
     * Others presume this worker dead once its heartbeat has stood still for the failover time, and take its
     * leases: so when it could not write a heartbeat for that long, it stops processing them itself.
     */
    private void dropLeasesIfPresumedDead(Instant now) {
        if (heartbeatWritten == null
                || Duration.between(heartbeatWritten, now).compareTo(config.failoverTime()) < 0) {
            return;
        }
        for (HeldLease lease : List.copyOf(held.values())) {
            if (!lease.isLost()) {
                LOG.warn("No heartbeat written for {}: dropping {}", config.failoverTime(), lease.shardId());
                lease.markLost();
                lost(lease);
            }
        }
    }

    private void renewAll(Instant now) {
        for (HeldLease lease : List.copyOf(held.values())) {
            if (lease.isLost()) {
                continue; // Its shard consumer saw the loss (or released it) and will say when it is done.
            }
            boolean kept;
            try {
                kept = lease.renew(now);
            } catch (RuntimeException e) {
                kept = Duration.between(lease.renewedAt(), now).compareTo(config.failoverTime()) < 0;
                LOG.warn("Renewing {} failed{}: {}", lease.shardId(), kept ? "" : " for the failover time; "
                        + "dropping it", e.toString());
                if (!kept) {
                    lease.markLost();
                }
            }
            if (!kept) {
                lost(lease);
            }
        }
    }

    /**
     * One take round. It reads the (small) worker table every time, but the lease table only when the fleet
     * changed (a worker came, went, is leaving, stopped beating, or created or gave up leases), when the last read
     * left something to take, or once per failover time as a safety net; a steady fleet thus reads its lease table
     * rarely. Returns when the next lease or worker would expire, or null.
     */
    private Instant takeRound(Instant now) {
        List<WorkerState> workers = registry.list();
        boolean fleetChanged = observer.observeWorkers(workers, now);
        coolingDown.values().removeIf(until -> !now.isBefore(until));
        if (!fleetChanged && !wantMore && !contended && now.isBefore(nextLeaseScan)) {
            Instant workerExpiry = observer.nextWorkerExpiry(me, now);
            return workerExpiry != null && workerExpiry.isBefore(nextLeaseScan) ? workerExpiry : nextLeaseScan;
        }
        List<Lease> leases = store.list();
        observer.observeLeases(leases, now);
        nextLeaseScan = now.plus(config.failoverTime());

        Map<String, Lease> byKey = new HashMap<>();
        leases.forEach(lease -> byKey.put(lease.leaseKey(), lease));
        for (HeldLease lease : List.copyOf(held.values())) {
            Lease seen = byKey.get(lease.shardId());
            if (!lease.isLost() && (seen == null || !me.equals(seen.owner()))) {
                lease.markLost();
                lost(lease);
            }
        }
        Set<String> live = new HashSet<>();
        Set<String> leavingWorkers = new HashSet<>();
        live.add(me);
        for (WorkerState worker : workers) {
            if (worker.leaving()) {
                leavingWorkers.add(worker.workerId());
            } else if (observer.isAlive(worker, now)) {
                live.add(worker.workerId());
            }
        }
        Set<String> heldKeys = new HashSet<>(held.keySet());
        // A shard whose previous consumer here is still winding down is not taken again until it has finished.
        Set<String> excluded = new HashSet<>(coolingDown.keySet());
        excluded.addAll(stillRunning.get());
        LeaseBalancer.Plan plan = balancer.plan(leases, heldKeys,
                lease -> lease.owner() == null || me.equals(lease.owner()) || observer.isExpired(lease, now),
                live, excluded, leavingWorkers);
        contended = false;
        wantMore = !plan.isEmpty();
        for (Lease lease : plan.take()) {
            contended |= !take(lease, false, now);
        }
        for (Lease lease : plan.steal()) {
            contended |= !take(lease, true, now);
        }
        Instant leaseExpiry = observer.nextExpiry(leases, me, now);
        Instant workerExpiry = observer.nextWorkerExpiry(me, now);
        if (leaseExpiry == null || (workerExpiry != null && workerExpiry.isBefore(leaseExpiry))) {
            return workerExpiry;
        }
        return leaseExpiry;
    }

    /** Takes one lease; false when another worker changed it first. */
    private boolean take(Lease lease, boolean steal, Instant now) {
        Optional<Lease> taken = store.take(lease, me);
        if (taken.isEmpty()) {
            return false;
        }
        if (steal) {
            leaseEpoch.incrementAndGet(); // The loser hears of it from the worker table within a take round.
        }
        HeldLease mine = new HeldLease(store, me, taken.get(), now);
        held.put(mine.shardId(), mine);
        metrics.leaseTaken(steal);
        LOG.info("{} {} lease {} (from {})", me, steal ? "stole" : "took", lease.leaseKey(),
                lease.owner() == null ? "nobody" : lease.owner());
        listener.acquired(mine);
        return true;
    }

    private void lost(HeldLease lease) {
        if (held.remove(lease.shardId(), lease)) {
            LOG.info("{} lost lease {}", me, lease.shardId());
            listener.lost(lease);
        }
    }

    /** Shards held now, for tests and status. */
    Set<String> heldShards() {
        return Set.copyOf(new ArrayList<>(held.keySet()));
    }
}
