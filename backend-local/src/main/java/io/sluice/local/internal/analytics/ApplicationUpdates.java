package io.sluice.local.internal.analytics;

import io.sluice.local.internal.analytics.ApplicationState.InputEntry;
import io.sluice.local.internal.analytics.ApplicationState.LoggingEntry;
import io.sluice.local.internal.analytics.ApplicationState.OutputEntry;
import io.sluice.local.internal.analytics.ApplicationState.ReferenceEntry;
import io.sluice.local.internal.analytics.model.AnalyticsModel.ApplicationUpdate;
import io.sluice.local.internal.analytics.model.AnalyticsModel.UpdateApplicationRequest;
import io.sluice.local.internal.analytics.model.Shapes.CloudWatchLoggingOption;
import io.sluice.local.internal.analytics.model.Shapes.CloudWatchLoggingOptionUpdate;
import io.sluice.local.internal.analytics.model.Shapes.Input;
import io.sluice.local.internal.analytics.model.Shapes.InputParallelism;
import io.sluice.local.internal.analytics.model.Shapes.InputProcessingConfiguration;
import io.sluice.local.internal.analytics.model.Shapes.InputUpdate;
import io.sluice.local.internal.analytics.model.Shapes.Output;
import io.sluice.local.internal.analytics.model.Shapes.OutputUpdate;
import io.sluice.local.internal.analytics.model.Shapes.ReferenceDataSource;
import io.sluice.local.internal.analytics.model.Shapes.ReferenceDataSourceUpdate;
import io.sluice.local.internal.analytics.model.Shapes.Resource;
import io.sluice.local.internal.analytics.model.Shapes.ResourceUpdate;
import io.sluice.local.internal.analytics.model.Shapes.S3Reference;
import io.sluice.local.internal.analytics.model.Shapes.SourceSchema;
import io.sluice.local.internal.api.NoContent;
import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.Validator;
import java.util.List;

/**
 * UpdateApplication: new code, and changes to existing inputs, outputs, reference data sources and logging options
 * named by id (members left out stay as they are; a new destination of another kind replaces the old one). The
 * result must satisfy the same rules as a new configuration. Thread-safe.
 */
final class ApplicationUpdates {

    private final ConfigurationActions configuration;

    ApplicationUpdates(ConfigurationActions configuration) {
        this.configuration = configuration;
    }

    NoContent update(RequestContext ctx, UpdateApplicationRequest in) {
        Validator v = AnalyticsRules.version(AnalyticsRules.name(new Validator(), in.applicationName()),
                in.currentApplicationVersionId()).object("applicationUpdate", in.applicationUpdate(), true);
        ApplicationUpdate update = in.applicationUpdate();
        if (update != null) {
            v.string("applicationUpdate.applicationCodeUpdate", update.applicationCodeUpdate(), false, 0,
                    AnalyticsRules.MAX_CODE, null);
            validate(v, update);
        }
        v.throwIfInvalid();
        configuration.configure(ctx, in.applicationName(), in.currentApplicationVersionId(), state -> {
            ApplicationState next = state;
            if (update.applicationCodeUpdate() != null) {
                next = next.withCode(update.applicationCodeUpdate());
            }
            if (update.inputUpdates() != null) {
                for (InputUpdate change : update.inputUpdates()) {
                    next = input(ctx, next, change);
                }
            }
            if (update.outputUpdates() != null) {
                for (OutputUpdate change : update.outputUpdates()) {
                    next = output(ctx, next, change);
                }
            }
            if (update.referenceDataSourceUpdates() != null) {
                for (ReferenceDataSourceUpdate change : update.referenceDataSourceUpdates()) {
                    next = reference(next, change);
                }
            }
            if (update.cloudWatchLoggingOptionUpdates() != null) {
                for (CloudWatchLoggingOptionUpdate change : update.cloudWatchLoggingOptionUpdates()) {
                    next = logging(next, change);
                }
            }
            return next;
        });
        return NoContent.INSTANCE;
    }

