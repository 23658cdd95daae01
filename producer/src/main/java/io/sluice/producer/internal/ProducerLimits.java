package io.sluice.producer.internal;

/**
 * Kinesis's fixed limits the producer checks before buffering a record.
 */
final class ProducerLimits {

    /** Data plus partition key of one record, 1 MiB. */
    static final int MAX_RECORD_BYTES = 1024 * 1024;

    private ProducerLimits() {
    }
}
