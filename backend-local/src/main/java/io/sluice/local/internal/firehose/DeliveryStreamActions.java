package io.sluice.local.internal.firehose;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.local.internal.api.NoContent;
import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.firehose.model.DestinationModel.ExtendedS3Destination;
import io.sluice.local.internal.firehose.model.DestinationModel.HttpEndpointDestination;
import io.sluice.local.internal.firehose.model.DestinationModel.S3Destination;
import io.sluice.local.internal.firehose.model.FirehoseModel.CreateDeliveryStreamRequest;
import io.sluice.local.internal.firehose.model.FirehoseModel.CreateDeliveryStreamResponse;
import io.sluice.local.internal.firehose.model.FirehoseModel.DeleteDeliveryStreamRequest;
import io.sluice.local.internal.firehose.model.FirehoseModel.DescribeDeliveryStreamRequest;
import io.sluice.local.internal.firehose.model.FirehoseModel.DescribeDeliveryStreamResponse;
import io.sluice.local.internal.firehose.model.FirehoseModel.ListDeliveryStreamsRequest;
import io.sluice.local.internal.firehose.model.FirehoseModel.ListDeliveryStreamsResponse;
import io.sluice.local.internal.firehose.model.FirehoseModel.UpdateDestinationRequest;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.ErrorCode;
import io.sluice.local.internal.protocol.Validator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CreateDeliveryStream, DeleteDeliveryStream, DescribeDeliveryStream, ListDeliveryStreams and UpdateDestination.
 * Destinations are ExtendedS3 (S3 as well) and HTTP endpoint; sources DirectPut and KinesisStreamAsSource. Others
 * are refused by name. Thread-safe.
 */
public final class DeliveryStreamActions {

    /** Delivery streams allowed per region, as AWS's default quota. */
    static final int STREAM_LIMIT = 50;
    static final List<String> TYPES = List.of("DirectPut", "KinesisStreamAsSource", "MSKAsSource",
            "DatabaseAsSource");
    private static final Pattern KINESIS_ARN = Pattern.compile("arn:.*:kinesis:[^:]*:\\d{12}:stream/.+");

    private final FirehoseLocator locator;
    private final DestinationDescriptions descriptions = new DestinationDescriptions();
    private final StreamExistence streamExistence;
    private volatile boolean serving;

    /** @param streamExistence tells whether a data stream ARN names a stream of this backend */
    DeliveryStreamActions(FirehoseLocator locator, StreamExistence streamExistence) {
        this.locator = locator;
        this.streamExistence = streamExistence;
    }

    /** Whether a Kinesis data stream exists, for KinesisStreamAsSource. */
    @FunctionalInterface
    public interface StreamExistence {
        boolean exists(RequestContext ctx, String streamArn);
    }

    /** Stream-sourced streams start reading once the backend serves. */
    void serving() {
        serving = true;
    }

