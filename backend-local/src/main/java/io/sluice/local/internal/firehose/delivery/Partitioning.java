package io.sluice.local.internal.firehose.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * Dynamic partitioning: a record's partition keys, from the MetadataExtraction processor's jq query (jq 1.6, by
 * jackson-jq) and from the keys a transformation returned. Records with the same keys share objects. Immutable
 * and thread-safe (each evaluation gets its own child scope).
 */
public final class Partitioning {

    /** The error output type of records whose keys could not be found. */
    public static final String ERROR_OUTPUT_TYPE = "metadata-extraction-failed";
    /** The errorCode of such records. */
    public static final String ERROR_CODE = "DynamicPartitioning.MetadataExtractionFailed";
    /** Active partitions allowed, as AWS's default quota; records beyond go to error output. */
    public static final int ACTIVE_PARTITION_LIMIT = 500;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Scope ROOT = rootScope();

    private final JsonQuery query;
    private final Set<String> queryKeys;
    private final Set<String> lambdaKeys;
    private final Duration retryDuration;

    private Partitioning(JsonQuery query, Set<String> queryKeys, Set<String> lambdaKeys, Duration retryDuration) {
        this.query = query;
        this.queryKeys = Set.copyOf(queryKeys);
        this.lambdaKeys = Set.copyOf(lambdaKeys);
        this.retryDuration = retryDuration;
    }

    /**
     * Compiles the partitioning of a destination.
     *
     * @param jq the MetadataExtractionQuery, or {@code null}
     * @param queryKeys the {@code partitionKeyFromQuery} keys the prefix names
     * @param lambdaKeys the {@code partitionKeyFromLambda} keys the prefix names
     * @throws IllegalArgumentException when the query does not compile
     */
    public static Partitioning compile(String jq, Set<String> queryKeys, Set<String> lambdaKeys,
            Duration retryDuration) {
        JsonQuery compiled = null;
        if (jq != null) {
            try {
                compiled = JsonQuery.compile(jq, Versions.JQ_1_6);
            } catch (JsonQueryException e) {
                throw new IllegalArgumentException("The MetadataExtractionQuery " + jq + " is not valid jq: "
                        + e.getMessage());
            }
        }
        return new Partitioning(compiled, queryKeys, lambdaKeys, retryDuration);
    }

    public Duration retryDuration() {
        return retryDuration;
    }

    /**
     * The partition keys of one record.
     *
     * @param data the record (JSON when a query is configured)
     * @param fromLambda the keys its transformation returned
     * @throws KeyException when the record is not JSON or a key the prefix needs is missing
     */
    public Map<String, String> keys(byte[] data, Map<String, String> fromLambda) throws KeyException {
        Map<String, String> keys = new TreeMap<>();
        if (query != null) {
            JsonNode record;
            try {
                record = JSON.readTree(data);
            } catch (IOException e) {
                throw new KeyException("Non JSON record provided");
            }
            if (record == null || record.isMissingNode()) {
                throw new KeyException("Non JSON record provided");
            }
            List<JsonNode> out = new ArrayList<>(1);
            try {
                query.apply(Scope.newChildScope(ROOT), record, out::add);
            } catch (JsonQueryException e) {
                throw new KeyException("The metadata extraction query failed: " + e.getMessage());
            }
            if (out.size() != 1 || !out.get(0).isObject()) {
                throw new KeyException("The metadata extraction query must give one JSON object");
            }
            for (String key : queryKeys) {
                keys.put(key, text(out.get(0).get(key), key));
            }
        }
        for (String key : lambdaKeys) {
            String value = fromLambda == null ? null : fromLambda.get(key);
            if (value == null) {
                throw new KeyException("Partition key " + key + " was not returned by the transformation");
            }
            keys.put(key, value);
        }
        return keys;
    }

    private static String text(JsonNode value, String key) throws KeyException {
        if (value == null || value.isNull() || value.isMissingNode()) {
            throw new KeyException("Partition key " + key + " is missing from the metadata extraction result");
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static Scope rootScope() {
        Scope scope = Scope.newEmptyScope();
        BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, scope);
        return scope;
    }

    /** A record whose partition keys could not be found; it goes to error output. */
    public static final class KeyException extends Exception {
        private static final long serialVersionUID = 1L;

        KeyException(String message) {
            super(message, null, false, false);
        }
    }
}
