package io.sluice.local.internal.analytics;

import io.sluice.local.internal.analytics.ApplicationState.InputEntry;
import io.sluice.local.internal.analytics.ApplicationState.LoggingEntry;
import io.sluice.local.internal.analytics.ApplicationState.OutputEntry;
import io.sluice.local.internal.analytics.ApplicationState.ReferenceEntry;
import io.sluice.local.internal.analytics.model.AnalyticsModel.AddInputRequest;
import io.sluice.local.internal.analytics.model.AnalyticsModel.AddLoggingRequest;
import io.sluice.local.internal.analytics.model.AnalyticsModel.AddOutputRequest;
import io.sluice.local.internal.analytics.model.AnalyticsModel.AddProcessingRequest;
import io.sluice.local.internal.analytics.model.AnalyticsModel.AddReferenceRequest;
import io.sluice.local.internal.analytics.model.AnalyticsModel.DeleteLoggingRequest;
import io.sluice.local.internal.analytics.model.AnalyticsModel.DeleteOutputRequest;
import io.sluice.local.internal.analytics.model.AnalyticsModel.DeleteProcessingRequest;
import io.sluice.local.internal.analytics.model.AnalyticsModel.DeleteReferenceRequest;
import io.sluice.local.internal.analytics.model.Shapes.Input;
import io.sluice.local.internal.analytics.model.Shapes.InputProcessingConfiguration;
import io.sluice.local.internal.api.NoContent;
import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.ErrorCode;
import io.sluice.local.internal.protocol.Validator;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The configuration changes: UpdateApplication (in {@link ApplicationUpdates}) and the Add/Delete actions for
 * inputs, outputs, reference data sources, input processing and logging options. Each needs the current
 * application version (a stale one is ConcurrentModificationException), makes the next version, and takes the
 * application through UPDATING back to READY or RUNNING; a running application goes on with the new
 * configuration. Thread-safe.
 */
final class ConfigurationActions {

    private final ApplicationRegistry registry;
    private final Runners runners;
    private final ApplicationActions checks;
    private final Duration updateDelay;

    ConfigurationActions(ApplicationRegistry registry, Runners runners, ApplicationActions checks,
            Duration updateDelay) {
        this.registry = registry;
        this.runners = runners;
        this.checks = checks;
        this.updateDelay = updateDelay;
    }

    ApplicationActions checks() {
        return checks;
    }

    /** Applies a configuration change to an application that is READY or RUNNING, at its current version. */
    ApplicationState configure(RequestContext ctx, String name, long version,
            UnaryOperator<ApplicationState> change) {
        long now = ctx.now().toEpochMilli();
        return registry.change(ctx, name, state -> {
            String status = state.status(now);
            if (!ApplicationState.READY.equals(status) && !ApplicationState.RUNNING.equals(status)) {
                throw ApiException.resourceInUse("Application " + state.name() + " is in " + status
                        + " state; it can be changed only when READY or RUNNING.");
            }
            if (state.version() != version) {
                throw new ApiException(ErrorCode.CONCURRENT_MODIFICATION, "Current application version "
                        + version + " does not match application " + state.name() + "'s version "
                        + state.version() + ".");
            }
            ApplicationState changed = state.changed(ctx.now(), change);
            ApplicationPrograms.check(ctx, changed);
            ApplicationState next = changed.moving(ApplicationState.UPDATING, status, now, updateDelay.toMillis());
            if (ApplicationState.RUNNING.equals(status)) {
                // Under the registry's lock, so a Stop cannot come between the new state and the new run.
                runners.restart(next);
            }
            return next;
        });
    }

    private static Validator common(String name, Long version) {
        return AnalyticsRules.version(AnalyticsRules.name(new Validator(), name), version);
    }

