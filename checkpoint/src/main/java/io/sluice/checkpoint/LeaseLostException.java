package io.sluice.checkpoint;

/**
 * A write that needs the caller to hold a lease found it held by another worker, or changed since the caller
 * read it: the checkpoint was not written. The caller should stop processing the shard. Fatal for that lease.
 *
 * <p>Immutable and thread-safe.
 */
public final class LeaseLostException extends CheckpointStoreException {

    private static final long serialVersionUID = 1L;

    /** @param message which lease, and who holds it now */
    public LeaseLostException(String message) {
        super(message, false, null);
    }
}
