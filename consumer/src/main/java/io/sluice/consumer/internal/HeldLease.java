package io.sluice.consumer.internal;

import io.sluice.checkpoint.Checkpoint;
import io.sluice.checkpoint.Lease;
import io.sluice.checkpoint.LeaseLostException;
import io.sluice.checkpoint.LeaseStore;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A lease this worker holds, as last written. Renewals (lease coordinator thread) and checkpoints (shard thread)
 * are both conditioned on the owner alone, so they never fail each other and need no lock: a slow checkpoint
 * cannot hold a renewal back. Each write returns the lease as written; the copy with the highest counter (the
 * latest write) is kept.
 *
 * <p>Thread-safe: the lease is an atomic reference, the flags and the renewal time volatile.
 */
final class HeldLease {

    private final LeaseStore store;
    private final String workerId;
    private final String shardId;
    private final AtomicReference<Lease> lease;
    private volatile Instant renewedAt;
    private volatile boolean lost;
    private volatile boolean released;

    HeldLease(LeaseStore store, String workerId, Lease lease, Instant takenAt) {
        this.store = store;
        this.workerId = workerId;
        this.shardId = lease.leaseKey();
        this.lease = new AtomicReference<>(lease);
        this.renewedAt = takenAt;
    }

    String shardId() {
        return shardId;
    }

    Lease lease() {
        return lease.get();
    }

    Instant renewedAt() {
        return renewedAt;
    }

    boolean isLost() {
        return lost;
    }

    /** Whether this worker gave the lease up itself (then it is also {@link #isLost() lost} to it). */
    boolean isReleased() {
        return released;
    }

    void markLost() {
        lost = true;
    }

    /** Moves the counter; false when the lease is lost (another worker owns it now, or it was deleted). */
    boolean renew(Instant now) {
        if (released) {
            return true; // Nothing to renew, and nothing lost.
        }
        if (lost) {
            return false;
        }
        Optional<Lease> renewed = store.renew(lease.get());
        if (renewed.isPresent()) {
            keep(renewed.get());
            renewedAt = now;
            return true;
        }
        if (released) {
            return true;
        }
        lost = true;
        return false;
    }

    /** Writes a checkpoint; a loss found here marks the lease lost. */
    Lease checkpoint(Checkpoint checkpoint) {
        requireHeld();
        try {
            return keep(store.checkpoint(lease.get(), checkpoint));
        } catch (LeaseLostException e) {
            lost = true;
            throw e;
        }
    }

    Lease prepareCheckpoint(Checkpoint pending, byte[] state) {
        requireHeld();
        try {
            return keep(store.prepareCheckpoint(lease.get(), pending, state));
        } catch (LeaseLostException e) {
            lost = true;
            throw e;
        }
    }

    void recordChildren(Set<String> children) {
        requireHeld();
        try {
            keep(store.recordChildren(lease.get(), children));
        } catch (LeaseLostException e) {
            lost = true;
            throw e;
        }
    }

    /** Gives the lease up so another worker can take it at once; true when it was still held. */
    boolean release() {
        if (lost) {
            return false;
        }
        lost = true;
        released = true;
        // Release is conditioned on the counter too; a renewal may move it at any moment, so read and retry.
        for (int attempt = 0; attempt < 5; attempt++) {
            Lease current = attempt == 0 ? lease.get() : store.get(shardId).orElse(null);
            if (current == null || !workerId.equals(current.owner())) {
                return false;
            }
            Optional<Lease> after = store.release(current);
            if (after.isPresent()) {
                keep(after.get());
                return true;
            }
        }
        return false;
    }

    private Lease keep(Lease written) {
        return lease.accumulateAndGet(written, (mine, theirs) -> theirs.counter() >= mine.counter() ? theirs : mine);
    }

    private void requireHeld() {
        if (lost) {
            throw new LeaseLostException("Lease " + shardId + " is no longer held by " + workerId);
        }
    }
}
