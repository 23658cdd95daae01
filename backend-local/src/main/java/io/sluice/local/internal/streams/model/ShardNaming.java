package io.sluice.local.internal.streams.model;

/** The wire bytes of a stream's shard ids and sequence numbers, which a stream formats once per shard. */
public interface ShardNaming {

    /** The shard id {@code shardId-000000000007} in UTF-8. */
    byte[] shardIdUtf8(int shardIndex);

    /** Writes the 56-digit sequence number of a record of a shard into {@code out}, from index 0. */
    void sequenceNumberUtf8(int shardIndex, long position, byte[] out);
}
