/**
 * The Kinesis Data Streams service ({@code Kinesis_20131202}): streams and their lifecycle, shards and routing,
 * sequence numbers, iterators, page tokens, and the actions grouped by concern.
 */
package io.sluice.local.internal.streams;
