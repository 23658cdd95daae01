package io.sluice.consumer.internal;

import io.sluice.checkpoint.LeaseStore;
import io.sluice.checkpoint.WorkerRegistry;
import io.sluice.consumer.ConsumerConfig;
import io.sluice.consumer.RetrievalMode;
import io.sluice.consumer.ShardRecordProcessorFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * One consumer worker: the lease coordinator thread, the shard-sync timer, and a shard consumer thread per held
 * lease; what {@link io.sluice.consumer.Scheduler} runs.
 *
 * <p>Thread-safe: the public methods may be called from any thread; the coordinator's decisions arrive on its
 * thread and shard outcomes on shard threads, and both only touch concurrent maps.
 */
public final class Worker implements LeaseCoordinator.Listener, ShardConsumer.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final ConsumerConfig config;
    private final Clock clock;
    private final LeaseStore store;
    private final WorkerRegistry registry;
    private final KinesisAsyncClient kinesis;
    private final ConsumerMetrics metrics;
    private final WorkerContext context;
    private final LeaseCoordinator coordinator;
    private final ScheduledExecutorService timers;
    private final Map<String, ShardConsumer> consumers = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final AtomicInteger shardThreads = new AtomicInteger();
    private volatile boolean running;
    private volatile boolean leaving;
    private Thread coordinatorThread;

    public Worker(ConsumerConfig config, ShardRecordProcessorFactory factory, KinesisAsyncClient kinesis,
            DynamoDbClient dynamo) {
        this.config = config;
        this.clock = config.clock();
        this.kinesis = kinesis;
        this.store = new LeaseStore(dynamo, config.leaseTableName());
        this.registry = new WorkerRegistry(dynamo, WorkerRegistry.tableFor(config.leaseTableName()));
        this.timers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "sluice-timer-" + config.workerId());
            t.setDaemon(true);
            return t;
        });
        this.metrics = new ConsumerMetrics(config.meterRegistry(), config.applicationName(), config.workerId(),
                consumers::size, () -> store.callCount() + registry.callCount());
        AtomicLong leaseEpoch = new AtomicLong();
        ShardSyncer syncer = new ShardSyncer(kinesis, new StreamRef(config.streamName()), store,
                config.initialPosition(), leaseEpoch::incrementAndGet);
        this.context = new WorkerContext(config, kinesis, store, syncer, metrics, factory, timers, leaseEpoch);
        this.coordinator = new LeaseCoordinator(config, store, registry, metrics, this,
                metrics::recordsProcessed, () -> Set.copyOf(consumers.keySet()), leaseEpoch,
                new Random(config.workerId().hashCode() ^ System.nanoTime()));
    }

    /**
     * Creates the tables if absent, registers the fan-out consumer when needed, publishes this worker, syncs the
     * shards once, and starts the coordinator thread and the shard-sync timer.
     */
    public void start() {
        store.createTableIfAbsent(config.tableTimeout());
        registry.createTableIfAbsent(config.tableTimeout());
        if (config.retrievalMode() == RetrievalMode.FAN_OUT) {
            context.consumerArn(FanOutRegistration.ensureActive(kinesis, new StreamRef(config.streamName()),
                    config.consumerName(), config.tableTimeout(), clock));
        }
        coordinator.publishHeartbeat(clock.instant());
        syncShards();
        running = true;
        coordinatorThread = new Thread(this::coordinate, "sluice-lease-coordinator-" + config.workerId());
        coordinatorThread.setDaemon(true);
        coordinatorThread.start();
        long every = config.shardSyncInterval().toMillis();
        timers.scheduleWithFixedDelay(this::syncShards, every, every, TimeUnit.MILLISECONDS);
    }

    private void syncShards() {
        try {
            int created = context.syncer().sync();
            if (created > 0) {
                LOG.info("Shard sync created {} leases", created);
            }
        } catch (RuntimeException e) {
            LOG.warn("Shard sync failed; it runs again in {}: {}", config.shardSyncInterval(), e.toString());
        }
    }

    private void coordinate() {
        // Others that start at the same moment register first, so the first take already counts them.
        Instant firstTake = clock.instant().plus(config.takeInterval());
        while (running) {
            Instant now = clock.instant();
            Instant next;
            try {
                next = now.isBefore(firstTake) ? firstTake : coordinator.runOnce(now);
            } catch (RuntimeException e) {
                LOG.error("The lease loop failed; going on", e);
                next = now.plus(config.takeInterval());
            } catch (Error e) {
                LOG.error("The lease loop failed fatally; halting the worker so its leases fail over", e);
                halt();
                throw e;
            }
            Instant after = clock.instant();
            long waitMillis = next.isAfter(after)
                    ? Math.max(1, Math.min(1_000, Duration.between(after, next).toMillis())) : 1;
            lock.lock();
            try {
                if (running) {
                    wake.await(waitMillis, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    private void wakeCoordinator() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void acquired(HeldLease lease) {
        if (!running) {
            return; // Halted while taking it: left to expire, as after a crash.
        }
        if (leaving) {
            try {
                lease.release();
                context.leasesChanged();
            } catch (RuntimeException e) {
                LOG.warn("Releasing {} failed; it expires instead: {}", lease.shardId(), e.toString());
            }
            coordinator.forget(lease, false, clock.instant());
            return;
        }
        ShardConsumer consumer = new ShardConsumer(lease, context, this);
        consumers.put(lease.shardId(), consumer);
        Thread thread = new Thread(consumer, "sluice-shard-" + lease.shardId());
        thread.setDaemon(true);
        shardThreads.incrementAndGet();
        thread.start();
        // A shutdown that began meanwhile may have missed this consumer in its sweep.
        if (!running) {
            consumer.halt();
        } else if (leaving) {
            consumer.requestShutdown();
        }
    }

    @Override
    public void lost(HeldLease lease) {
        ShardConsumer consumer = consumers.get(lease.shardId());
        if (consumer != null && consumer.heldLease() == lease) {
            consumer.leaseLost();
        }
    }

    @Override
    public void finished(ShardConsumer consumer, ShardConsumer.Outcome outcome) {
        consumers.remove(consumer.shardId(), consumer);
        coordinator.forget(consumer.heldLease(), outcome == ShardConsumer.Outcome.FAILED, clock.instant());
        if (outcome == ShardConsumer.Outcome.LOST) {
            metrics.leaseLost();
        }
        shardThreads.decrementAndGet();
        synchronized (consumers) {
            consumers.notifyAll();
        }
    }

    /** The shards this worker processes now, with each one's state. */
    public Map<String, String> shardStates() {
        Map<String, String> states = new HashMap<>();
        consumers.forEach((shard, consumer) -> states.put(shard, consumer.state().name()));
        return states;
    }

    /**
     * Leaves gracefully: marks itself leaving, asks every shard's processor to checkpoint (shutdownRequested) and
     * releases each lease, so other workers take them within one take interval. True when every shard finished
     * within {@code timeout}.
     */
    public boolean shutdownGracefully(Duration timeout) {
        leaving = true;
        coordinator.leave();
        wakeCoordinator();
        consumers.values().forEach(ShardConsumer::requestShutdown);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (consumers) {
            while (shardThreads.get() > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                try {
                    consumers.wait(Math.min(left, 100));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        boolean clean = shardThreads.get() == 0;
        if (!clean) {
            LOG.warn("{} shards did not finish within {}; halting them, their leases expire", shardThreads.get(),
                    timeout);
            consumers.values().forEach(ShardConsumer::halt);
        }
        stopThreads();
        try {
            registry.remove(config.workerId());
        } catch (RuntimeException e) {
            LOG.warn("Removing {} from the worker table failed: {}", config.workerId(), e.toString());
        }
        return clean;
    }

    /** Stops at once, as a crash would: no processor call, no release; others take the leases after failover. */
    public void halt() {
        running = false;
        leaving = true;
        consumers.values().forEach(ShardConsumer::halt);
        stopThreads();
    }

    private void stopThreads() {
        running = false;
        wakeCoordinator();
        timers.shutdownNow();
    }
}
