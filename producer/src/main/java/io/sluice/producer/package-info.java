/**
 * The producer library (the KPL's role) with back-pressure, bounded memory and real backoff.
 *
 * <p>Not built yet: this module's issue has not come. The package exists so the module has a home.
 */
package io.sluice.producer;
