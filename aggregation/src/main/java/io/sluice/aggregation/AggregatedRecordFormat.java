package io.sluice.aggregation;

/**
 * Constants of the KPL aggregated-record format: the 4-byte magic, a protobuf (proto2) {@code AggregatedRecord},
 * and the 16-byte MD5 of the protobuf bytes.
 *
 * <pre>
 * AggregatedRecord { repeated string partition_key_table = 1; repeated string explicit_hash_key_table = 2;
 *                    repeated Record records = 3; }
 * Record           { required uint64 partition_key_index = 1; optional uint64 explicit_hash_key_index = 2;
 *                    required bytes data = 3; repeated Tag tags = 4; }
 * Tag              { required string key = 1; optional string value = 2; }
 * </pre>
 */
public final class AggregatedRecordFormat {

    /** The bytes every aggregated record starts with. */
    static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};
    /** Length of the MD5 trailer. */
    static final int DIGEST_BYTES = 16;
    /** Magic plus trailer: what a record adds to its protobuf body. */
    public static final int OVERHEAD_BYTES = 4 + DIGEST_BYTES;

    static final int AGGREGATE_PARTITION_KEYS = 1;
    static final int AGGREGATE_EXPLICIT_HASH_KEYS = 2;
    static final int AGGREGATE_RECORDS = 3;
    static final int RECORD_PARTITION_KEY_INDEX = 1;
    static final int RECORD_EXPLICIT_HASH_KEY_INDEX = 2;
    static final int RECORD_DATA = 3;
    static final int RECORD_TAGS = 4;

    private AggregatedRecordFormat() {
    }

    /**
     * Whether data starts with the KPL's magic bytes (it may still be corrupt).
     *
     * @param data a Kinesis record's data
     * @return whether it starts with the magic bytes
     */
    public static boolean hasMagic(byte[] data) {
        if (data.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (data[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }
}
