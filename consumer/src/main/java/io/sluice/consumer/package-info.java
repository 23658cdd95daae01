/**
 * The consumer library (the KCL's role): {@link io.sluice.consumer.Scheduler} runs a worker that leases shards in
 * DynamoDB, shares them fairly with the rest of the fleet, reads them by polling or enhanced fan-out, deaggregates
 * KPL records and hands them to the application's {@link io.sluice.consumer.ShardRecordProcessor}, parents before
 * children, with fast failover and a graceful handoff. Everything under {@code internal} may change without notice.
 */
package io.sluice.consumer;
