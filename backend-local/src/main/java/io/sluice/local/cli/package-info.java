/** The runnable jar's command line ({@code java -jar sluice-local.jar --help}). */
package io.sluice.local.cli;
