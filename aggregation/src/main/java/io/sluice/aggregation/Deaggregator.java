package io.sluice.aggregation;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the user records out of a Kinesis record, as the KCL does: when the data has the KPL's magic, is longer
 * than magic plus digest, its MD5 checks out and its protobuf parses (required fields present, table indexes in
 * range), the user records come out with subsequence numbers 0..n-1; otherwise the record comes out whole, as a
 * single user record that was not aggregated.
 *
 * <p>Optionally drops user records whose effective hash key (explicit, else the MD5 of the partition key) lies
 * outside a shard's hash key range: after a reshard, an aggregate put by a stale shard map may carry records that
 * belong to another shard, and consumers must not deliver them from this one.
 *
 * <p>Stateless and thread-safe.
 */
public final class Deaggregator {

    /** One user record out of a Kinesis record. */
    public record UserRecord(String partitionKey, String explicitHashKey, byte[] data, long subSequenceNumber,
            boolean aggregated) {

        /**
         * The hash key that routes this record.
         *
         * @return the explicit hash key, else the MD5 of the partition key
         */
        public HashKey effectiveHashKey() {
            return explicitHashKey != null ? HashKey.parseDecimal(explicitHashKey)
                    : HashKey.ofPartitionKey(partitionKey);
        }
    }

    private Deaggregator() {
    }

    /**
     * The user records of a Kinesis record: those of an aggregate, else the record itself.
     *
     * @param partitionKey the Kinesis record's partition key
     * @param explicitHashKey its explicit hash key, or {@code null}
     * @param data its data
     * @return its user records, in order
     */
    public static List<UserRecord> deaggregate(String partitionKey, String explicitHashKey, byte[] data) {
        List<UserRecord> records = parse(data);
        if (records == null) {
            return List.of(new UserRecord(partitionKey, explicitHashKey, data, 0, false));
        }
        return records;
    }

    /**
     * As {@link #deaggregate(String, String, byte[])}, keeping only user records whose effective hash key lies in
     * {@code [start, end]}. A record that was not aggregated is kept whatever its key: Kinesis put it there.
     *
     * @param partitionKey the Kinesis record's partition key
     * @param explicitHashKey its explicit hash key, or {@code null}
     * @param data its data
     * @param start the shard's first hash key
     * @param end the shard's last hash key
     * @return the user records that belong to the shard, in order
     */
    public static List<UserRecord> deaggregate(String partitionKey, String explicitHashKey, byte[] data,
            HashKey start, HashKey end) {
        List<UserRecord> all = deaggregate(partitionKey, explicitHashKey, data);
        if (all.isEmpty() || !all.get(0).aggregated()) {
            return all;
        }
        List<UserRecord> kept = new ArrayList<>(all.size());
        for (UserRecord record : all) {
            if (record.effectiveHashKey().isWithin(start, end)) {
                kept.add(record);
            }
        }
        return kept;
    }

    /** The user records of an aggregated record, or {@code null} when the data is not a sound aggregate. */
    static List<UserRecord> parse(byte[] data) {
        if (data.length <= AggregatedRecordFormat.OVERHEAD_BYTES || !AggregatedRecordFormat.hasMagic(data)) {
            return null;
        }
        int bodyOffset = AggregatedRecordFormat.MAGIC.length;
        int bodyLength = data.length - AggregatedRecordFormat.OVERHEAD_BYTES;
        byte[] digest = Aggregator.md5(data, bodyOffset, bodyLength);
        if (!MessageDigest.isEqual(digest, java.util.Arrays.copyOfRange(data, bodyOffset + bodyLength,
                data.length))) {
            return null;
        }
        try {
            return readBody(CodedInputStream.newInstance(data, bodyOffset, bodyLength));
        } catch (IOException | RuntimeException malformed) {
            return null;
        }
    }

    private record RawRecord(long partitionKeyIndex, long explicitHashKeyIndex, byte[] data) {
    }

    private static List<UserRecord> readBody(CodedInputStream in) throws IOException {
        List<String> partitionKeys = new ArrayList<>();
        List<String> explicitHashKeys = new ArrayList<>();
        List<RawRecord> raw = new ArrayList<>();
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case AggregatedRecordFormat.AGGREGATE_PARTITION_KEYS, AggregatedRecordFormat.AGGREGATE_EXPLICIT_HASH_KEYS,
                        AggregatedRecordFormat.AGGREGATE_RECORDS -> expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                default -> {
                    // checked below
                }
            }
            switch (WireFormat.getTagFieldNumber(tag)) {
                case AggregatedRecordFormat.AGGREGATE_PARTITION_KEYS -> partitionKeys.add(in.readStringRequireUtf8());
                case AggregatedRecordFormat.AGGREGATE_EXPLICIT_HASH_KEYS ->
                        explicitHashKeys.add(in.readStringRequireUtf8());
                case AggregatedRecordFormat.AGGREGATE_RECORDS -> {
                    int length = in.readRawVarint32();
                    int limit = in.pushLimit(length);
                    raw.add(readRecord(in));
                    in.popLimit(limit);
                }
                default -> {
                    if (!in.skipField(tag)) {
                        throw new IOException("Unexpected end group");
                    }
                }
            }
        }
        List<UserRecord> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            RawRecord r = raw.get(i);
            if (r.partitionKeyIndex() >= partitionKeys.size()
                    || r.explicitHashKeyIndex() >= explicitHashKeys.size()) {
                throw new IOException("Table index out of range");
            }
            String explicit = r.explicitHashKeyIndex() < 0 ? null
                    : explicitHashKeys.get((int) r.explicitHashKeyIndex());
            out.add(new UserRecord(partitionKeys.get((int) r.partitionKeyIndex()), explicit, r.data(), i, true));
        }
        return out;
    }

    private static void expect(int tag, int wireType) throws IOException {
        if (WireFormat.getTagWireType(tag) != wireType) {
            throw new IOException("Field " + WireFormat.getTagFieldNumber(tag) + " has the wrong wire type");
        }
    }

    private static RawRecord readRecord(CodedInputStream in) throws IOException {
        long partitionKeyIndex = -1;
        long explicitHashKeyIndex = -1;
        byte[] data = null;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case AggregatedRecordFormat.RECORD_PARTITION_KEY_INDEX -> {
                    expect(tag, WireFormat.WIRETYPE_VARINT);
                    partitionKeyIndex = in.readUInt64();
                }
                case AggregatedRecordFormat.RECORD_EXPLICIT_HASH_KEY_INDEX -> {
                    expect(tag, WireFormat.WIRETYPE_VARINT);
                    explicitHashKeyIndex = in.readUInt64();
                }
                case AggregatedRecordFormat.RECORD_DATA -> {
                    expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                    data = in.readByteArray();
                }
                default -> {
                    // Tags (field 4) and anything newer are not user data.
                    if (!in.skipField(tag)) {
                        throw new IOException("Unexpected end group");
                    }
                }
            }
        }
        if (partitionKeyIndex < 0 || data == null) {
            throw new IOException("A record misses a required field");
        }
        return new RawRecord(partitionKeyIndex, explicitHashKeyIndex, data);
    }
}
