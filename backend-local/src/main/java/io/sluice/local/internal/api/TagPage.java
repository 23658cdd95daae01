package io.sluice.local.internal.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * One page of a resource's tags in key order, after an exclusive start key, as the list-tags actions of Kinesis
 * and Firehose return them. Immutable.
 *
 * @param tags the tags of the page
 * @param more whether tags follow the page
 * @param <T> the API's tag shape
 */
public record TagPage<T>(List<T> tags, boolean more) {

    /** The page of {@code all} after {@code exclusiveStart} (or from the first), at most {@code limit} long. */
    public static <T> TagPage<T> of(Map<String, String> all, String exclusiveStart, int limit,
            BiFunction<String, String, T> shape) {
        List<T> tags = new ArrayList<>();
        boolean more = false;
        for (Map.Entry<String, String> tag : new TreeMap<>(all).entrySet()) {
            if (exclusiveStart != null && tag.getKey().compareTo(exclusiveStart) <= 0) {
                continue;
            }
            if (tags.size() == limit) {
                more = true;
                break;
            }
            tags.add(shape.apply(tag.getKey(), tag.getValue()));
        }
        return new TagPage<>(tags, more);
    }
}