    NoContent addInput(RequestContext ctx, AddInputRequest in) {
        AnalyticsRules.input(common(in.applicationName(), in.currentApplicationVersionId()), "input", in.input())
                .throwIfInvalid();
        checks.checkInput(ctx, in.input());
        configure(ctx, in.applicationName(), in.currentApplicationVersionId(), state -> {
            if (!state.inputs().isEmpty()) {
                throw ApiException.invalidArgument("Application " + state.name() + " already has an input; an "
                        + "application can have one streaming source.");
            }
            return state.withInputs(List.of(new InputEntry(ApplicationState.id(state.version() + 1, 1),
                    in.input(), null)));
        });
        return NoContent.INSTANCE;
    }

    NoContent addOutput(RequestContext ctx, AddOutputRequest in) {
        AnalyticsRules.output(common(in.applicationName(), in.currentApplicationVersionId()), "output",
                in.output()).throwIfInvalid();
        checks.checkOutput(ctx, in.output());
        configure(ctx, in.applicationName(), in.currentApplicationVersionId(), state -> {
            if (state.outputs().size() >= ApplicationActions.MAX_OUTPUTS) {
                throw ApiException.invalidArgument("Application " + state.name() + " already has "
                        + ApplicationActions.MAX_OUTPUTS + " outputs, the most allowed.");
            }
            List<OutputEntry> outputs = ApplicationState.copy(state.outputs());
            outputs.add(new OutputEntry(ApplicationState.id(state.version() + 1, 1), in.output()));
            return state.withOutputs(outputs);
        });
        return NoContent.INSTANCE;
    }

    NoContent deleteOutput(RequestContext ctx, DeleteOutputRequest in) {
        AnalyticsRules.id(common(in.applicationName(), in.currentApplicationVersionId()), "outputId", in.outputId())
                .throwIfInvalid();
        configure(ctx, in.applicationName(), in.currentApplicationVersionId(), state -> {
            List<OutputEntry> outputs = ApplicationState.copy(state.outputs());
            if (!outputs.removeIf(e -> e.id().equals(in.outputId()))) {
                throw ApiException.resourceNotFound("Output " + in.outputId() + " not found in application "
                        + state.name() + ".");
            }
            return state.withOutputs(outputs);
        });
        return NoContent.INSTANCE;
    }

    NoContent addReference(RequestContext ctx, AddReferenceRequest in) {
        AnalyticsRules.reference(common(in.applicationName(), in.currentApplicationVersionId()),
                "referenceDataSource", in.referenceDataSource()).throwIfInvalid();
        checkReference(in.referenceDataSource());
        configure(ctx, in.applicationName(), in.currentApplicationVersionId(), state -> {
            if (!state.references().isEmpty()) {
                throw ApiException.invalidArgument("Application " + state.name() + " already has a reference data "
                        + "source; an application can have one.");
            }
            return state.withReferences(List.of(new ReferenceEntry(ApplicationState.id(state.version() + 1, 1),
                    in.referenceDataSource())));
        });
        return NoContent.INSTANCE;
    }

    static void checkReference(io.sluice.local.internal.analytics.model.Shapes.ReferenceDataSource source) {
        if (source.s3ReferenceDataSource() == null) {
            throw ApiException.invalidArgument("A reference data source needs S3ReferenceDataSource.");
        }
        if (!source.s3ReferenceDataSource().bucketArn().startsWith("arn:aws:s3:::")) {
            throw ApiException.invalidArgument("BucketARN must be an S3 bucket ARN (arn:aws:s3:::<bucket>): "
                    + source.s3ReferenceDataSource().bucketArn());
        }
        try {
            io.sluice.local.internal.analytics.records.RecordParser.of(source.referenceSchema());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidArgument("Invalid ReferenceSchema: " + e.getMessage());
        }
    }

    NoContent deleteReference(RequestContext ctx, DeleteReferenceRequest in) {
        AnalyticsRules.id(common(in.applicationName(), in.currentApplicationVersionId()), "referenceId",
                in.referenceId()).throwIfInvalid();
        configure(ctx, in.applicationName(), in.currentApplicationVersionId(), state -> {
            List<ReferenceEntry> references = ApplicationState.copy(state.references());
            if (!references.removeIf(e -> e.id().equals(in.referenceId()))) {
                throw ApiException.resourceNotFound("Reference data source " + in.referenceId() + " not found in "
                        + "application " + state.name() + ".");
            }
            return state.withReferences(references);
        });
        return NoContent.INSTANCE;
    }

