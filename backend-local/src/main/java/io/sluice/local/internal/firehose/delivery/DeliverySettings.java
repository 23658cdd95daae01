package io.sluice.local.internal.firehose.delivery;

import java.time.Duration;

/**
 * A delivery stream's configuration, compiled for its pipeline: buffering hints and the destination. Made anew on
 * UpdateDestination; records already buffered go out under the settings they were buffered with. Immutable.
 *
 * @param streamName the delivery stream's name (object keys start with it)
 * @param streamArn its ARN (transformation events carry it)
 * @param sourceStreamArn the source data stream's ARN, or {@code null} for DirectPut
 * @param region its region
 * @param version the destination's version (object keys carry it)
 * @param bufferBytes the SizeInMBs hint, in bytes
 * @param interval the IntervalInSeconds hint
 * @param s3 the S3 destination, or the S3 backup of an HTTP endpoint destination
 * @param http the HTTP endpoint destination, or {@code null}
 * @param backupAll whether every source record is also written to the S3 backup (S3BackupMode Enabled, or an
 *     HTTP endpoint's AllData)
 * @param backup where an S3 destination's backup goes, or {@code null}
 * @param backupBytes the backup's SizeInMBs hint, in bytes
 * @param backupInterval the backup's IntervalInSeconds hint
 * @param processing the record processors, or {@code null} when processing is off
 * @param partitioning the dynamic partitioning, or {@code null} when off
 */
public record DeliverySettings(String streamName, String streamArn, String sourceStreamArn, String region, int version, long bufferBytes,
        Duration interval, S3Target s3, HttpTarget http, boolean backupAll, S3Target backup, long backupBytes,
        Duration backupInterval,
        ProcessingChain processing, Partitioning partitioning) {
}
