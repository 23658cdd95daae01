/**
 * The wire shapes of the Kinesis actions, with the API model's member names; the hottest ones (PutRecords,
 * GetRecords) are read and written by hand-written streaming code.
 */
package io.sluice.local.internal.streams.model;
