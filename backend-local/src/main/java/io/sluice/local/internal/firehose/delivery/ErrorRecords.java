package io.sluice.local.internal.firehose.delivery;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The records Firehose writes to error output, one JSON object per line with AWS's field names and order:
 * {@code rawData} (the record before the failed step, base64), {@code errorCode}, {@code errorMessage},
 * {@code attemptsMade}, {@code arrivalTimestamp} and {@code attemptEndingTimestamp} (epoch milliseconds), and
 * {@code lambdaARN} for transformation failures. Stateless.
 */
final class ErrorRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorRecords() {
    }

    /**
     * @param reasons one message per record, or a single message for all
     * @param lambdaArn the function of a processing failure, or {@code null}
     */
    static byte[] lines(List<DeliveryRecord> records, List<String> reasons, String errorCode, int attempts,
            long endedMillis, String lambdaArn) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(records.size() * 256);
        try {
            for (int i = 0; i < records.size(); i++) {
                DeliveryRecord record = records.get(i);
                try (JsonGenerator json = JSON.createGenerator(out)) {
                    json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
                    json.writeStartObject();
                    json.writeBinaryField("rawData", record.data());
                    json.writeStringField("errorCode", errorCode);
                    json.writeStringField("errorMessage", reasons.size() == 1 ? reasons.get(0) : reasons.get(i));
                    json.writeNumberField("attemptsMade", attempts);
                    json.writeNumberField("arrivalTimestamp", record.source().arrivalMillis());
                    json.writeNumberField("attemptEndingTimestamp", endedMillis);
                    if (lambdaArn != null) {
                        json.writeStringField("lambdaARN", lambdaArn);
                    }
                    if (record.source().kinesis() != null) {
                        json.writeNumberField("subsequenceNumber", record.source().kinesis().subsequenceNumber());
                    }
                    json.writeEndObject();
                }
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
