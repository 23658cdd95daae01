package io.sluice.consumer.internal;

import io.sluice.checkpoint.Checkpoint;
import io.sluice.checkpoint.Lease;
import io.sluice.consumer.Checkpointer;
import io.sluice.consumer.KinesisClientRecord;
import io.sluice.consumer.PreparedCheckpointer;
import java.util.Objects;

/**
 * The {@link Checkpointer} of one shard, validating as the KCL does: a checkpoint may not go below the last one
 * nor above the last user record delivered; at a closed shard's last record (or after it) it writes
 * {@code SHARD_END}.
 *
 * <p>Not thread-safe: the shard thread alone uses it (the interface's contract); the lease write itself is
 * serialised with renewals by {@link HeldLease}.
 */
final class ShardCheckpointer implements Checkpointer {

    private final HeldLease lease;
    private final ConsumerMetrics metrics;
    private Checkpoint last;
    private Checkpoint pending;
    private Checkpoint largestDelivered;
    private Checkpoint lastOfEndedShard;
    private boolean shardEnded;
    private boolean closed;

    ShardCheckpointer(HeldLease lease, ConsumerMetrics metrics) {
        this.lease = lease;
        this.metrics = metrics;
        Lease current = lease.lease();
        this.last = current.checkpoint();
        this.pending = current.pendingCheckpoint();
        this.largestDelivered = current.checkpoint();
    }

    /** Called before a batch is handed over: the processor may now checkpoint up to its last record. */
    void delivered(KinesisClientRecord lastRecord, boolean lastBatchOfShard) {
        largestDelivered = new Checkpoint(lastRecord.sequenceNumber(), lastRecord.subSequenceNumber());
        if (lastBatchOfShard) {
            lastOfEndedShard = largestDelivered;
        }
    }

    /** Called when every record of a closed shard was delivered: {@link #checkpoint()} now writes SHARD_END. */
    void shardEnded() {
        shardEnded = true;
    }

    /** Called when the processor's last call returned: the checkpointer may not be used again. */
    void close() {
        closed = true;
    }

    Checkpoint last() {
        return last;
    }

    @Override
    public void checkpoint() {
        write(shardEnded ? Checkpoint.SHARD_END : largestDelivered);
    }

    @Override
    public void checkpoint(KinesisClientRecord record) {
        Objects.requireNonNull(record, "record");
        write(new Checkpoint(record.sequenceNumber(), record.subSequenceNumber()));
    }

    @Override
    public void checkpoint(String sequenceNumber) {
        write(new Checkpoint(Objects.requireNonNull(sequenceNumber, "sequenceNumber"), 0));
    }

    @Override
    public void checkpoint(String sequenceNumber, long subSequenceNumber) {
        write(new Checkpoint(Objects.requireNonNull(sequenceNumber, "sequenceNumber"), subSequenceNumber));
    }

    @Override
    public PreparedCheckpointer prepareCheckpoint() {
        return prepare(shardEnded ? Checkpoint.SHARD_END : largestDelivered, null);
    }

    @Override
    public PreparedCheckpointer prepareCheckpoint(byte[] applicationState) {
        return prepare(shardEnded ? Checkpoint.SHARD_END : largestDelivered, applicationState);
    }

    @Override
    public PreparedCheckpointer prepareCheckpoint(KinesisClientRecord record) {
        return prepare(new Checkpoint(record.sequenceNumber(), record.subSequenceNumber()), null);
    }

    @Override
    public PreparedCheckpointer prepareCheckpoint(String sequenceNumber, long subSequenceNumber,
            byte[] applicationState) {
        return prepare(new Checkpoint(sequenceNumber, subSequenceNumber), applicationState);
    }

    @Override
    public Checkpoint lastCheckpoint() {
        return last;
    }

    @Override
    public Checkpoint pendingCheckpoint() {
        return pending;
    }

    private PreparedCheckpointer prepare(Checkpoint target, byte[] state) {
        Checkpoint position = validate(target);
        lease.prepareCheckpoint(position, state);
        pending = position;
        metrics.checkpointWritten();
        return new PreparedCheckpointer() {
            @Override
            public Checkpoint pendingCheckpoint() {
                return position;
            }

            @Override
            public void checkpoint() {
                commit(position);
            }
        };
    }

    private void write(Checkpoint target) {
        commit(validate(target));
    }

    /** Writes a position validated when it was prepared, unless a later checkpoint passed it since. */
    private void commit(Checkpoint position) {
        if (closed) {
            throw new IllegalStateException("The processor of " + lease.shardId()
                    + " was shut down; its checkpointer can no longer be used");
        }
        if (Positions.compare(position, last) < 0) {
            throw new IllegalArgumentException("Prepared checkpoint " + position + " in " + lease.shardId()
                    + " is before the last checkpoint " + last);
        }
        lease.checkpoint(position);
        last = position;
        pending = null;
        metrics.checkpointWritten();
    }

    /** The position to write for {@code target}, or an exception saying why it may not be written. */
    private Checkpoint validate(Checkpoint target) {
        if (closed) {
            throw new IllegalStateException("The processor of " + lease.shardId()
                    + " was shut down; its checkpointer can no longer be used");
        }
        if (target.isSentinel() && !target.isShardEnd() && !target.equals(last)) {
            throw new IllegalArgumentException("Cannot checkpoint at " + target.sequenceNumber() + " in "
                    + lease.shardId());
        }
        if (Positions.compare(target, last) < 0) {
            throw new IllegalArgumentException("Checkpoint " + target + " in " + lease.shardId()
                    + " is before the last checkpoint " + last);
        }
        Checkpoint largest = shardEnded ? Checkpoint.SHARD_END : largestDelivered;
        if (Positions.compare(target, largest) > 0) {
            throw new IllegalArgumentException("Checkpoint " + target + " in " + lease.shardId()
                    + " is after the last record delivered, " + largest);
        }
        boolean atEnd = lastOfEndedShard != null && Positions.compare(target, lastOfEndedShard) == 0;
        Checkpoint position = atEnd ? Checkpoint.SHARD_END : target;
        return position;
    }
}
