/**
 * The side-by-side load harness: backend-local, kinesalite and a do-nothing endpoint driven by the same AWS SDK v2
 * client in one run, so ratios between them are measured on the same machine at the same time.
 */
package io.sluice.bench;
