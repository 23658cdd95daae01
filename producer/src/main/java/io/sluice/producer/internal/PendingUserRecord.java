package io.sluice.producer.internal;

import io.sluice.aggregation.HashKey;
import io.sluice.producer.UserRecordResult;
import java.util.concurrent.CompletableFuture;

/**
 * A user record from {@code addUserRecord} until its future completes. Its data is dropped once the record is
 * encoded into an aggregate, so a buffered record is held once, not twice.
 *
 * <p>Created on the caller's thread, then owned by the sender thread alone.
 */
final class PendingUserRecord {

    final String stream;
    final String partitionKey;
    final String explicitHashKey;
    final HashKey hashKey;
    final int partitionKeyBytes;
    final int dataLength;
    final long accountedBytes;
    final long addedMillis;
    final int flushEpoch;
    final CompletableFuture<UserRecordResult> future;
    /** The record's data until it is encoded into an aggregate; then null (the aggregate holds the bytes). */
    byte[] data;

    PendingUserRecord(String stream, String partitionKey, String explicitHashKey, HashKey hashKey,
            int partitionKeyBytes, byte[] data, long accountedBytes, long addedMillis, int flushEpoch,
            CompletableFuture<UserRecordResult> future) {
        this.stream = stream;
        this.partitionKey = partitionKey;
        this.explicitHashKey = explicitHashKey;
        this.hashKey = hashKey;
        this.partitionKeyBytes = partitionKeyBytes;
        this.data = data;
        this.dataLength = data.length;
        this.accountedBytes = accountedBytes;
        this.addedMillis = addedMillis;
        this.flushEpoch = flushEpoch;
        this.future = future;
    }
}
