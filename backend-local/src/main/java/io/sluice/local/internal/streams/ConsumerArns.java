package io.sluice.local.internal.streams;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Consumer ARNs {@code <stream ARN>/consumer/<name>:<creation epoch seconds>}. Stateless. */
public final class ConsumerArns {

    private static final Pattern CONSUMER_ARN = Pattern.compile(
            "(arn:aws[a-zA-Z-]*:kinesis:[a-z0-9-]*:\\d{12}:stream/[a-zA-Z0-9_.-]{1,128})/consumer/([a-zA-Z0-9_.-]{1,128})"
                    + ":(\\d{1,18})");

    /** The parts of a consumer ARN. */
    public record Parsed(String streamArn, String consumerName, long creationSeconds) {
    }

    private ConsumerArns() {
    }

    public static String format(String streamArn, String consumerName, long creationSeconds) {
        return streamArn + "/consumer/" + consumerName + ":" + creationSeconds;
    }

    /** The parts of a consumer ARN, or {@code null} when it is not one. */
    public static Parsed parse(String arn) {
        if (arn == null) {
            return null;
        }
        Matcher m = CONSUMER_ARN.matcher(arn);
        return m.matches() ? new Parsed(m.group(1), m.group(2), Long.parseLong(m.group(3))) : null;
    }
}
