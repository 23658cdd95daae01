package io.sluice.local.internal.storage;

/** A record to append to a shard log: what PutRecord(s) carried for it. */
public record AppendRecord(String partitionKey, byte[] data) {
}