    CreateDeliveryStreamResponse create(RequestContext ctx, CreateDeliveryStreamRequest in) {
        Validator v = FirehoseLocator.name(new Validator(), in.deliveryStreamName())
                .enumeration("deliveryStreamType", in.deliveryStreamType(), false, TYPES);
        if (in.kinesisStreamSourceConfiguration() != null) {
            v.string("kinesisStreamSourceConfiguration.kinesisStreamARN",
                    in.kinesisStreamSourceConfiguration().kinesisStreamArn(), true, 1, 512, KINESIS_ARN)
                    .string("kinesisStreamSourceConfiguration.roleARN",
                            in.kinesisStreamSourceConfiguration().roleArn(), true, 1, 512,
                            DestinationRules.ROLE_ARN);
        }
        if (in.directPutSourceConfiguration() != null) {
            v.integer("directPutSourceConfiguration.throughputHintInMBs",
                    in.directPutSourceConfiguration().throughputHintInMBs(), true, 1, 100);
        }
        DestinationRules.s3(v, "s3DestinationConfiguration", in.s3DestinationConfiguration(), false);
        DestinationRules.extendedS3(v, "extendedS3DestinationConfiguration", in.extendedS3Configuration(), false);
        DestinationRules.http(v, "httpEndpointDestinationConfiguration", in.httpEndpointConfiguration(), false);
        FirehoseTags.validate(v, "tags", in.tags(), false);
        FirehoseTags.encryption(v, "deliveryStreamEncryptionConfigurationInput", in.encryptionInput());
        v.throwIfInvalid();
        String type = in.deliveryStreamType() == null ? DeliveryStreamState.DIRECT_PUT : in.deliveryStreamType();
        refuseUnsupported(type, in);
        ExtendedS3Destination s3 = in.extendedS3Configuration() != null ? in.extendedS3Configuration()
                : extended(in.s3DestinationConfiguration());
        int destinations = (s3 != null ? 1 : 0) + (in.httpEndpointConfiguration() != null ? 1 : 0)
                + (in.extendedS3Configuration() != null && in.s3DestinationConfiguration() != null ? 1 : 0);
        if (destinations != 1) {
            throw ApiException.invalidArgument("Exactly one destination configuration is supported for a "
                    + "Firehose.");
        }
        if (type.equals(DeliveryStreamState.KINESIS_SOURCE)) {
            if (in.kinesisStreamSourceConfiguration() == null) {
                throw ApiException.invalidArgument("KinesisStreamSourceConfiguration is required for a "
                        + "KinesisStreamAsSource delivery stream.");
            }
            if (!streamExistence.exists(ctx, in.kinesisStreamSourceConfiguration().kinesisStreamArn())) {
                throw ApiException.invalidArgument("The source stream "
                        + in.kinesisStreamSourceConfiguration().kinesisStreamArn() + " does not exist or is not "
                        + "ACTIVE.");
            }
        } else if (in.kinesisStreamSourceConfiguration() != null) {
            throw ApiException.invalidArgument("KinesisStreamSourceConfiguration is only allowed for a "
                    + "KinesisStreamAsSource delivery stream.");
        }
        if (locator.registry().list(ctx.region()).size() >= STREAM_LIMIT) {
            throw ApiException.limitExceeded("You have already consumed your firehose quota of " + STREAM_LIMIT
                    + " hoses. Firehose names: " + names(ctx));
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (in.tags() != null) {
            in.tags().forEach(t -> tags.put(t.key(), t.value() == null ? "" : t.value()));
        }
        String arn = "arn:aws:firehose:" + ctx.region() + ":" + ctx.accountId() + ":deliverystream/"
                + in.deliveryStreamName();
        DeliveryStreamState state = new DeliveryStreamState(ctx.region(), in.deliveryStreamName(), arn, type,
                ctx.now(), null, 1,
                in.directPutSourceConfiguration() == null ? null
                        : in.directPutSourceConfiguration().throughputHintInMBs(),
                in.kinesisStreamSourceConfiguration(), s3, in.httpEndpointConfiguration(), tags,
                in.encryptionInput() == null ? null : FirehoseTags.encryption(in.encryptionInput()), null);
        DeliverySettingsCompiler.compile(state);
        if (locator.registry().create(state, serving) == null) {
            throw ApiException.resourceInUse("Firehose " + in.deliveryStreamName() + " under accountId "
                    + ctx.accountId() + " already exists");
        }
        return new CreateDeliveryStreamResponse(arn);
    }

    private static void refuseUnsupported(String type, CreateDeliveryStreamRequest in) {
        if (!type.equals(DeliveryStreamState.DIRECT_PUT) && !type.equals(DeliveryStreamState.KINESIS_SOURCE)) {
            throw ApiException.invalidArgument("DeliveryStreamType " + type + " is not supported by "
                    + "backend-local: use DirectPut or KinesisStreamAsSource.");
        }
        Map<String, JsonNode> others = new LinkedHashMap<>();
        others.put("RedshiftDestinationConfiguration", in.redshift());
        others.put("ElasticsearchDestinationConfiguration", in.elasticsearch());
        others.put("AmazonopensearchserviceDestinationConfiguration", in.openSearch());
        others.put("AmazonOpenSearchServerlessDestinationConfiguration", in.openSearchServerless());
        others.put("SplunkDestinationConfiguration", in.splunk());
        others.put("SnowflakeDestinationConfiguration", in.snowflake());
        others.put("IcebergDestinationConfiguration", in.iceberg());
        others.put("MSKSourceConfiguration", in.mskSource());
        others.put("DatabaseSourceConfiguration", in.databaseSource());
        others.forEach((member, value) -> {
            if (value != null) {
                throw ApiException.invalidArgument(member + " is not supported by backend-local: it delivers to "
                        + "S3 (ExtendedS3DestinationConfiguration or S3DestinationConfiguration) and HTTP "
                        + "endpoints.");
            }
        });
    }

    private String names(RequestContext ctx) {
        List<String> names = new ArrayList<>();
        locator.registry().list(ctx.region()).forEach(s -> names.add(s.state().name()));
        return String.join(", ", names);
    }

    /** An S3DestinationConfiguration as the ExtendedS3 one it is a subset of. */
    static ExtendedS3Destination extended(S3Destination s3) {
        if (s3 == null) {
            return null;
        }
        return new ExtendedS3Destination(s3.roleArn(), s3.bucketArn(), s3.prefix(), s3.errorOutputPrefix(),
                s3.bufferingHints(), s3.compressionFormat(), s3.encryptionConfiguration(),
                s3.cloudWatchLoggingOptions(), null, null, null, null, null, null, null);
    }

    NoContent delete(RequestContext ctx, DeleteDeliveryStreamRequest in) {
        FirehoseLocator.name(new Validator(), in.deliveryStreamName()).throwIfInvalid();
        DeliveryStream stream = locator.require(ctx, in.deliveryStreamName());
        synchronized (stream.lock()) {
            String status = stream.status(ctx.now().toEpochMilli(), locator.registry().createDelay().toMillis());
            if (status.equals("CREATING")) {
                throw ApiException.resourceInUse("Firehose " + in.deliveryStreamName() + " under account "
                        + ctx.accountId() + " is in CREATING state and cannot be deleted.");
            }
            if (status.equals("DELETING")) {
                return NoContent.INSTANCE;
            }
            locator.registry().delete(stream, stream.state().withDeleted(ctx.now()));
        }
        return NoContent.INSTANCE;
    }

    DescribeDeliveryStreamResponse describe(RequestContext ctx, DescribeDeliveryStreamRequest in) {
        FirehoseLocator.name(new Validator(), in.deliveryStreamName())
                .integer("limit", in.limit(), false, 1, 10_000)
                .string("exclusiveStartDestinationId", in.exclusiveStartDestinationId(), false, 1, 100, null)
                .throwIfInvalid();
        DeliveryStream stream = locator.require(ctx, in.deliveryStreamName());
        String status = stream.status(ctx.now().toEpochMilli(), locator.registry().createDelay().toMillis());
        return new DescribeDeliveryStreamResponse(descriptions.describe(stream.state(), status,
                in.exclusiveStartDestinationId()));
    }

    ListDeliveryStreamsResponse list(RequestContext ctx, ListDeliveryStreamsRequest in) {
        new Validator().integer("limit", in.limit(), false, 1, 10_000)
                .enumeration("deliveryStreamType", in.deliveryStreamType(), false, TYPES)
                .string("exclusiveStartDeliveryStreamName", in.exclusiveStartDeliveryStreamName(), false, 1, 64,
                        FirehoseLocator.NAME)
                .throwIfInvalid();
        int limit = in.limit() == null ? 10 : in.limit();
        List<String> names = new ArrayList<>();
        boolean more = false;
        for (DeliveryStream stream : locator.registry().list(ctx.region())) {
            DeliveryStreamState state = stream.state();
            if (in.deliveryStreamType() != null && !in.deliveryStreamType().equals(state.type())) {
                continue;
            }
            if (in.exclusiveStartDeliveryStreamName() != null
                    && state.name().compareTo(in.exclusiveStartDeliveryStreamName()) <= 0) {
                continue;
            }
            if (names.size() == limit) {
                more = true;
                break;
            }
            names.add(state.name());
        }
        return new ListDeliveryStreamsResponse(names, more);
    }

    NoContent updateDestination(RequestContext ctx, UpdateDestinationRequest in) {
        Validator v = FirehoseLocator.name(new Validator(), in.deliveryStreamName())
                .string("currentDeliveryStreamVersionId", in.currentVersionId(), true, 1, 50,
                        Pattern.compile("[0-9]+"))
                .string("destinationId", in.destinationId(), true, 1, 100, null);
        DestinationRules.s3(v, "s3DestinationUpdate", in.s3DestinationUpdate(), true);
        DestinationRules.extendedS3(v, "extendedS3DestinationUpdate", in.extendedS3DestinationUpdate(), true);
        DestinationRules.http(v, "httpEndpointDestinationUpdate", in.httpEndpointDestinationUpdate(), true);
        v.throwIfInvalid();
        for (JsonNode other : new JsonNode[] {in.redshift(), in.elasticsearch(), in.openSearch(),
                in.openSearchServerless(), in.splunk(), in.snowflake(), in.iceberg()}) {
            if (other != null) {
                throw ApiException.invalidArgument("Only S3, ExtendedS3 and HttpEndpoint destinations are "
                        + "supported by backend-local.");
            }
        }
        ExtendedS3Destination s3Update = in.extendedS3DestinationUpdate() != null
                ? in.extendedS3DestinationUpdate() : extended(in.s3DestinationUpdate());
        HttpEndpointDestination httpUpdate = in.httpEndpointDestinationUpdate();
        if ((s3Update == null) == (httpUpdate == null)) {
            throw ApiException.invalidArgument("Exactly one destination update is supported for a Firehose.");
        }
        DeliveryStream stream = locator.requireActive(ctx, in.deliveryStreamName());
        synchronized (stream.lock()) {
            DeliveryStreamState state = stream.state();
            if (!in.currentVersionId().equals(Integer.toString(state.version()))) {
                throw new ApiException(ErrorCode.CONCURRENT_MODIFICATION, "Cannot update firehose: "
                        + state.name() + " since the current version id: " + state.version()
                        + " and specified version id: " + in.currentVersionId() + " do not match");
            }
            if (!DeliveryStreamState.DESTINATION_ID.equals(in.destinationId())) {
                throw ApiException.invalidArgument("Destination Id " + in.destinationId() + " not found.");
            }
            DeliveryStreamState updated = DestinationMerge.apply(state, s3Update, httpUpdate, ctx.now());
            var settings = DeliverySettingsCompiler.compile(updated);
            locator.registry().save(stream, updated);
            stream.pipeline().update(settings);
        }
        return NoContent.INSTANCE;
    }
}
