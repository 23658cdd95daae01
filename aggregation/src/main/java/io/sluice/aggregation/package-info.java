/**
 * The KPL aggregated-record format and the 128-bit hash keys that route records to shards.
 *
 * <p>{@link io.sluice.aggregation.Aggregator} writes aggregated records byte-compatible with the KPL,
 * {@link io.sluice.aggregation.Deaggregator} reads them as the KCL does, and {@link io.sluice.aggregation.HashKey}
 * routes records to shards.
 */
package io.sluice.aggregation;
