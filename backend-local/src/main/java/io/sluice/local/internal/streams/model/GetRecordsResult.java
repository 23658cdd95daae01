package io.sluice.local.internal.streams.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.sluice.local.internal.api.SizedOutput;
import io.sluice.local.internal.protocol.AwsTimestamps;
import io.sluice.local.internal.storage.StoredRecord;
import java.io.IOException;
import java.util.List;

/**
 * The GetRecords response, {@code {Records: [{SequenceNumber, ApproximateArrivalTimestamp, Data, PartitionKey,
 * EncryptionType?}], NextShardIterator, MillisBehindLatest, ChildShards?}}, or the same records as a
 * SubscribeToShardEvent (with ContinuationSequenceNumber instead of NextShardIterator), written straight from the records read
 * out of the log: up to 10,000 per call, so sequence numbers and timestamps go to the output without an object
 * each. Immutable once built.
 */
@JsonSerialize(using = GetRecordsResult.Writer.class)
public final class GetRecordsResult implements SizedOutput {

    private final ShardNaming naming;
    private final int shardIndex;
    private final List<StoredRecord> records;
    private final String recordEncryptionType;
    private final String nextShardIterator;
    private final String continuationSequenceNumber;
    private final long millisBehindLatest;
    private final List<Shapes.ChildShard> childShards;

    /**
     * @param recordEncryptionType the per-record EncryptionType, or {@code null} to leave it out (unencrypted)
     * @param nextShardIterator {@code null} at the end of a closed shard
     * @param childShards the children of a closed shard at its end, else {@code null}
     */
    public GetRecordsResult(ShardNaming naming, int shardIndex, List<StoredRecord> records,
            String recordEncryptionType, String nextShardIterator, long millisBehindLatest,
            List<Shapes.ChildShard> childShards) {
        this(naming, shardIndex, records, recordEncryptionType, nextShardIterator, null, millisBehindLatest,
                childShards);
    }

    private GetRecordsResult(ShardNaming naming, int shardIndex, List<StoredRecord> records,
            String recordEncryptionType, String nextShardIterator, String continuationSequenceNumber,
            long millisBehindLatest, List<Shapes.ChildShard> childShards) {
        this.naming = naming;
        this.shardIndex = shardIndex;
        this.records = records;
        this.recordEncryptionType = recordEncryptionType;
        this.nextShardIterator = nextShardIterator;
        this.continuationSequenceNumber = continuationSequenceNumber;
        this.millisBehindLatest = millisBehindLatest;
        this.childShards = childShards;
    }

    /**
     * A SubscribeToShardEvent: the same records, with the sequence number to continue after instead of an iterator
     * ({@code null} at the end of a closed shard, where {@code childShards} is given).
     */
    public static GetRecordsResult subscribeEvent(ShardNaming naming, int shardIndex, List<StoredRecord> records,
            String recordEncryptionType, String continuationSequenceNumber, long millisBehindLatest,
            List<Shapes.ChildShard> childShards) {
        return new GetRecordsResult(naming, shardIndex, records, recordEncryptionType, null,
                continuationSequenceNumber, millisBehindLatest, childShards);
    }

    @Override
    public int estimatedBytes() {
        long bytes = 512;
        for (StoredRecord record : records) {
            // base64 data, the key, a 56-digit sequence number, a timestamp and the member names
            bytes += record.data().length * 4L / 3 + record.partitionKey().length() + 160;
        }
        return (int) Math.min(bytes, Integer.MAX_VALUE - 8);
    }

    /** Writes the response in either encoding. Stateless. */
    public static final class Writer extends StdSerializer<GetRecordsResult> {
        private static final long serialVersionUID = 1L;

        public Writer() {
            super(GetRecordsResult.class);
        }

        @Override
        public void serialize(GetRecordsResult r, JsonGenerator gen, SerializerProvider provider) throws IOException {
            boolean cbor = gen instanceof CBORGenerator;
            byte[] sequence = new byte[56];
            char[] timestamp = new char[24];
            gen.writeStartObject();
            gen.writeFieldName("Records");
            gen.writeStartArray(r.records, r.records.size());
            for (StoredRecord record : r.records) {
                gen.writeStartObject();
                r.naming.sequenceNumberUtf8(r.shardIndex, record.position(), sequence);
                gen.writeFieldName("SequenceNumber");
                gen.writeRawUTF8String(sequence, 0, sequence.length);
                gen.writeFieldName("ApproximateArrivalTimestamp");
                if (cbor) {
                    ((CBORGenerator) gen).writeTag(1);
                    gen.writeNumber(record.arrivalMillis());
                } else {
                    int length = AwsTimestamps.epochSeconds(record.arrivalMillis(), timestamp);
                    gen.writeNumber(timestamp, 0, length);
                }
                gen.writeFieldName("Data");
                gen.writeBinary(record.data());
                gen.writeStringField("PartitionKey", record.partitionKey());
                if (r.recordEncryptionType != null) {
                    gen.writeStringField("EncryptionType", r.recordEncryptionType);
                }
                gen.writeEndObject();
            }
            gen.writeEndArray();
            if (r.nextShardIterator != null) {
                gen.writeStringField("NextShardIterator", r.nextShardIterator);
            }
            if (r.continuationSequenceNumber != null) {
                gen.writeStringField("ContinuationSequenceNumber", r.continuationSequenceNumber);
            }
            gen.writeNumberField("MillisBehindLatest", r.millisBehindLatest);
            if (r.childShards != null) {
                gen.writeFieldName("ChildShards");
                provider.defaultSerializeValue(r.childShards, gen);
            }
            gen.writeEndObject();
        }
    }
}
