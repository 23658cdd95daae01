package io.sluice.local.internal.streams.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.sluice.local.internal.protocol.Tokens;
import io.sluice.local.internal.streams.model.RecordActionsModel.PutRecordsRequest;
import io.sluice.local.internal.streams.model.RecordActionsModel.PutRecordsRequestEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads PutRecords, the request every producer sends hundreds of times a second, straight from the token stream
 * (JSON or CBOR) instead of through data binding: a noticeable share of the backend's work per request otherwise.
 * Same strictness as the codec: unknown members skipped, no coercion. Stateless.
 */
public final class PutRecordsRequestReader extends StdDeserializer<PutRecordsRequest> {

    private static final long serialVersionUID = 1L;

    public PutRecordsRequestReader() {
        super(PutRecordsRequest.class);
    }

    @Override
    public PutRecordsRequest deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw Tokens.mismatch(p.currentToken(), "PutRecordsRequest", "a structure");
        }
        String streamName = null;
        String streamArn = null;
        List<PutRecordsRequestEntry> records = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "StreamName" -> streamName = Tokens.string(p, name);
                case "StreamARN" -> streamArn = Tokens.string(p, name);
                case "Records" -> records = readRecords(p, value);
                default -> Tokens.skip(p);
            }
        }
        return new PutRecordsRequest(streamName, streamArn, records);
    }

    private static List<PutRecordsRequestEntry> readRecords(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_ARRAY) {
            throw Tokens.mismatch(token, "Records", "a list");
        }
        List<PutRecordsRequestEntry> records = new ArrayList<>(500);
        JsonToken element;
        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
            if (element == JsonToken.VALUE_NULL) {
                records.add(null);
                continue;
            }
            if (element != JsonToken.START_OBJECT) {
                throw Tokens.mismatch(element, "Records", "a list of structures");
            }
            byte[] data = null;
            String partitionKey = null;
            String explicitHashKey = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "Data" -> data = Tokens.blob(p, name);
                    case "PartitionKey" -> partitionKey = Tokens.string(p, name);
                    case "ExplicitHashKey" -> explicitHashKey = Tokens.string(p, name);
                    default -> Tokens.skip(p);
                }
            }
            records.add(new PutRecordsRequestEntry(data, explicitHashKey, partitionKey));
        }
        return records;
    }
}