    private static void validate(Validator v, ApplicationUpdate update) {
        String base = "applicationUpdate.";
        if (update.inputUpdates() != null) {
            for (int i = 0; i < update.inputUpdates().size(); i++) {
                InputUpdate u = update.inputUpdates().get(i);
                String at = base + "inputUpdates." + (i + 1) + ".member";
                AnalyticsRules.id(v, at + ".inputId", u.inputId());
                v.string(at + ".namePrefixUpdate", u.namePrefixUpdate(), false, 1, 32, null);
                if (u.inputParallelismUpdate() != null) {
                    v.integer(at + ".inputParallelismUpdate.countUpdate", u.inputParallelismUpdate().countUpdate(),
                            false, 1, 64);
                }
            }
        }
        if (update.outputUpdates() != null) {
            for (int i = 0; i < update.outputUpdates().size(); i++) {
                OutputUpdate u = update.outputUpdates().get(i);
                String at = base + "outputUpdates." + (i + 1) + ".member";
                AnalyticsRules.id(v, at + ".outputId", u.outputId());
                v.string(at + ".nameUpdate", u.nameUpdate(), false, 1, 32, null);
                if (u.destinationSchemaUpdate() != null) {
                    v.enumeration(at + ".destinationSchemaUpdate.recordFormatType",
                            u.destinationSchemaUpdate().recordFormatType(), true, AnalyticsRules.FORMATS);
                }
            }
        }
        if (update.referenceDataSourceUpdates() != null) {
            for (int i = 0; i < update.referenceDataSourceUpdates().size(); i++) {
                ReferenceDataSourceUpdate u = update.referenceDataSourceUpdates().get(i);
                String at = base + "referenceDataSourceUpdates." + (i + 1) + ".member";
                AnalyticsRules.id(v, at + ".referenceId", u.referenceId());
                v.string(at + ".tableNameUpdate", u.tableNameUpdate(), false, 1, 32, null);
                AnalyticsRules.schema(v, at + ".referenceSchemaUpdate", u.referenceSchemaUpdate(), false);
            }
        }
        if (update.cloudWatchLoggingOptionUpdates() != null) {
            for (int i = 0; i < update.cloudWatchLoggingOptionUpdates().size(); i++) {
                CloudWatchLoggingOptionUpdate u = update.cloudWatchLoggingOptionUpdates().get(i);
                AnalyticsRules.id(v, base + "cloudWatchLoggingOptionUpdates." + (i + 1) + ".member"
                        + ".cloudWatchLoggingOptionId", u.id());
            }
        }
    }

    private ApplicationState input(RequestContext ctx, ApplicationState state, InputUpdate u) {
        List<InputEntry> inputs = ApplicationState.copy(state.inputs());
        for (int i = 0; i < inputs.size(); i++) {
            InputEntry entry = inputs.get(i);
            if (!entry.id().equals(u.inputId())) {
                continue;
            }
            Input old = entry.input();
            InputProcessingConfiguration processing = old.inputProcessingConfiguration();
            if (u.inputProcessingConfigurationUpdate() != null && processing != null) {
                processing = new InputProcessingConfiguration(merge(processing.inputLambdaProcessor(),
                        u.inputProcessingConfigurationUpdate().inputLambdaProcessorUpdate()));
            }
            Resource streams = old.kinesisStreamsInput();
            Resource firehose = old.kinesisFirehoseInput();
            if (u.kinesisStreamsInputUpdate() != null) {
                streams = merge(streams, u.kinesisStreamsInputUpdate());
                firehose = null;
            }
            if (u.kinesisFirehoseInputUpdate() != null) {
                firehose = merge(firehose, u.kinesisFirehoseInputUpdate());
                streams = null;
            }
            SourceSchema schema = old.inputSchema();
            if (u.inputSchemaUpdate() != null) {
                var s = u.inputSchemaUpdate();
                schema = new SourceSchema(s.recordFormatUpdate() != null ? s.recordFormatUpdate()
                        : schema.recordFormat(), s.recordEncodingUpdate() != null ? s.recordEncodingUpdate()
                        : schema.recordEncoding(), s.recordColumnUpdates() != null ? s.recordColumnUpdates()
                        : schema.recordColumns());
            }
            InputParallelism parallelism = u.inputParallelismUpdate() != null
                    && u.inputParallelismUpdate().countUpdate() != null
                    ? new InputParallelism(u.inputParallelismUpdate().countUpdate()) : old.inputParallelism();
            Input input = new Input(u.namePrefixUpdate() != null ? u.namePrefixUpdate() : old.namePrefix(),
                    processing, streams, firehose, parallelism, schema);
            configuration.checks().checkInput(ctx, input);
            inputs.set(i, new InputEntry(entry.id(), input, entry.startingPosition()));
            return state.withInputs(inputs);
        }
        throw ApiException.resourceNotFound("Input " + u.inputId() + " not found in application " + state.name()
                + ".");
    }

