package io.sluice.local.firehose;

import io.sluice.local.RecordTransformer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A transformation found by its class name: upper-cases records, drops those saying "drop", fails those saying
 * "fail".
 */
public final class UpperCaseTransformer implements RecordTransformer {

    @Override
    public Response transform(Request request) {
        List<OutputRecord> out = new ArrayList<>();
        for (InputRecord record : request.records()) {
            String text = new String(record.data(), StandardCharsets.UTF_8);
            if (text.contains("drop")) {
                out.add(OutputRecord.dropped(record.recordId()));
            } else if (text.contains("fail")) {
                out.add(OutputRecord.failed(record.recordId()));
            } else {
                out.add(OutputRecord.ok(record.recordId(),
                        text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
            }
        }
        return new Response(out);
    }
}
