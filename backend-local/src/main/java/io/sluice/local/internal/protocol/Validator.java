package io.sluice.local.internal.protocol;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Checks request members against the API model's constraints and words failures as AWS does:
 * {@code 2 validation errors detected: Value '' at 'streamName' failed to satisfy constraint: Member must have
 * length greater than or equal to 1; Value null at 'shardIteratorType' failed to satisfy constraint: Member must
 * not be null}. At most ten failures are reported, as AWS reports them.
 *
 * <p>Call the checks in the order AWS reports members, then {@link #throwIfInvalid()}. Not thread-safe: one per
 * request.
 */
public final class Validator {

    private static final int MAX_REPORTED = 10;

    private final List<String> errors = new ArrayList<>();

    /** A string member: not null if required, then pattern, then minimum and maximum length. */
    public Validator string(String path, String value, boolean required, int min, int max, Pattern pattern) {
        if (value == null) {
            return required ? fail(path, null, "Member must not be null") : this;
        }
        if (pattern != null && !pattern.matcher(value).matches()) {
            fail(path, quote(value), "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
        return lengths(path, () -> quote(value), value.length(), min, max);
    }

    /** A string member with only a pattern. */
    public Validator pattern(String path, String value, boolean required, Pattern pattern) {
        return string(path, value, required, 0, Integer.MAX_VALUE, pattern);
    }

    /** An integer member: not null if required, then minimum and maximum value. */
    public Validator integer(String path, Integer value, boolean required, long min, long max) {
        if (value == null) {
            return required ? fail(path, null, "Member must not be null") : this;
        }
        if (value < min) {
            fail(path, quote(value.toString()), "Member must have value greater than or equal to " + min);
        }
        if (value > max) {
            fail(path, quote(value.toString()), "Member must have value less than or equal to " + max);
        }
        return this;
    }

    /** A long member: not null if required, then minimum and maximum value. */
    public Validator longValue(String path, Long value, boolean required, long min, long max) {
        if (value == null) {
            return required ? fail(path, null, "Member must not be null") : this;
        }
        if (value < min) {
            fail(path, quote(value.toString()), "Member must have value greater than or equal to " + min);
        }
        if (value > max) {
            fail(path, quote(value.toString()), "Member must have value less than or equal to " + max);
        }
        return this;
    }

    /** A structure member: only whether it is there. */
    public Validator object(String path, Object value, boolean required) {
        return value == null && required ? fail(path, null, "Member must not be null") : this;
    }

    /** An enum member; {@code allowed} is listed in the order AWS prints the set. */
    public Validator enumeration(String path, String value, boolean required, List<String> allowed) {
        if (value == null) {
            return required ? fail(path, null, "Member must not be null") : this;
        }
        if (!allowed.contains(value)) {
            fail(path, quote(value), "Member must satisfy enum value set: [" + String.join(", ", allowed) + "]");
        }
        return this;
    }

    /** A blob member, rendered as AWS renders byte buffers. */
    public Validator blob(String path, byte[] value, boolean required, int min, int max) {
        if (value == null) {
            return required ? fail(path, null, "Member must not be null") : this;
        }
        return lengths(path, () -> quote("java.nio.HeapByteBuffer[pos=0 lim=" + value.length + " cap=" + value.length
                + "]"), value.length, min, max);
    }

    /** A list member's own length. */
    public Validator list(String path, List<?> value, boolean required, int min, int max, String elementType) {
        if (value == null) {
            return required ? fail(path, null, "Member must not be null") : this;
        }
        return lengths(path, () -> quote(renderList(value, elementType)), value.size(), min, max);
    }

    /** A list of strings whose elements each have a length range; AWS reports it on the whole list. */
    public Validator stringElements(String path, List<String> value, int min, int max) {
        if (value == null) {
            return this;
        }
        for (String element : value) {
            if (element == null || element.length() < min || element.length() > max) {
                return fail(path, quote(renderList(value, null)), "Member must satisfy constraint: ["
                        + lengthPhrases(min, max) + "]");
            }
        }
        return this;
    }

    /** A list of enum strings; AWS reports a bad element on the whole list. */
    public Validator enumElements(String path, List<String> value, List<String> allowed) {
        if (value == null) {
            return this;
        }
        for (String element : value) {
            if (!allowed.contains(element)) {
                return fail(path, quote(renderList(value, null)), "Member must satisfy constraint: [Member must "
                        + "satisfy enum value set: [" + String.join(", ", allowed) + "]]");
            }
        }
        return this;
    }

    /** A string map's size, key lengths and value lengths; AWS reports each on the whole map. */
    public Validator map(String path, Map<String, String> value, boolean required, int min, int max, int keyMin,
            int keyMax, int valueMin, int valueMax) {
        if (value == null) {
            return required ? fail(path, null, "Member must not be null") : this;
        }
        lengths(path, () -> quote(value.toString()), value.size(), min, max);
        if (value.keySet().stream().anyMatch(k -> k == null || k.length() < keyMin || k.length() > keyMax)) {
            fail(path, quote(value.toString()), "Map keys must satisfy constraint: ["
                    + lengthPhrases(keyMin, keyMax) + "]");
        }
        if (value.values().stream().anyMatch(v -> v == null || v.length() < valueMin || v.length() > valueMax)) {
            fail(path, quote(value.toString()), "Map value must satisfy constraint: ["
                    + lengthPhrases(valueMin, valueMax) + "]");
        }
        return this;
    }

    /** Throws {@code ValidationException} when any check failed. */
    public void throwIfInvalid() {
        if (errors.isEmpty()) {
            return;
        }
        List<String> reported = errors.size() > MAX_REPORTED ? errors.subList(0, MAX_REPORTED) : errors;
        String message = reported.size() + " validation error" + (reported.size() == 1 ? "" : "s")
                + " detected: " + String.join("; ", reported);
        throw new ApiException(ErrorCode.VALIDATION, message);
    }

    /** Length checks; the value is rendered for the message only when a check fails. */
    private Validator lengths(String path, Supplier<String> shown, long length, int min, int max) {
        if (length < min) {
            fail(path, shown.get(), "Member must have length greater than or equal to " + min);
        }
        if (length > max) {
            fail(path, shown.get(), "Member must have length less than or equal to " + max);
        }
        return this;
    }

    private Validator fail(String path, String shownValue, String constraint) {
        errors.add("Value " + (shownValue == null ? "null" : shownValue) + " at '" + path
                + "' failed to satisfy constraint: " + constraint);
        return this;
    }

    private static String lengthPhrases(int min, int max) {
        return "Member must have length less than or equal to " + max
                + ", Member must have length greater than or equal to " + min;
    }

    private static String quote(String value) {
        return "'" + value + "'";
    }

    private static String renderList(Collection<?> value, String elementType) {
        if (elementType == null) {
            return value.toString();
        }
        List<String> shown = new ArrayList<>(value.size());
        for (Object element : value) {
            shown.add(elementType + "@" + Integer.toHexString(System.identityHashCode(element)));
        }
        return shown.toString();
    }
}
