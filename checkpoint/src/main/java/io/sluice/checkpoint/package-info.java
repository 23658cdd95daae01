/**
 * The lease and checkpoint store: the lease table and the worker table in DynamoDB.
 *
 * <p>Not built yet: this module's issue has not come. The package exists so the module has a home.
 */
package io.sluice.checkpoint;