    private ApplicationState output(RequestContext ctx, ApplicationState state, OutputUpdate u) {
        List<OutputEntry> outputs = ApplicationState.copy(state.outputs());
        for (int i = 0; i < outputs.size(); i++) {
            OutputEntry entry = outputs.get(i);
            if (!entry.id().equals(u.outputId())) {
                continue;
            }
            Output old = entry.output();
            Resource streams = old.kinesisStreamsOutput();
            Resource firehose = old.kinesisFirehoseOutput();
            Resource lambda = old.lambdaOutput();
            if (u.kinesisStreamsOutputUpdate() != null) {
                streams = merge(streams, u.kinesisStreamsOutputUpdate());
                firehose = null;
                lambda = null;
            } else if (u.kinesisFirehoseOutputUpdate() != null) {
                firehose = merge(firehose, u.kinesisFirehoseOutputUpdate());
                streams = null;
                lambda = null;
            } else if (u.lambdaOutputUpdate() != null) {
                lambda = merge(lambda, u.lambdaOutputUpdate());
                streams = null;
                firehose = null;
            }
            Output output = new Output(u.nameUpdate() != null ? u.nameUpdate() : old.name(), streams, firehose,
                    lambda, u.destinationSchemaUpdate() != null ? u.destinationSchemaUpdate()
                            : old.destinationSchema());
            configuration.checks().checkOutput(ctx, output);
            outputs.set(i, new OutputEntry(entry.id(), output));
            return state.withOutputs(outputs);
        }
        throw ApiException.resourceNotFound("Output " + u.outputId() + " not found in application " + state.name()
                + ".");
    }

    private static ApplicationState reference(ApplicationState state, ReferenceDataSourceUpdate u) {
        List<ReferenceEntry> references = ApplicationState.copy(state.references());
        for (int i = 0; i < references.size(); i++) {
            ReferenceEntry entry = references.get(i);
            if (!entry.id().equals(u.referenceId())) {
                continue;
            }
            ReferenceDataSource old = entry.source();
            S3Reference s3 = old.s3ReferenceDataSource();
            if (u.s3ReferenceDataSourceUpdate() != null) {
                var s = u.s3ReferenceDataSourceUpdate();
                s3 = new S3Reference(s.bucketArnUpdate() != null ? s.bucketArnUpdate() : s3.bucketArn(),
                        s.fileKeyUpdate() != null ? s.fileKeyUpdate() : s3.fileKey(),
                        s.referenceRoleArnUpdate() != null ? s.referenceRoleArnUpdate() : s3.referenceRoleArn());
            }
            ReferenceDataSource source = new ReferenceDataSource(u.tableNameUpdate() != null ? u.tableNameUpdate()
                    : old.tableName(), s3, u.referenceSchemaUpdate() != null ? u.referenceSchemaUpdate()
                    : old.referenceSchema());
            ConfigurationActions.checkReference(source);
            references.set(i, new ReferenceEntry(entry.id(), source));
            return state.withReferences(references);
        }
        throw ApiException.resourceNotFound("Reference data source " + u.referenceId() + " not found in application "
                + state.name() + ".");
    }

    private static ApplicationState logging(ApplicationState state, CloudWatchLoggingOptionUpdate u) {
        List<LoggingEntry> logging = ApplicationState.copy(state.logging());
        for (int i = 0; i < logging.size(); i++) {
            LoggingEntry entry = logging.get(i);
            if (entry.id().equals(u.id())) {
                logging.set(i, new LoggingEntry(entry.id(), new CloudWatchLoggingOption(
                        u.logStreamArnUpdate() != null ? u.logStreamArnUpdate() : entry.option().logStreamArn(),
                        u.roleArnUpdate() != null ? u.roleArnUpdate() : entry.option().roleArn())));
                return state.withLogging(logging);
            }
        }
        throw ApiException.resourceNotFound("CloudWatch logging option " + u.id() + " not found in application "
                + state.name() + ".");
    }

    private static Resource merge(Resource old, ResourceUpdate update) {
        if (update == null) {
            return old;
        }
        String arn = update.resourceArnUpdate() != null ? update.resourceArnUpdate()
                : old == null ? null : old.resourceArn();
        String role = update.roleArnUpdate() != null ? update.roleArnUpdate() : old == null ? null : old.roleArn();
        if (arn == null || role == null) {
            throw ApiException.invalidArgument("A new destination or source needs both ResourceARNUpdate and "
                    + "RoleARNUpdate.");
        }
        return new Resource(arn, role);
    }
}
