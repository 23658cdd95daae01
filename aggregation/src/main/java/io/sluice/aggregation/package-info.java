/**
 * The KPL aggregated-record format and the 128-bit hash keys that route records to shards.
 *
 * <p>So far this package holds {@link io.sluice.aggregation.HashKey}; the encoder and decoder come with the
 * producer issue.
 */
package io.sluice.aggregation;
