package io.sluice.local.internal.firehose;

import io.sluice.local.internal.firehose.delivery.Compression;
import io.sluice.local.internal.firehose.model.DestinationModel.BufferingHints;
import io.sluice.local.internal.firehose.model.DestinationModel.ExtendedS3Destination;
import io.sluice.local.internal.firehose.model.DestinationModel.HttpEndpointDestination;
import io.sluice.local.internal.firehose.model.DestinationModel.Processor;
import io.sluice.local.internal.firehose.model.DestinationModel.ProcessorParameter;
import io.sluice.local.internal.firehose.model.DestinationModel.S3Destination;
import io.sluice.local.internal.protocol.Validator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The API model's constraints on destination structures (lengths, patterns, ranges, enums), reported as AWS's
 * ValidationException. What the model cannot say (which expressions go where, dynamic partitioning's needs) is
 * {@link DeliverySettingsCompiler}'s. Stateless.
 */
final class DestinationRules {

    static final Pattern ROLE_ARN = Pattern.compile("arn:.*:iam::\\d{12}:role/[a-zA-Z_0-9+=,.@\\-_/]+");
    static final Pattern BUCKET_ARN = Pattern.compile("arn:.*:s3:::[\\w\\.\\-]{1,255}");
    static final Pattern FILE_EXTENSION = Pattern.compile("^$|\\.[0-9a-z!\\-_.*'()]+");
    static final Pattern HTTP_URL = Pattern.compile("https?://.*");
    static final List<String> PROCESSOR_TYPES = List.of("RecordDeAggregation", "Decompression",
            "CloudWatchLogProcessing", "Lambda", "MetadataExtraction", "AppendDelimiterToRecord");
    static final List<String> PARAMETER_NAMES = List.of("LambdaArn", "NumberOfRetries", "MetadataExtractionQuery",
            "JsonParsingEngine", "RoleArn", "BufferSizeInMBs", "BufferIntervalInSeconds", "SubRecordType",
            "Delimiter", "CompressionFormat", "DataMessageExtraction");

    private DestinationRules() {
    }

    /** An S3 destination or backup; in an update every member may be left out. */
    static Validator s3(Validator v, String path, S3Destination d, boolean update) {
        if (d == null) {
            return v;
        }
        bucket(v, path, d.roleArn(), d.bucketArn(), d.prefix(), d.errorOutputPrefix(), d.compressionFormat(),
                update);
        return hints(v, path + ".bufferingHints", d.bufferingHints(), 128);
    }

    /** The members S3 and ExtendedS3 destinations share. */
    private static void bucket(Validator v, String path, String roleArn, String bucketArn, String prefix,
            String errorPrefix, String compression, boolean update) {
        v.string(path + ".roleARN", roleArn, !update, 1, 512, ROLE_ARN)
                .string(path + ".bucketARN", bucketArn, !update, 1, 2048, BUCKET_ARN)
                .string(path + ".prefix", prefix, false, 0, 1024, null)
                .string(path + ".errorOutputPrefix", errorPrefix, false, 0, 1024, null)
                .enumeration(path + ".compressionFormat", compression, false, Compression.NAMES);
    }

    static Validator extendedS3(Validator v, String path, ExtendedS3Destination d, boolean update) {
        if (d == null) {
            return v;
        }
        bucket(v, path, d.roleArn(), d.bucketArn(), d.prefix(), d.errorOutputPrefix(), d.compressionFormat(),
                update);
        v.enumeration(path + ".s3BackupMode", d.s3BackupMode(), false, List.of("Disabled", "Enabled"))
                .string(path + ".fileExtension", d.fileExtension(), false, 0, 128, FILE_EXTENSION)
                .string(path + ".customTimeZone", d.customTimeZone(), false, 0, 50, null);
        hints(v, path + ".bufferingHints", d.bufferingHints(), 128);
        if (d.dynamicPartitioningConfiguration() != null
                && d.dynamicPartitioningConfiguration().retryOptions() != null) {
            v.integer(path + ".dynamicPartitioningConfiguration.retryOptions.durationInSeconds",
                    d.dynamicPartitioningConfiguration().retryOptions().durationInSeconds(), false, 0, 7200);
        }
        processors(v, path + ".processingConfiguration.processors", d.processingConfiguration() == null ? null
                : d.processingConfiguration().processors());
        return s3(v, path + ".s3BackupConfiguration", d.s3Backup(), update);
    }

    static Validator http(Validator v, String path, HttpEndpointDestination d, boolean update) {
        if (d == null) {
            return v;
        }
        v.object(path + ".endpointConfiguration", d.endpointConfiguration(), !update);
        if (d.endpointConfiguration() != null) {
            v.string(path + ".endpointConfiguration.url", d.endpointConfiguration().url(), true, 1, 1000, HTTP_URL)
                    .string(path + ".endpointConfiguration.name", d.endpointConfiguration().name(), false, 1, 256,
                            null)
                    .string(path + ".endpointConfiguration.accessKey", d.endpointConfiguration().accessKey(), false,
                            0, 4096, null);
        }
        v.object(path + ".s3Configuration", d.s3Configuration(), !update)
                .enumeration(path + ".s3BackupMode", d.s3BackupMode(), false, List.of("FailedDataOnly", "AllData"));
        if (d.requestConfiguration() != null) {
            v.enumeration(path + ".requestConfiguration.contentEncoding",
                    d.requestConfiguration().contentEncoding(), false, List.of("NONE", "GZIP"));
        }
        if (d.retryOptions() != null) {
            v.integer(path + ".retryOptions.durationInSeconds", d.retryOptions().durationInSeconds(), false, 0,
                    7200);
        }
        hints(v, path + ".bufferingHints", d.bufferingHints(), 64);
        processors(v, path + ".processingConfiguration.processors", d.processingConfiguration() == null ? null
                : d.processingConfiguration().processors());
        return s3(v, path + ".s3Configuration", d.s3Configuration(), update);
    }

    private static Validator hints(Validator v, String path, BufferingHints hints, int maxMb) {
        if (hints == null) {
            return v;
        }
        return v.integer(path + ".sizeInMBs", hints.sizeInMBs(), false, 1, maxMb)
                .integer(path + ".intervalInSeconds", hints.intervalInSeconds(), false, 0, 900);
    }

    private static void processors(Validator v, String path, List<Processor> processors) {
        if (processors == null) {
            return;
        }
        for (int i = 0; i < processors.size(); i++) {
            Processor p = processors.get(i);
            String at = path + "." + (i + 1) + ".member";
            v.enumeration(at + ".type", p.type(), true, PROCESSOR_TYPES);
            List<ProcessorParameter> parameters = p.parameters() == null ? List.of() : p.parameters();
            for (int j = 0; j < parameters.size(); j++) {
                ProcessorParameter parameter = parameters.get(j);
                String pat = at + ".parameters." + (j + 1) + ".member";
                v.enumeration(pat + ".parameterName", parameter.parameterName(), true, PARAMETER_NAMES)
                        .string(pat + ".parameterValue", parameter.parameterValue(), true, 1, 5120,
                                Pattern.compile("^(?!\\s*$).+"));
            }
        }
    }
}
