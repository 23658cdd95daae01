/**
 * The lease and checkpoint store of the consumer library: {@link io.sluice.checkpoint.LeaseStore} keeps one lease
 * per shard in a DynamoDB table with the KCL 2.x attribute layout (so a KCL application's table can be adopted),
 * and changes it only by conditional writes.
 */
package io.sluice.checkpoint;
