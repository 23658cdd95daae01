/** Requests, responses and shapes of the Kinesis Data Analytics (SQL) API, with the API model's member names. */
package io.sluice.local.internal.analytics.model;
