package io.sluice.local.internal.analytics;

import io.sluice.local.internal.analytics.model.Shapes.CloudWatchLoggingOption;
import io.sluice.local.internal.analytics.model.Shapes.Input;
import io.sluice.local.internal.analytics.model.Shapes.Output;
import io.sluice.local.internal.analytics.model.Shapes.RecordColumn;
import io.sluice.local.internal.analytics.model.Shapes.RecordFormat;
import io.sluice.local.internal.analytics.model.Shapes.ReferenceDataSource;
import io.sluice.local.internal.analytics.model.Shapes.Resource;
import io.sluice.local.internal.analytics.model.Shapes.SourceSchema;
import io.sluice.local.internal.analytics.model.Shapes.Tag;
import io.sluice.local.internal.protocol.Validator;
import java.util.List;
import java.util.regex.Pattern;

/** The API model's constraints on the Analytics shapes, checked as AWS checks them (ValidationException). */
final class AnalyticsRules {

    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
    static final Pattern ID = NAME;
    static final Pattern ARN = Pattern.compile("arn:.*");
    static final Pattern ROLE = Pattern.compile("arn:aws:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
    static final Pattern APPLICATION_ARN = Pattern.compile(
            "arn:aws:kinesisanalytics:[a-z]{2}-[a-z]+-\\d{1}+:\\d{12}+:application/[a-zA-Z0-9_.-]{1,128}");
    static final Pattern ENCODING = Pattern.compile("UTF-8");
    static final List<String> FORMATS = List.of("JSON", "CSV");
    static final List<String> POSITIONS = List.of("NOW", "TRIM_HORIZON", "LAST_STOPPED_POINT");
    static final int MAX_CODE = 102_400;

    private AnalyticsRules() {
    }

    static Validator name(Validator v, String name) {
        return v.string("applicationName", name, true, 1, 128, NAME);
    }

    static Validator version(Validator v, Long version) {
        return v.longValue("currentApplicationVersionId", version, true, 1, 999_999_999);
    }

    static Validator id(Validator v, String path, String id) {
        return v.string(path, id, true, 1, 50, ID);
    }

    static Validator resource(Validator v, String path, Resource resource, boolean required) {
        v.object(path, resource, required);
        if (resource != null) {
            v.string(path + ".resourceARN", resource.resourceArn(), true, 1, 2048, ARN)
                    .string(path + ".roleARN", resource.roleArn(), true, 1, 2048, ROLE);
        }
        return v;
    }

    static Validator schema(Validator v, String path, SourceSchema schema, boolean required) {
        v.object(path, schema, required);
        if (schema == null) {
            return v;
        }
        format(v, path + ".recordFormat", schema.recordFormat(), true);
        v.pattern(path + ".recordEncoding", schema.recordEncoding(), false, ENCODING)
                .list(path + ".recordColumns", schema.recordColumns(), true, 1, 1000, "RecordColumn");
        if (schema.recordColumns() != null) {
            for (int i = 0; i < schema.recordColumns().size(); i++) {
                RecordColumn column = schema.recordColumns().get(i);
                String at = path + ".recordColumns." + (i + 1) + ".member";
                v.object(at, column, true);
                if (column != null) {
                    v.string(at + ".name", column.name(), true, 0, Integer.MAX_VALUE, null)
                            .string(at + ".sqlType", column.sqlType(), true, 1, Integer.MAX_VALUE, null);
                }
            }
        }
        return v;
    }

    static Validator format(Validator v, String path, RecordFormat format, boolean required) {
        v.object(path, format, required);
        if (format != null) {
            v.enumeration(path + ".recordFormatType", format.recordFormatType(), true, FORMATS);
            var mapping = format.mappingParameters();
            if (mapping != null && mapping.json() != null) {
                v.string(path + ".mappingParameters.jSONMappingParameters.recordRowPath",
                        mapping.json().recordRowPath(), true, 1, Integer.MAX_VALUE, null);
            }
            if (mapping != null && mapping.csv() != null) {
                v.string(path + ".mappingParameters.cSVMappingParameters.recordRowDelimiter",
                        mapping.csv().recordRowDelimiter(), true, 1, Integer.MAX_VALUE, null)
                        .string(path + ".mappingParameters.cSVMappingParameters.recordColumnDelimiter",
                                mapping.csv().recordColumnDelimiter(), true, 1, Integer.MAX_VALUE, null);
            }
        }
        return v;
    }

    static Validator input(Validator v, String path, Input input) {
        v.object(path, input, true);
        if (input == null) {
            return v;
        }
        v.string(path + ".namePrefix", input.namePrefix(), true, 1, 32, null);
        resource(v, path + ".kinesisStreamsInput", input.kinesisStreamsInput(), false);
        resource(v, path + ".kinesisFirehoseInput", input.kinesisFirehoseInput(), false);
        if (input.inputProcessingConfiguration() != null) {
            resource(v, path + ".inputProcessingConfiguration.inputLambdaProcessor",
                    input.inputProcessingConfiguration().inputLambdaProcessor(), true);
        }
        if (input.inputParallelism() != null) {
            v.integer(path + ".inputParallelism.count", input.inputParallelism().count(), false, 1, 64);
        }
        return schema(v, path + ".inputSchema", input.inputSchema(), true);
    }

    static Validator output(Validator v, String path, Output output) {
        v.object(path, output, true);
        if (output == null) {
            return v;
        }
        v.string(path + ".name", output.name(), true, 1, 32, null)
                .object(path + ".destinationSchema", output.destinationSchema(), true);
        if (output.destinationSchema() != null) {
            v.enumeration(path + ".destinationSchema.recordFormatType",
                    output.destinationSchema().recordFormatType(), true, FORMATS);
        }
        resource(v, path + ".kinesisStreamsOutput", output.kinesisStreamsOutput(), false);
        resource(v, path + ".kinesisFirehoseOutput", output.kinesisFirehoseOutput(), false);
        return resource(v, path + ".lambdaOutput", output.lambdaOutput(), false);
    }

    static Validator reference(Validator v, String path, ReferenceDataSource source) {
        v.object(path, source, true);
        if (source == null) {
            return v;
        }
        v.string(path + ".tableName", source.tableName(), true, 1, 32, null);
        if (source.s3ReferenceDataSource() != null) {
            String at = path + ".s3ReferenceDataSource";
            v.string(at + ".bucketARN", source.s3ReferenceDataSource().bucketArn(), true, 1, 2048, ARN)
                    .string(at + ".fileKey", source.s3ReferenceDataSource().fileKey(), true, 1, 1024, null)
                    .string(at + ".referenceRoleARN", source.s3ReferenceDataSource().referenceRoleArn(), true, 1,
                            2048, ROLE);
        }
        return schema(v, path + ".referenceSchema", source.referenceSchema(), true);
    }

    static Validator logging(Validator v, String path, CloudWatchLoggingOption option) {
        v.object(path, option, true);
        if (option != null) {
            v.string(path + ".logStreamARN", option.logStreamArn(), true, 1, 2048, ARN)
                    .string(path + ".roleARN", option.roleArn(), true, 1, 2048, ROLE);
        }
        return v;
    }

    static Validator tags(Validator v, String path, List<Tag> tags, boolean required) {
        v.list(path, tags, required, 1, 200, "Tag");
        if (tags != null) {
            for (int i = 0; i < tags.size(); i++) {
                Tag tag = tags.get(i);
                String at = path + "." + (i + 1) + ".member";
                v.object(at, tag, true);
                if (tag != null) {
                    v.string(at + ".key", tag.key(), true, 1, 128, null)
                            .string(at + ".value", tag.value(), false, 0, 256, null);
                }
            }
        }
        return v;
    }
}
