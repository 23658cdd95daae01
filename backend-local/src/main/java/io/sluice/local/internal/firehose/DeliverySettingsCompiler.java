package io.sluice.local.internal.firehose;

import io.sluice.local.internal.firehose.delivery.Compression;
import io.sluice.local.internal.firehose.delivery.DeliverySettings;
import io.sluice.local.internal.firehose.delivery.HttpTarget;
import io.sluice.local.internal.firehose.delivery.Partitioning;
import io.sluice.local.internal.firehose.delivery.PrefixExpression;
import io.sluice.local.internal.firehose.delivery.ProcessingChain;
import io.sluice.local.internal.firehose.delivery.S3Target;
import io.sluice.local.internal.firehose.model.DestinationModel.BufferingHints;
import io.sluice.local.internal.firehose.model.DestinationModel.ExtendedS3Destination;
import io.sluice.local.internal.firehose.model.DestinationModel.HttpEndpointDestination;
import io.sluice.local.internal.firehose.model.DestinationModel.ProcessingConfiguration;
import io.sluice.local.internal.firehose.model.DestinationModel.Processor;
import io.sluice.local.internal.firehose.model.DestinationModel.ProcessorParameter;
import io.sluice.local.internal.firehose.model.DestinationModel.S3Destination;
import io.sluice.local.internal.protocol.ApiException;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns a delivery stream's stored configuration into its pipeline's settings, enforcing the rules the API model
 * cannot express, with AWS's InvalidArgumentException: where prefix expressions may go, when ErrorOutputPrefix is
 * required, what dynamic partitioning needs, which processors and parameters go together. Stateless.
 */
final class DeliverySettingsCompiler {

    /** Applied when a destination gives no buffering hints. */
    static final int DEFAULT_SIZE_MB = 5;
    static final int DEFAULT_INTERVAL_SECONDS = 300;
    static final int DEFAULT_LAMBDA_RETRIES = 3;
    static final double DEFAULT_LAMBDA_BUFFER_MB = 1;
    static final int DEFAULT_LAMBDA_INTERVAL_SECONDS = 60;
    static final int DEFAULT_RETRY_SECONDS = 300;
    /** The time path added to a prefix without expressions, and to the default error prefix. */
    static final String TIME_PATH = "!{timestamp:yyyy/MM/dd/HH/}";
    private static final long MIB = 1024 * 1024;

    private DeliverySettingsCompiler() {
    }

    static DeliverySettings compile(DeliveryStreamState state) {
        String sourceArn = state.kinesisSource() == null ? null : state.kinesisSource().kinesisStreamArn();
        if (state.extendedS3() != null) {
            ExtendedS3Destination d = state.extendedS3();
            if (d.dataFormatConversionConfiguration() != null
                    && d.dataFormatConversionConfiguration().path("Enabled").asBoolean(true)) {
                throw invalid("Data format conversion (to Parquet or ORC) is not supported by backend-local.");
            }
            boolean dynamic = d.dynamicPartitioningConfiguration() != null
                    && Boolean.TRUE.equals(d.dynamicPartitioningConfiguration().enabled());
            ProcessingParts processing = processing(d.processingConfiguration());
            S3Target target = target(d.bucketArn(), d.prefix(), d.errorOutputPrefix(), d.compressionFormat(),
                    d.fileExtension(), d.customTimeZone(), dynamic, "Prefix");
            Hints hints = Hints.of(d.bufferingHints());
            int size = hints.sizeMb();
            int interval = hints.seconds();
            Partitioning partitioning = null;
            if (dynamic) {
                partitioning = partitioning(d, target, processing, size, interval);
            } else if (!target.prefix().partitionKeys(false).isEmpty()
                    || !target.prefix().partitionKeys(true).isEmpty()) {
                throw invalid("Prefix uses partitionKeyFromQuery or partitionKeyFromLambda, which need dynamic "
                        + "partitioning to be enabled.");
            }
            boolean backup = "Enabled".equals(d.s3BackupMode());
            S3Target backupTarget = null;
            Hints backupHints = hints;
            if (backup) {
                if (d.s3Backup() == null) {
                    throw invalid("S3BackupConfiguration is required when S3BackupMode is Enabled.");
                }
                backupTarget = target(d.s3Backup());
                backupHints = Hints.of(d.s3Backup().bufferingHints());
            }
            return new DeliverySettings(state.name(), state.arn(), sourceArn, state.region(), state.version(),
                    size * MIB, Duration.ofSeconds(interval), target, null, backup, backupTarget,
                    backupHints.sizeMb() * MIB, Duration.ofSeconds(backupHints.seconds()), processing.chain(),
                    partitioning);
        }
        HttpEndpointDestination d = state.httpEndpoint();
        ProcessingParts processing = processing(d.processingConfiguration());
        if (processing.query() != null) {
            throw invalid("MetadataExtraction is only supported with dynamic partitioning of an S3 destination.");
        }
        S3Target s3 = target(d.s3Configuration());
        Hints hints = Hints.of(d.bufferingHints());
        Hints s3Hints = Hints.of(d.s3Configuration().bufferingHints());
        Map<String, String> attributes = new LinkedHashMap<>();
        if (d.requestConfiguration() != null && d.requestConfiguration().commonAttributes() != null) {
            d.requestConfiguration().commonAttributes().forEach(a -> attributes.put(a.attributeName(),
                    a.attributeValue()));
        }
        int retry = d.retryOptions() == null || d.retryOptions().durationInSeconds() == null ? DEFAULT_RETRY_SECONDS
                : d.retryOptions().durationInSeconds();
        HttpTarget http = new HttpTarget(URI.create(d.endpointConfiguration().url()),
                d.endpointConfiguration().name(), d.endpointConfiguration().accessKey(),
                d.requestConfiguration() != null && "GZIP".equals(d.requestConfiguration().contentEncoding()),
                attributes, Duration.ofSeconds(retry));
        boolean all = "AllData".equals(d.s3BackupMode());
        return new DeliverySettings(state.name(), state.arn(), sourceArn, state.region(), state.version(),
                hints.sizeMb() * MIB, Duration.ofSeconds(hints.seconds()), s3, http, all, all ? s3 : null,
                s3Hints.sizeMb() * MIB, Duration.ofSeconds(s3Hints.seconds()), processing.chain(), null);
    }

