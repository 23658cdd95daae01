/** How a service is described to the server: actions with typed inputs, the router, the per-request context. */
package io.sluice.local.internal.api;
