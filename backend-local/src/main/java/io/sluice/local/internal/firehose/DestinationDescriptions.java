package io.sluice.local.internal.firehose;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.local.internal.firehose.model.FirehoseModel.DeliveryStreamDescription;
import io.sluice.local.internal.firehose.model.FirehoseModel.EncryptionDescription;
import io.sluice.local.internal.protocol.AwsTimestamps;
import java.util.List;

/**
 * DescribeDeliveryStream's view of a stream: the destination as configured, with the defaults AWS fills in
 * (buffering hints, compression, no encryption, logging off, backup disabled), the backup renamed to its
 * description member, an HTTP endpoint's access key left out, and an S3 destination described both as
 * ExtendedS3 and as S3, as AWS does. Thread-safe.
 */
final class DestinationDescriptions {

    private final ObjectMapper json = new ObjectMapper().registerModule(AwsTimestamps.module())
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    DeliveryStreamDescription describe(DeliveryStreamState state, String status, String exclusiveStartId) {
        DeliveryStreamState.Encryption encryption = state.encryption();
        EncryptionDescription encryptionDescription = encryption == null
                ? new EncryptionDescription(null, null, "DISABLED")
                : new EncryptionDescription(encryption.keyArn(), "ENABLED".equals(encryption.status())
                        ? encryption.keyType() : null, encryption.status());
        List<ObjectNode> destinations = exclusiveStartId != null
                && exclusiveStartId.compareTo(DeliveryStreamState.DESTINATION_ID) >= 0 ? List.of()
                : List.of(destination(state));
        return new DeliveryStreamDescription(state.name(), state.arn(), status, encryptionDescription,
                state.type(), Integer.toString(state.version()), state.created(), state.lastUpdated(),
                source(state), destinations, false);
    }

    private ObjectNode source(DeliveryStreamState state) {
        ObjectNode source = json.createObjectNode();
        if (state.readsStream()) {
            ObjectNode kinesis = source.putObject("KinesisStreamSourceDescription");
            kinesis.put("KinesisStreamARN", state.kinesisSource().kinesisStreamArn());
            kinesis.put("RoleARN", state.kinesisSource().roleArn());
            kinesis.put("DeliveryStartTimestamp", AwsTimestamps.toEpochSeconds(state.created()));
        } else if (state.throughputHintInMBs() != null) {
            source.putObject("DirectPutSourceDescription").put("ThroughputHintInMBs", state.throughputHintInMBs());
        } else {
            return null;
        }
        return source;
    }

    private ObjectNode destination(DeliveryStreamState state) {
        ObjectNode destination = json.createObjectNode();
        destination.put("DestinationId", DeliveryStreamState.DESTINATION_ID);
        if (state.extendedS3() != null) {
            ObjectNode extended = json.valueToTree(state.extendedS3());
            withS3Defaults(extended);
            if (!extended.has("S3BackupMode")) {
                extended.put("S3BackupMode", "Disabled");
            }
            if (extended.has("S3BackupConfiguration")) {
                ObjectNode backup = (ObjectNode) extended.remove("S3BackupConfiguration");
                extended.set("S3BackupDescription", withS3Defaults(backup));
            }
            destination.set("ExtendedS3DestinationDescription", extended);
            ObjectNode plain = json.createObjectNode();
            for (String member : List.of("RoleARN", "BucketARN", "Prefix", "ErrorOutputPrefix", "BufferingHints",
                    "CompressionFormat", "EncryptionConfiguration", "CloudWatchLoggingOptions")) {
                if (extended.has(member)) {
                    plain.set(member, extended.get(member));
                }
            }
            destination.set("S3DestinationDescription", plain);
        } else {
            ObjectNode http = json.valueToTree(state.httpEndpoint());
            ((ObjectNode) http.get("EndpointConfiguration")).remove("AccessKey");
            if (!http.has("BufferingHints")) {
                http.putObject("BufferingHints").put("SizeInMBs", DeliverySettingsCompiler.DEFAULT_SIZE_MB)
                        .put("IntervalInSeconds", DeliverySettingsCompiler.DEFAULT_INTERVAL_SECONDS);
            }
            if (!http.has("S3BackupMode")) {
                http.put("S3BackupMode", "FailedDataOnly");
            }
            if (!http.has("RetryOptions")) {
                http.putObject("RetryOptions").put("DurationInSeconds",
                        DeliverySettingsCompiler.DEFAULT_RETRY_SECONDS);
            }
            if (!http.has("CloudWatchLoggingOptions")) {
                http.putObject("CloudWatchLoggingOptions").put("Enabled", false);
            }
            ObjectNode s3 = (ObjectNode) http.remove("S3Configuration");
            http.set("S3DestinationDescription", withS3Defaults(s3));
            destination.set("HttpEndpointDestinationDescription", http);
        }
        return destination;
    }

    private static ObjectNode withS3Defaults(ObjectNode s3) {
        if (!s3.has("BufferingHints")) {
            s3.putObject("BufferingHints").put("SizeInMBs", DeliverySettingsCompiler.DEFAULT_SIZE_MB)
                    .put("IntervalInSeconds", DeliverySettingsCompiler.DEFAULT_INTERVAL_SECONDS);
        }
        if (!s3.has("CompressionFormat")) {
            s3.put("CompressionFormat", "UNCOMPRESSED");
        }
        if (!s3.has("EncryptionConfiguration")) {
            s3.putObject("EncryptionConfiguration").put("NoEncryptionConfig", "NoEncryption");
        }
        if (!s3.has("CloudWatchLoggingOptions")) {
            s3.putObject("CloudWatchLoggingOptions").put("Enabled", false);
        }
        if (!s3.has("Prefix")) {
            s3.put("Prefix", "");
        }
        return s3;
    }
}
