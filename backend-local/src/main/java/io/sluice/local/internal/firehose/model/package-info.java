/** The Firehose API's shapes as Java records, decoded and encoded by the backend's codec. */
package io.sluice.local.internal.firehose.model;
