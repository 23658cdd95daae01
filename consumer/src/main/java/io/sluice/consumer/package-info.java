/**
 * The consumer library (the KCL's role): a worker fleet leasing shards, with fast failover and fair balance.
 *
 * <p>Not built yet: this module's issue has not come. The package exists so the module has a home.
 */
package io.sluice.consumer;
