package io.sluice.local.internal.storage;

import java.nio.charset.StandardCharsets;

/**
 * A record to append to a shard log: what PutRecord(s) carried for it, with the partition key also in UTF-8 (the
 * writer encodes it once to hash it; logs store those bytes).
 */
public record AppendRecord(String partitionKey, byte[] partitionKeyUtf8, byte[] data) {

    public AppendRecord(String partitionKey, byte[] data) {
        this(partitionKey, partitionKey.getBytes(StandardCharsets.UTF_8), data);
    }
}
