/** Records to rows and rows to records: input schemas (JSON paths, CSV), coercion, and output formats. */
package io.sluice.local.internal.analytics.records;
