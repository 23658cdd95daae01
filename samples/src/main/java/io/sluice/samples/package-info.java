/**
 * Starter templates and the quickstart.
 *
 * <p>Not built yet: this module's issue has not come. The package exists so the module has a home.
 */
package io.sluice.samples;
