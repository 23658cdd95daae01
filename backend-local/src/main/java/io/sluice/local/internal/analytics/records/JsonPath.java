package io.sluice.local.internal.analytics.records;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSONPath subset of Analytics input schemas: {@code $}, {@code .name}, {@code ['name']}, {@code [n]}, and
 * {@code [0:]} (every element of an array). Immutable.
 */
final class JsonPath {

    /** One step: a field, an index, or every element. */
    record Step(String field, int index, boolean all) {
    }

    private final String text;
    private final List<Step> steps;

    private JsonPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = List.copyOf(steps);
    }

    /** @throws IllegalArgumentException naming the path when it is not of the subset */
    static JsonPath parse(String text) {
        String t = text.trim();
        if (!t.startsWith("$")) {
            throw new IllegalArgumentException("JSONPath must start with '$': " + text);
        }
        List<Step> steps = new ArrayList<>();
        int i = 1;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < t.length() && t.charAt(end) != '.' && t.charAt(end) != '[') {
                    end++;
                }
                if (end == i + 1) {
                    throw new IllegalArgumentException("Empty field name in JSONPath " + text);
                }
                steps.add(new Step(t.substring(i + 1, end), -1, false));
                i = end;
            } else if (c == '[') {
                int close = t.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("Unclosed [ in JSONPath " + text);
                }
                String inner = t.substring(i + 1, close).trim();
                if (inner.startsWith("'") || inner.startsWith("\"")) {
                    steps.add(new Step(inner.substring(1, inner.length() - 1), -1, false));
                } else if (inner.equals("0:") || inner.equals("*")) {
                    steps.add(new Step(null, -1, true));
                } else {
                    try {
                        steps.add(new Step(null, Integer.parseInt(inner), false));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("Unsupported JSONPath index [" + inner + "] in " + text);
                    }
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException("Unexpected '" + c + "' in JSONPath " + text);
            }
        }
        return new JsonPath(text, steps);
    }

    List<Step> steps() {
        return steps;
    }

    /** The position of the {@code [0:]} step, or -1. */
    int flattenAt() {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).all()) {
                return i;
            }
        }
        return -1;
    }

    /** Follows steps {@code from..to} from a node; {@code null} where the path leads nowhere. */
    static JsonNode follow(JsonNode node, List<Step> steps) {
        JsonNode at = node;
        for (Step step : steps) {
            if (at == null || at.isNull() || at.isMissingNode()) {
                return null;
            }
            if (step.field() != null) {
                at = at.isObject() ? at.get(step.field()) : null;
            } else if (step.all()) {
                return at;
            } else {
                at = at.isArray() ? at.get(step.index()) : null;
            }
        }
        return at;
    }

    @Override
    public String toString() {
        return text;
    }
}
