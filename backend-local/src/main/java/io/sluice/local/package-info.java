/**
 * backend-local: a local backend that speaks the Amazon Kinesis Data Streams wire protocol (AWS JSON 1.1 and CBOR,
 * over HTTP/1.1 and HTTP/2 cleartext on one port), Firehose, Kinesis Data Analytics for SQL and DynamoDB, so the
 * AWS SDKs, the AWS CLI and Sluice's libraries run against it unchanged.
 *
 * <p>Start one with {@link io.sluice.local.LocalBackend#builder()}, point clients at
 * {@link io.sluice.local.LocalBackend#endpoint()} (or take ready SDK builders from
 * {@link io.sluice.local.LocalClients}), and {@code close()} it when done. In JUnit 5 tests use
 * {@link io.sluice.local.junit.LocalBackendExtension}. Everything under {@code internal} may change without notice.
 */
package io.sluice.local;
