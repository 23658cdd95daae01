package io.sluice.local.internal.streams;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Stream ARNs {@code arn:aws:kinesis:<region>:<account>:stream/<name>}. Stateless. */
public final class StreamArns {

    private static final Pattern STREAM_ARN =
            Pattern.compile("arn:(aws[a-zA-Z-]*):kinesis:([a-z0-9-]*):(\\d{12}):stream/([a-zA-Z0-9_.-]{1,128})");

    /** The parts of a stream ARN. */
    public record Parsed(String partition, String region, String accountId, String streamName) {
    }

    private StreamArns() {
    }

    public static String format(String region, String accountId, String streamName) {
        return "arn:aws:kinesis:" + region + ":" + accountId + ":stream/" + streamName;
    }

    /** The parts of a stream ARN, or {@code null} when it is not one (a consumer ARN is not). */
    public static Parsed parse(String arn) {
        if (arn == null) {
            return null;
        }
        Matcher m = STREAM_ARN.matcher(arn);
        return m.matches() ? new Parsed(m.group(1), m.group(2), m.group(3), m.group(4)) : null;
    }
}
