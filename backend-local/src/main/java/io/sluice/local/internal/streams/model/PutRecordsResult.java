package io.sluice.local.internal.streams.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.sluice.local.internal.api.SizedOutput;
import java.io.IOException;

/**
 * The PutRecords response, {@code {FailedRecordCount, Records: [{SequenceNumber, ShardId} | {ErrorCode,
 * ErrorMessage}], EncryptionType}}, kept as shard indexes and log positions and written straight to the wire: the
 * 56-digit sequence numbers are formatted into the output buffer rather than built as strings first. Immutable
 * once built; arrays are owned by this object.
 */
@JsonSerialize(using = PutRecordsResult.Writer.class)
public final class PutRecordsResult implements SizedOutput {

    private final ShardNaming naming;
    private final int[] shards;
    private final long[] positions;
    private final String[] errorCodes;
    private final String[] errorMessages;
    private final String encryptionType;

    /**
     * @param shards the shard index of each record, in request order
     * @param positions each record's position in its shard's log (ignored where an error code is set)
     * @param errorCodes per record, {@code null} for success; the array itself may be {@code null} when all succeeded
     */
    public PutRecordsResult(ShardNaming naming, int[] shards, long[] positions, String[] errorCodes,
            String[] errorMessages, String encryptionType) {
        this.naming = naming;
        this.shards = shards;
        this.positions = positions;
        this.errorCodes = errorCodes;
        this.errorMessages = errorMessages;
        this.encryptionType = encryptionType;
    }

    public int failedRecordCount() {
        int failed = 0;
        if (errorCodes != null) {
            for (String code : errorCodes) {
                if (code != null) {
                    failed++;
                }
            }
        }
        return failed;
    }

    @Override
    public int estimatedBytes() {
        return 128 + shards.length * 110;
    }

    /** Writes the response in either encoding. Stateless. */
    public static final class Writer extends StdSerializer<PutRecordsResult> {
        private static final long serialVersionUID = 1L;

        public Writer() {
            super(PutRecordsResult.class);
        }

        @Override
        public void serialize(PutRecordsResult r, JsonGenerator gen, SerializerProvider provider) throws IOException {
            byte[] sequence = new byte[56];
            gen.writeStartObject();
            gen.writeNumberField("FailedRecordCount", r.failedRecordCount());
            gen.writeFieldName("Records");
            gen.writeStartArray(r.shards, r.shards.length);
            for (int i = 0; i < r.shards.length; i++) {
                gen.writeStartObject();
                if (r.errorCodes != null && r.errorCodes[i] != null) {
                    gen.writeStringField("ErrorCode", r.errorCodes[i]);
                    gen.writeStringField("ErrorMessage", r.errorMessages[i]);
                } else {
                    r.naming.sequenceNumberUtf8(r.shards[i], r.positions[i], sequence);
                    gen.writeFieldName("SequenceNumber");
                    gen.writeRawUTF8String(sequence, 0, sequence.length);
                    byte[] shardId = r.naming.shardIdUtf8(r.shards[i]);
                    gen.writeFieldName("ShardId");
                    gen.writeRawUTF8String(shardId, 0, shardId.length);
                }
                gen.writeEndObject();
            }
            gen.writeEndArray();
            if (r.encryptionType != null) {
                gen.writeStringField("EncryptionType", r.encryptionType);
            }
            gen.writeEndObject();
        }
    }
}
