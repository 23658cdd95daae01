package io.sluice.local.internal.firehose.delivery;

import java.time.Duration;

/**
 * The record processors of a destination, in the order they run: RecordDeAggregation, then Lambda (buffered by
 * its own hints), then MetadataExtraction (see {@link Partitioning}), then AppendDelimiterToRecord. Immutable.
 *
 * @param deaggregation how records split into sub-records, or {@code null}
 * @param lambda the transformation, or {@code null}
 * @param appendDelimiter whether a newline follows each record
 */
public record ProcessingChain(Deaggregation deaggregation, LambdaStep lambda, boolean appendDelimiter) {

    /**
     * RecordDeAggregation.
     *
     * @param json whether sub-records are concatenated JSON objects (else {@code delimiter} separates them)
     * @param delimiter the DELIMITED separator
     */
    public record Deaggregation(boolean json, byte[] delimiter) {
    }

    /**
     * The Lambda processor.
     *
     * @param functionArn the LambdaArn parameter
     * @param retries NumberOfRetries
     * @param bufferBytes BufferSizeInMBs, in bytes
     * @param interval BufferIntervalInSeconds
     */
    public record LambdaStep(String functionArn, int retries, long bufferBytes, Duration interval) {
    }
}
