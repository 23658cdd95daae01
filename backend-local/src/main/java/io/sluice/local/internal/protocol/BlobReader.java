package io.sluice.local.internal.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/**
 * Reads a blob member (base64 in JSON, a byte string in CBOR) through {@link Tokens#blob}, for data-bound requests
 * whose blobs are large and many, such as Firehose's PutRecordBatch. Stateless.
 */
public final class BlobReader extends StdDeserializer<byte[]> {

    private static final long serialVersionUID = 1L;

    public BlobReader() {
        super(byte[].class);
    }

    @Override
    public byte[] deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        return Tokens.blob(p, p.currentName() == null ? "Data" : p.currentName());
    }
}