    /** Buffering hints with AWS's defaults for what is left out. */
    private record Hints(int sizeMb, int seconds) {
        static Hints of(BufferingHints hints) {
            return new Hints(hints == null || hints.sizeInMBs() == null ? DEFAULT_SIZE_MB : hints.sizeInMBs(),
                    hints == null || hints.intervalInSeconds() == null ? DEFAULT_INTERVAL_SECONDS
                            : hints.intervalInSeconds());
        }
    }

    private static Partitioning partitioning(ExtendedS3Destination d, S3Target target, ProcessingParts processing,
            int size, int interval) {
        if (size < 64) {
            throw invalid("BufferingHints.SizeInMBs must be at least 64 when Dynamic Partitioning is enabled.");
        }
        if (interval < 60) {
            throw invalid("BufferingHints.IntervalInSeconds must be at least 60 seconds when Dynamic Partitioning "
                    + "is enabled.");
        }
        if (d.errorOutputPrefix() == null || d.errorOutputPrefix().isEmpty()) {
            throw invalid("ErrorOutputPrefix is required when Dynamic Partitioning is enabled.");
        }
        Set<String> queryKeys = target.prefix().partitionKeys(false);
        Set<String> lambdaKeys = target.prefix().partitionKeys(true);
        if (queryKeys.isEmpty() && lambdaKeys.isEmpty()) {
            throw invalid("When Dynamic Partitioning is enabled, Prefix must use at least one "
                    + "!{partitionKeyFromQuery:...} or !{partitionKeyFromLambda:...} expression.");
        }
        if (!queryKeys.isEmpty() && processing.query() == null) {
            throw invalid("Prefix uses partitionKeyFromQuery, which needs a MetadataExtraction processor.");
        }
        if (!lambdaKeys.isEmpty() && (processing.chain() == null || processing.chain().lambda() == null)) {
            throw invalid("Prefix uses partitionKeyFromLambda, which needs a Lambda processor.");
        }
        int retry = d.dynamicPartitioningConfiguration().retryOptions() == null
                || d.dynamicPartitioningConfiguration().retryOptions().durationInSeconds() == null
                ? DEFAULT_RETRY_SECONDS : d.dynamicPartitioningConfiguration().retryOptions().durationInSeconds();
        try {
            return Partitioning.compile(processing.query(), queryKeys, lambdaKeys, Duration.ofSeconds(retry));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    /** The target of a plain S3 configuration (a backup, or an HTTP endpoint's S3 settings). */
    private static S3Target target(S3Destination d) {
        return target(d.bucketArn(), d.prefix(), d.errorOutputPrefix(), d.compressionFormat(), null, null, false,
                "S3 Prefix");
    }

    private static S3Target target(String bucketArn, String prefixText, String errorText, String compression,
            String fileExtension, String timeZone, boolean dynamic, String what) {
        PrefixExpression prefix = parse(prefixText, what);
        if (prefix.hasErrorOutputType()) {
            throw invalid(what + " can't contain !{firehose:error-output-type}: it may only be used in "
                    + "ErrorOutputPrefix.");
        }
        boolean noErrorPrefix = errorText == null || errorText.isEmpty();
        if (noErrorPrefix && prefix.hasExpressions()) {
            throw invalid("ErrorOutputPrefix can't be null when " + what + " contains expressions.");
        }
        PrefixExpression error = noErrorPrefix
                ? parse(prefix.text() + "!{firehose:error-output-type}/" + TIME_PATH, what)
                : parse(errorText, "ErrorOutputPrefix");
        if (!noErrorPrefix && error.hasExpressions() && !error.hasErrorOutputType()) {
            throw invalid("ErrorOutputPrefix must contain !{firehose:error-output-type} when it contains "
                    + "expressions.");
        }
        if (!error.partitionKeys(false).isEmpty() || !error.partitionKeys(true).isEmpty()) {
            throw invalid("ErrorOutputPrefix can't contain partitionKeyFromQuery or partitionKeyFromLambda.");
        }
        if (!prefix.hasExpressions() && !dynamic) {
            prefix = parse(prefix.text() + TIME_PATH, what);
        }
        Compression format = Compression.of(compression);
        String extension = fileExtension == null || fileExtension.isEmpty() ? format.extension() : fileExtension;
        ZoneId zone = ZoneOffset.UTC;
        if (timeZone != null && !timeZone.isEmpty()) {
            try {
                zone = ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                throw invalid("CustomTimeZone " + timeZone + " is not a supported time zone.");
            }
        }
        String bucket = bucketArn.substring(bucketArn.indexOf(":::") + 3);
        return new S3Target(bucket, prefix, error, format, extension, zone);
    }

    private static PrefixExpression parse(String text, String what) {
        try {
            return PrefixExpression.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid("Invalid " + what + ": " + e.getMessage());
        }
    }

    private record ProcessingParts(ProcessingChain chain, String query) {
    }

    private static ProcessingParts processing(ProcessingConfiguration configuration) {
        if (configuration == null || !Boolean.TRUE.equals(configuration.enabled())
                || configuration.processors() == null || configuration.processors().isEmpty()) {
            return new ProcessingParts(null, null);
        }
        ProcessingChain.Deaggregation deaggregation = null;
        ProcessingChain.LambdaStep lambda = null;
        boolean delimiter = false;
        String query = null;
        for (Processor processor : configuration.processors()) {
            Map<String, String> p = parameters(processor);
            switch (processor.type()) {
                case "Lambda" -> lambda = lambda(p);
                case "RecordDeAggregation" -> deaggregation = deaggregation(p);
                case "AppendDelimiterToRecord" -> delimiter = true;
                case "MetadataExtraction" -> {
                    query = p.get("MetadataExtractionQuery");
                    if (query == null) {
                        throw invalid("MetadataExtraction processor requires the MetadataExtractionQuery "
                                + "parameter.");
                    }
                    String engine = p.get("JsonParsingEngine");
                    if (engine != null && !engine.equals("JQ-1.6")) {
                        throw invalid("JsonParsingEngine " + engine + " is not supported; use JQ-1.6.");
                    }
                }
                default -> throw invalid("The " + processor.type() + " processor is not supported by "
                        + "backend-local (Lambda, RecordDeAggregation, MetadataExtraction and "
                        + "AppendDelimiterToRecord are).");
            }
        }
        return new ProcessingParts(new ProcessingChain(deaggregation, lambda, delimiter), query);
    }

    private static Map<String, String> parameters(Processor processor) {
        Map<String, String> values = new HashMap<>();
        if (processor.parameters() != null) {
            for (ProcessorParameter parameter : processor.parameters()) {
                values.put(parameter.parameterName(), parameter.parameterValue());
            }
        }
        return values;
    }

    private static ProcessingChain.LambdaStep lambda(Map<String, String> p) {
        String arn = p.get("LambdaArn");
        if (arn == null) {
            throw invalid("Lambda processor requires the LambdaArn parameter.");
        }
        int retries = integer(p, "NumberOfRetries", DEFAULT_LAMBDA_RETRIES, 0, 300);
        double sizeMb = DEFAULT_LAMBDA_BUFFER_MB;
        if (p.containsKey("BufferSizeInMBs")) {
            try {
                sizeMb = Double.parseDouble(p.get("BufferSizeInMBs"));
            } catch (NumberFormatException e) {
                sizeMb = -1;
            }
            if (sizeMb < 0.2 || sizeMb > 3) {
                throw invalid("BufferSizeInMBs must be between 0.2 and 3: " + p.get("BufferSizeInMBs"));
            }
        }
        int interval = integer(p, "BufferIntervalInSeconds", DEFAULT_LAMBDA_INTERVAL_SECONDS, 0, 900);
        return new ProcessingChain.LambdaStep(arn, retries, (long) (sizeMb * MIB), Duration.ofSeconds(interval));
    }

    private static ProcessingChain.Deaggregation deaggregation(Map<String, String> p) {
        String type = p.getOrDefault("SubRecordType", "JSON");
        if (type.equals("JSON")) {
            return new ProcessingChain.Deaggregation(true, null);
        }
        if (!type.equals("DELIMITED")) {
            throw invalid("SubRecordType must be JSON or DELIMITED: " + type);
        }
        String delimiter = p.get("Delimiter");
        if (delimiter == null) {
            throw invalid("RecordDeAggregation with SubRecordType DELIMITED requires the Delimiter parameter.");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(delimiter);
            if (bytes.length == 0) {
                throw new IllegalArgumentException();
            }
            return new ProcessingChain.Deaggregation(false, bytes);
        } catch (IllegalArgumentException e) {
            throw invalid("Delimiter must be a non-empty base64 string: " + delimiter);
        }
    }

    private static int integer(Map<String, String> p, String name, int fallback, int min, int max) {
        String value = p.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(name + " must be an integer from " + min + " to " + max + ": " + value);
    }

    static ApiException invalid(String message) {
        return ApiException.invalidArgument(message);
    }
}
