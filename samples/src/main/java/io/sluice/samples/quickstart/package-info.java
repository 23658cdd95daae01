/** The one-command quickstart: the whole pipeline on an embedded backend-local, with a live summary. */
package io.sluice.samples.quickstart;
