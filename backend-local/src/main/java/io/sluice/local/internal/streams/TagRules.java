package io.sluice.local.internal.streams;

import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.Validator;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Tag constraints: the model's lengths, the allowed characters, the reserved prefix and the per-stream cap. */
final class TagRules {

    static final int MAX_TAGS_PER_STREAM = 50;
    static final int MAX_TAGS_PER_CALL = 10;
    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{N}\\p{Z}\\s_./=+\\-%@]*");
    private static final String RESERVED_PREFIX = "aws:";

    private TagRules() {
    }

    static Validator validateMap(Validator v, Map<String, String> tags, boolean required) {
        return v.map("tags", tags, required, 1, 200, 1, 128, 0, 256);
    }

    static Validator validateKeys(Validator v, List<String> keys) {
        return v.list("tagKeys", keys, true, 1, 50, null).stringElements("tagKeys", keys, 1, 128);
    }

    /** Rejects characters AWS does not allow in tags, and keys with the reserved {@code aws:} prefix. */
    static void checkCharacters(Collection<String> keys, Collection<String> values) {
        for (String key : keys) {
            if (key.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length())) {
                throw ApiException.invalidArgument("Tag keys starting with 'aws:' are reserved for AWS use: " + key);
            }
        }
        boolean bad = keys.stream().anyMatch(k -> !ALLOWED.matcher(k).matches())
                || values.stream().anyMatch(val -> !ALLOWED.matcher(val).matches());
        if (bad) {
            throw ApiException.invalidArgument("Some tags contain invalid characters. Valid characters: "
                    + "Unicode letters, digits, white space, _ . / = + - % @.");
        }
    }

    static void checkPerCall(String streamName, int count, RequestContext ctx) {
        if (count > MAX_TAGS_PER_CALL) {
            throw ApiException.invalidArgument("Failed to add tags to stream " + streamName + " under account "
                    + ctx.accountId() + " because a single request cannot add more than " + MAX_TAGS_PER_CALL
                    + " tags.");
        }
    }

    static void checkTotal(String streamName, int total, RequestContext ctx) {
        if (total > MAX_TAGS_PER_STREAM) {
            throw ApiException.invalidArgument("Failed to add tags to stream " + streamName + " under account "
                    + ctx.accountId() + " because a given stream cannot have more than " + MAX_TAGS_PER_STREAM
                    + " tags associated with it.");
        }
    }
}
