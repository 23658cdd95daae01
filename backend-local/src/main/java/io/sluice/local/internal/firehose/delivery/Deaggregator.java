package io.sluice.local.internal.firehose.delivery;

import java.util.ArrayList;
import java.util.List;

/**
 * The RecordDeAggregation processor: splits a record into sub-records, either concatenated JSON objects (with or
 * without whitespace between them, as JSON Lines) or parts separated by a delimiter. At most
 * {@value #MAX_SUB_RECORDS} sub-records come from one record; the rest stay joined in the last. Stateless.
 */
final class Deaggregator {

    static final int MAX_SUB_RECORDS = 500;

    private Deaggregator() {
    }

    static List<byte[]> split(byte[] data, ProcessingChain.Deaggregation how) {
        return how.json() ? json(data) : delimited(data, how.delimiter());
    }

    /** Concatenated JSON values, found by tracking depth outside strings; whitespace between them dropped. */
    private static List<byte[]> json(byte[] data) {
        List<byte[]> parts = new ArrayList<>();
        int depth = 0;
        int start = -1;
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < data.length; i++) {
            byte b = data[i];
            if (start < 0) {
                if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                    continue;
                }
                start = i;
            }
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
                continue;
            }
            if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                depth--;
                if (depth == 0 && parts.size() < MAX_SUB_RECORDS - 1) {
                    parts.add(java.util.Arrays.copyOfRange(data, start, i + 1));
                    start = -1;
                }
            }
        }
        if (start >= 0) {
            parts.add(java.util.Arrays.copyOfRange(data, start, data.length));
        }
        return parts;
    }

    private static List<byte[]> delimited(byte[] data, byte[] delimiter) {
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i + delimiter.length <= data.length && parts.size() < MAX_SUB_RECORDS - 1; i++) {
            if (matches(data, i, delimiter)) {
                if (i > start) {
                    parts.add(java.util.Arrays.copyOfRange(data, start, i));
                }
                start = i + delimiter.length;
                i = start - 1;
            }
        }
        if (start < data.length) {
            parts.add(java.util.Arrays.copyOfRange(data, start, data.length));
        }
        return parts;
    }

    private static boolean matches(byte[] data, int at, byte[] delimiter) {
        for (int j = 0; j < delimiter.length; j++) {
            if (data[at + j] != delimiter[j]) {
                return false;
            }
        }
        return true;
    }
}
