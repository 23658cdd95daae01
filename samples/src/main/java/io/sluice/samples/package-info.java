/**
 * Starter templates and the quickstart. {@link io.sluice.samples.quickstart.Quickstart} runs the whole pipeline
 * (producer, a consumer fleet, Firehose and an Analytics application) on an embedded backend-local.
 */
package io.sluice.samples;
