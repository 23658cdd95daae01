package io.sluice.local.internal.firehose.delivery;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * An S3 Prefix or ErrorOutputPrefix, parsed: literal text and {@code !{namespace:value}} expressions
 * ({@code timestamp}, {@code firehose:random-string}, {@code firehose:error-output-type},
 * {@code partitionKeyFromQuery}, {@code partitionKeyFromLambda}). Immutable and thread-safe.
 */
public final class PrefixExpression {

    private final String text;
    private final List<Part> parts;

    private PrefixExpression(String text, List<Part> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
    }

    /**
     * Parses a prefix.
     *
     * @throws IllegalArgumentException naming what is wrong, worded for an InvalidArgumentException
     */
    public static PrefixExpression parse(String text) {
        String source = text == null ? "" : text;
        List<Part> parts = new ArrayList<>();
        int at = 0;
        while (at < source.length()) {
            int open = source.indexOf("!{", at);
            if (open < 0) {
                parts.add(new Literal(source.substring(at)));
                break;
            }
            if (open > at) {
                parts.add(new Literal(source.substring(at, open)));
            }
            int close = source.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("The expression starting at position " + open + " of " + source
                        + " is not closed with '}'.");
            }
            parts.add(expression(source.substring(open + 2, close), source));
            at = close + 1;
        }
        return new PrefixExpression(source, parts);
    }

    private static Part expression(String body, String source) {
        int colon = body.indexOf(':');
        if (colon <= 0 || colon == body.length() - 1) {
            throw new IllegalArgumentException("The expression !{" + body + "} in " + source
                    + " must be of the form !{namespace:value}.");
        }
        String namespace = body.substring(0, colon);
        String value = body.substring(colon + 1);
        switch (namespace) {
            case "timestamp":
                try {
                    return new Timestamp(DateTimeFormatter.ofPattern(value));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("The timestamp expression !{" + body + "} in " + source
                            + " is not a valid Java DateTimeFormatter pattern: " + e.getMessage());
                }
            case "firehose":
                if (value.equals("random-string")) {
                    return new RandomString();
                }
                if (value.equals("error-output-type")) {
                    return new ErrorOutputType();
                }
                throw new IllegalArgumentException("The firehose expression !{" + body + "} in " + source
                        + " is not supported: use firehose:random-string or firehose:error-output-type.");
            case "partitionKeyFromQuery":
                return new PartitionKey(value, false);
            case "partitionKeyFromLambda":
                return new PartitionKey(value, true);
            default:
                throw new IllegalArgumentException("The expression namespace '" + namespace + "' in " + source
                        + " is not supported: use timestamp, firehose, partitionKeyFromQuery or "
                        + "partitionKeyFromLambda.");
        }
    }

    /** The prefix as configured. */
    public String text() {
        return text;
    }

    public boolean isEmpty() {
        return text.isEmpty();
    }

    /** Whether it holds any {@code !{...}} expression. */
    public boolean hasExpressions() {
        return parts.stream().anyMatch(p -> !(p instanceof Literal));
    }

    public boolean hasTimestamp() {
        return parts.stream().anyMatch(p -> p instanceof Timestamp);
    }

    public boolean hasErrorOutputType() {
        return parts.stream().anyMatch(p -> p instanceof ErrorOutputType);
    }

    /** The partition keys it names from queries ({@code fromLambda} false) or from a Lambda (true). */
    public Set<String> partitionKeys(boolean fromLambda) {
        Set<String> keys = new TreeSet<>();
        for (Part part : parts) {
            if (part instanceof PartitionKey key && key.fromLambda == fromLambda) {
                keys.add(key.name);
            }
        }
        return keys;
    }

    /**
     * Evaluates the prefix for one object.
     *
     * @param time the arrival time of the object's oldest record
     * @param zone the CustomTimeZone (UTC by default)
     * @param partitionKeys the object's dynamic partition keys (query and Lambda keys share no names)
     * @param errorOutputType the error output type, for an ErrorOutputPrefix
     * @param random makes the random strings
     */
    public String evaluate(Instant time, ZoneId zone, Map<String, String> partitionKeys, String errorOutputType,
            Supplier<String> random) {
        StringBuilder out = new StringBuilder(text.length() + 32);
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                out.append(literal.text);
            } else if (part instanceof Timestamp timestamp) {
                out.append(timestamp.format.format(time.atZone(zone)));
            } else if (part instanceof RandomString) {
                out.append(random.get());
            } else if (part instanceof ErrorOutputType) {
                out.append(errorOutputType == null ? "" : errorOutputType);
            } else if (part instanceof PartitionKey key) {
                out.append(partitionKeys.getOrDefault(key.name, ""));
            }
        }
        return out.toString();
    }

    private interface Part {
    }

    private record Literal(String text) implements Part {
    }

    private record Timestamp(DateTimeFormatter format) implements Part {
    }

    private record RandomString() implements Part {
    }

    private record ErrorOutputType() implements Part {
    }

    private record PartitionKey(String name, boolean fromLambda) implements Part {
    }
}
