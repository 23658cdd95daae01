/**
 * Where records live: {@link io.sluice.local.internal.storage.ShardLog} in memory (off-heap pages) or in files
 * (CRC-framed segments with recovery), and stream metadata, durable in a data directory.
 */
package io.sluice.local.internal.storage;
