/** The JUnit 5 extension that runs a {@link io.sluice.local.LocalBackend} for each test class. */
package io.sluice.local.junit;