    NoContent addProcessing(RequestContext ctx, AddProcessingRequest in) {
        Validator v = AnalyticsRules.id(common(in.applicationName(), in.currentApplicationVersionId()), "inputId",
                in.inputId()).object("inputProcessingConfiguration", in.inputProcessingConfiguration(), true);
        if (in.inputProcessingConfiguration() != null) {
            AnalyticsRules.resource(v, "inputProcessingConfiguration.inputLambdaProcessor",
                    in.inputProcessingConfiguration().inputLambdaProcessor(), true);
        }
        v.throwIfInvalid();
        configure(ctx, in.applicationName(), in.currentApplicationVersionId(), state -> withProcessing(state,
                in.inputId(), in.inputProcessingConfiguration()));
        return NoContent.INSTANCE;
    }

    NoContent deleteProcessing(RequestContext ctx, DeleteProcessingRequest in) {
        AnalyticsRules.id(common(in.applicationName(), in.currentApplicationVersionId()), "inputId", in.inputId())
                .throwIfInvalid();
        configure(ctx, in.applicationName(), in.currentApplicationVersionId(), state -> withProcessing(state,
                in.inputId(), null));
        return NoContent.INSTANCE;
    }

    private static ApplicationState withProcessing(ApplicationState state, String inputId,
            InputProcessingConfiguration processing) {
        List<InputEntry> inputs = ApplicationState.copy(state.inputs());
        for (int i = 0; i < inputs.size(); i++) {
            InputEntry entry = inputs.get(i);
            if (entry.id().equals(inputId)) {
                Input input = entry.input();
                if (processing != null && input.inputProcessingConfiguration() != null) {
                    throw ApiException.invalidArgument("Input " + inputId + " already has an input processing "
                            + "configuration.");
                }
                inputs.set(i, new InputEntry(entry.id(), new Input(input.namePrefix(), processing,
                        input.kinesisStreamsInput(), input.kinesisFirehoseInput(), input.inputParallelism(),
                        input.inputSchema()), entry.startingPosition()));
                return state.withInputs(inputs);
            }
        }
        throw ApiException.resourceNotFound("Input " + inputId + " not found in application " + state.name() + ".");
    }

    NoContent addLogging(RequestContext ctx, AddLoggingRequest in) {
        AnalyticsRules.logging(common(in.applicationName(), in.currentApplicationVersionId()),
                "cloudWatchLoggingOption", in.cloudWatchLoggingOption()).throwIfInvalid();
        configure(ctx, in.applicationName(), in.currentApplicationVersionId(), state -> {
            List<LoggingEntry> logging = ApplicationState.copy(state.logging());
            logging.add(new LoggingEntry(ApplicationState.id(state.version() + 1, 1), in.cloudWatchLoggingOption()));
            return state.withLogging(logging);
        });
        return NoContent.INSTANCE;
    }

    NoContent deleteLogging(RequestContext ctx, DeleteLoggingRequest in) {
        AnalyticsRules.id(common(in.applicationName(), in.currentApplicationVersionId()),
                "cloudWatchLoggingOptionId", in.cloudWatchLoggingOptionId()).throwIfInvalid();
        configure(ctx, in.applicationName(), in.currentApplicationVersionId(), state -> {
            List<LoggingEntry> logging = ApplicationState.copy(state.logging());
            if (!logging.removeIf(e -> e.id().equals(in.cloudWatchLoggingOptionId()))) {
                throw ApiException.resourceNotFound("CloudWatch logging option " + in.cloudWatchLoggingOptionId()
                        + " not found in application " + state.name() + ".");
            }
            return state.withLogging(logging);
        });
        return NoContent.INSTANCE;
    }
}
