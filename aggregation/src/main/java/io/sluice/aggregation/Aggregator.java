package io.sluice.aggregation;

import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects user records into one KPL aggregated record, byte-compatible with the KPL. It keeps the exact encoded
 * size as records come in, so {@link #tryAdd} refuses a record that would take the Kinesis record past its size
 * limit, and the aggregate written is never larger than promised.
 *
 * <p>The Kinesis record carries partition key {@value #AGGREGATE_PARTITION_KEY} and, as explicit hash key, the
 * first user record's effective hash key, so it lands on the shard the first record predicts (as the KPL does).
 * An aggregate of a single user record is sent as that record itself, with its own keys, without the format's
 * overhead.
 *
 * <p>Not thread-safe: one aggregator per shard, used by one thread at a time.
 */
public final class Aggregator {

    /** The partition key of every aggregated Kinesis record. */
    public static final String AGGREGATE_PARTITION_KEY = "a";
    /** The KPL's default limit on an aggregated record's size. */
    public static final int DEFAULT_MAX_BYTES = 51_200;
    /** Kinesis's default limit on one record: data plus partition key. */
    public static final int MAX_KINESIS_RECORD_BYTES = 1024 * 1024;

    private final int maxBytes;
    private final int maxCount;
    private final Map<String, Integer> partitionKeys = new HashMap<>();
    private final List<String> partitionKeyTable = new ArrayList<>();
    private final Map<String, Integer> explicitHashKeys = new HashMap<>();
    private final List<String> explicitHashKeyTable = new ArrayList<>();
    private final List<Entry> records = new ArrayList<>();
    /** Bytes of the protobuf body so far. */
    private int bodyBytes;
    private HashKey firstHashKey;

    /** A user record in the aggregate: its table indexes and data. */
    private record Entry(int partitionKeyIndex, int explicitHashKeyIndex, byte[] data, String partitionKey,
            String explicitHashKey) {
    }

    /** What goes to Kinesis: one record, aggregated or (for one user record) not. */
    public record KinesisRecord(String partitionKey, String explicitHashKey, byte[] data, int userRecords) {
    }

    /**
     * @param maxBytes the most bytes the Kinesis record may have, data plus partition key (at most 1 MiB)
     * @param maxCount the most user records in one aggregate
     */
    public Aggregator(int maxBytes, int maxCount) {
        if (maxBytes < 64 || maxBytes > MAX_KINESIS_RECORD_BYTES) {
            throw new IllegalArgumentException("maxBytes must be 64 to " + MAX_KINESIS_RECORD_BYTES + ": " + maxBytes);
        }
        if (maxCount < 1) {
            throw new IllegalArgumentException("maxCount must be positive: " + maxCount);
        }
        this.maxBytes = maxBytes;
        this.maxCount = maxCount;
    }

    /**
     * How many user records were added since the last build.
     *
     * @return the number of user records held
     */
    public int count() {
        return records.size();
    }

    /**
     * Whether nothing was added since the last build.
     *
     * @return whether no user record is held
     */
    public boolean isEmpty() {
        return records.isEmpty();
    }

    /**
     * The size of the Kinesis record {@link #build()} would make now.
     *
     * @return its data plus partition key, in bytes
     */
    public int sizeBytes() {
        if (records.size() == 1) {
            Entry only = records.get(0);
            return only.data().length + utf8Length(only.partitionKey());
        }
        return AggregatedRecordFormat.OVERHEAD_BYTES + bodyBytes + AGGREGATE_PARTITION_KEY.length();
    }

    /**
     * Adds a user record if the aggregate stays within its limits.
     *
     * @param partitionKey the user record's partition key
     * @param explicitHashKey the decimal explicit hash key, or {@code null}
     * @param hashKey the record's effective hash key (explicit, else the MD5 of its partition key)
     * @param data the user record's data
     * @return false (and nothing changes) when the record would take the aggregate past a limit; an empty
     *     aggregate always takes a record that fits in a Kinesis record by itself
     */
    public boolean tryAdd(String partitionKey, String explicitHashKey, HashKey hashKey, byte[] data) {
        if (records.size() >= maxCount) {
            return false;
        }
        int added = 0;
        Integer keyIndex = partitionKeys.get(partitionKey);
        int newKeyIndex = keyIndex == null ? partitionKeyTable.size() : keyIndex;
        if (keyIndex == null) {
            added += CodedOutputStream.computeStringSize(AggregatedRecordFormat.AGGREGATE_PARTITION_KEYS, partitionKey);
        }
        int newHashIndex = -1;
        if (explicitHashKey != null) {
            Integer hashIndex = explicitHashKeys.get(explicitHashKey);
            newHashIndex = hashIndex == null ? explicitHashKeyTable.size() : hashIndex;
            if (hashIndex == null) {
                added += CodedOutputStream.computeStringSize(AggregatedRecordFormat.AGGREGATE_EXPLICIT_HASH_KEYS,
                        explicitHashKey);
            }
        }
        int recordBytes = recordBodySize(newKeyIndex, newHashIndex, data.length);
        added += CodedOutputStream.computeTagSize(AggregatedRecordFormat.AGGREGATE_RECORDS)
                + CodedOutputStream.computeUInt32SizeNoTag(recordBytes) + recordBytes;
        int aggregateSize = AggregatedRecordFormat.OVERHEAD_BYTES + bodyBytes + added
                + AGGREGATE_PARTITION_KEY.length();
        if (!records.isEmpty() && aggregateSize > maxBytes) {
            return false;
        }
        if (records.isEmpty() && data.length + utf8Length(partitionKey) > MAX_KINESIS_RECORD_BYTES) {
            return false;
        }
        if (keyIndex == null) {
            partitionKeys.put(partitionKey, newKeyIndex);
            partitionKeyTable.add(partitionKey);
        }
        if (explicitHashKey != null && newHashIndex == explicitHashKeyTable.size()) {
            explicitHashKeys.put(explicitHashKey, newHashIndex);
            explicitHashKeyTable.add(explicitHashKey);
        }
        if (records.isEmpty()) {
            firstHashKey = hashKey;
        }
        records.add(new Entry(newKeyIndex, newHashIndex, data, partitionKey, explicitHashKey));
        bodyBytes += added;
        return true;
    }

    /**
     * The Kinesis record of what was added, and a reset to empty. One user record goes out as itself; more go
     * out as an aggregated record.
     *
     * @return the Kinesis record to put
     * @throws IllegalStateException when nothing was added
     */
    public KinesisRecord build() {
        if (records.isEmpty()) {
            throw new IllegalStateException("Nothing to build: the aggregator is empty");
        }
        KinesisRecord out;
        if (records.size() == 1) {
            Entry only = records.get(0);
            out = new KinesisRecord(only.partitionKey(), only.explicitHashKey(), only.data(), 1);
        } else {
            out = new KinesisRecord(AGGREGATE_PARTITION_KEY, firstHashKey.toString(), encode(), records.size());
        }
        reset();
        return out;
    }

    private byte[] encode() {
        byte[] out = new byte[AggregatedRecordFormat.OVERHEAD_BYTES + bodyBytes];
        System.arraycopy(AggregatedRecordFormat.MAGIC, 0, out, 0, AggregatedRecordFormat.MAGIC.length);
        CodedOutputStream body = CodedOutputStream.newInstance(out, AggregatedRecordFormat.MAGIC.length, bodyBytes);
        try {
            for (String key : partitionKeyTable) {
                body.writeString(AggregatedRecordFormat.AGGREGATE_PARTITION_KEYS, key);
            }
            for (String key : explicitHashKeyTable) {
                body.writeString(AggregatedRecordFormat.AGGREGATE_EXPLICIT_HASH_KEYS, key);
            }
            for (Entry entry : records) {
                body.writeTag(AggregatedRecordFormat.AGGREGATE_RECORDS,
                        com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
                body.writeUInt32NoTag(recordBodySize(entry.partitionKeyIndex(), entry.explicitHashKeyIndex(),
                        entry.data().length));
                // Required fields are written even when zero: a proto2 reader rejects a record without them.
                body.writeUInt64(AggregatedRecordFormat.RECORD_PARTITION_KEY_INDEX, entry.partitionKeyIndex());
                if (entry.explicitHashKeyIndex() >= 0) {
                    body.writeUInt64(AggregatedRecordFormat.RECORD_EXPLICIT_HASH_KEY_INDEX,
                            entry.explicitHashKeyIndex());
                }
                body.writeByteArray(AggregatedRecordFormat.RECORD_DATA, entry.data());
            }
            body.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("The aggregate's size was miscounted", e);
        }
        byte[] digest = md5(out, AggregatedRecordFormat.MAGIC.length, bodyBytes);
        System.arraycopy(digest, 0, out, AggregatedRecordFormat.MAGIC.length + bodyBytes,
                AggregatedRecordFormat.DIGEST_BYTES);
        return out;
    }

    private static int recordBodySize(int partitionKeyIndex, int explicitHashKeyIndex, int dataLength) {
        int size = CodedOutputStream.computeUInt64Size(AggregatedRecordFormat.RECORD_PARTITION_KEY_INDEX,
                partitionKeyIndex);
        if (explicitHashKeyIndex >= 0) {
            size += CodedOutputStream.computeUInt64Size(AggregatedRecordFormat.RECORD_EXPLICIT_HASH_KEY_INDEX,
                    explicitHashKeyIndex);
        }
        size += CodedOutputStream.computeTagSize(AggregatedRecordFormat.RECORD_DATA)
                + CodedOutputStream.computeUInt32SizeNoTag(dataLength) + dataLength;
        return size;
    }

    private void reset() {
        partitionKeys.clear();
        partitionKeyTable.clear();
        explicitHashKeys.clear();
        explicitHashKeyTable.clear();
        records.clear();
        bodyBytes = 0;
        firstHashKey = null;
    }

    static byte[] md5(byte[] data, int offset, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            digest.update(data, offset, length);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
