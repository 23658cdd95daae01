package io.sluice.local.internal.firehose;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.local.internal.firehose.model.DestinationModel.ExtendedS3Destination;
import io.sluice.local.internal.firehose.model.DestinationModel.HttpEndpointDestination;
import io.sluice.local.internal.protocol.ApiException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * UpdateDestination's rules: an update of the same destination type is merged into the current configuration
 * (members left out keep their values; structures merge member by member, except ProcessingConfiguration, which
 * is replaced whole as AWS does); an update of another type replaces the destination. Dynamic partitioning can
 * be neither turned on nor off after creation, and an S3 backup cannot be turned off. Stateless.
 */
final class DestinationMerge {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private DestinationMerge() {
    }

    static DeliveryStreamState apply(DeliveryStreamState state, ExtendedS3Destination s3Update,
            HttpEndpointDestination httpUpdate, Instant now) {
        if (s3Update != null) {
            ExtendedS3Destination merged = state.extendedS3() == null ? s3Update
                    : merge(state.extendedS3(), s3Update, ExtendedS3Destination.class);
            checkDynamicPartitioning(state.extendedS3(), merged);
            if (state.extendedS3() != null && "Enabled".equals(state.extendedS3().s3BackupMode())
                    && "Disabled".equals(merged.s3BackupMode())) {
                throw ApiException.invalidArgument("S3BackupMode can't be changed from Enabled to Disabled.");
            }
            return state.withDestination(merged, null, now);
        }
        HttpEndpointDestination merged = state.httpEndpoint() == null ? httpUpdate
                : merge(state.httpEndpoint(), httpUpdate, HttpEndpointDestination.class);
        if (merged.endpointConfiguration() == null || merged.s3Configuration() == null) {
            throw ApiException.invalidArgument("EndpointConfiguration and S3Configuration are required when the "
                    + "destination changes to an HTTP endpoint.");
        }
        return state.withDestination(null, merged, now);
    }

    private static void checkDynamicPartitioning(ExtendedS3Destination before, ExtendedS3Destination after) {
        boolean was = before != null && enabled(before);
        if (was != enabled(after)) {
            throw ApiException.invalidArgument(was
                    ? "Dynamic Partitioning can't be disabled once it is enabled."
                    : "Dynamic Partitioning can only be enabled when the delivery stream is created.");
        }
    }

    private static boolean enabled(ExtendedS3Destination d) {
        return d.dynamicPartitioningConfiguration() != null
                && Boolean.TRUE.equals(d.dynamicPartitioningConfiguration().enabled());
    }

    private static <T> T merge(T current, T update, Class<T> type) {
        ObjectNode base = JSON.valueToTree(current);
        ObjectNode changes = JSON.valueToTree(update);
        mergeInto(base, changes);
        try {
            return JSON.treeToValue(base, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void mergeInto(ObjectNode base, ObjectNode changes) {
        Iterator<Map.Entry<String, JsonNode>> fields = changes.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = base.get(field.getKey());
            if (field.getValue().isObject() && existing != null && existing.isObject()
                    && !field.getKey().equals("ProcessingConfiguration")) {
                mergeInto((ObjectNode) existing, (ObjectNode) field.getValue());
            } else {
                base.set(field.getKey(), field.getValue());
            }
        }
    }
}
