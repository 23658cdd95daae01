package io.sluice.local.internal.analytics;

import io.sluice.local.internal.analytics.ApplicationState.InputEntry;
import io.sluice.local.internal.analytics.ApplicationState.LoggingEntry;
import io.sluice.local.internal.analytics.ApplicationState.OutputEntry;
import io.sluice.local.internal.analytics.model.AnalyticsModel.ApplicationNameRequest;
import io.sluice.local.internal.analytics.model.AnalyticsModel.ApplicationSummary;
import io.sluice.local.internal.analytics.model.AnalyticsModel.CreateApplicationRequest;
import io.sluice.local.internal.analytics.model.AnalyticsModel.CreateApplicationResponse;
import io.sluice.local.internal.analytics.model.AnalyticsModel.DeleteApplicationRequest;
import io.sluice.local.internal.analytics.model.AnalyticsModel.DescribeApplicationResponse;
import io.sluice.local.internal.analytics.model.AnalyticsModel.InputConfiguration;
import io.sluice.local.internal.analytics.model.AnalyticsModel.ListApplicationsRequest;
import io.sluice.local.internal.analytics.model.AnalyticsModel.ListApplicationsResponse;
import io.sluice.local.internal.analytics.model.AnalyticsModel.StartApplicationRequest;
import io.sluice.local.internal.analytics.model.Shapes.Input;
import io.sluice.local.internal.analytics.model.Shapes.Output;
import io.sluice.local.internal.analytics.model.Shapes.Tag;
import io.sluice.local.internal.analytics.sql.SqlCompileException;
import io.sluice.local.internal.api.NoContent;
import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.ErrorCode;
import io.sluice.local.internal.protocol.Validator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CreateApplication, DescribeApplication, ListApplications, DeleteApplication, StartApplication and
 * StopApplication. An application is READY after creation; Start takes it through STARTING to RUNNING, Stop
 * through STOPPING to READY, Delete through DELETING to gone, each transitional status lasting the backend's
 * lifecycle delay. Thread-safe.
 */
final class ApplicationActions {

    static final int MAX_OUTPUTS = 3;
    static final int MAX_USER_TAGS = 50;

    private final ApplicationRegistry registry;
    private final Runners runners;
    private final Resources resources;
    private final AnalyticsRuntime.Delays delays;

    ApplicationActions(ApplicationRegistry registry, Runners runners, Resources resources,
            AnalyticsRuntime.Delays delays) {
        this.registry = registry;
        this.runners = runners;
        this.resources = resources;
        this.delays = delays;
    }

    CreateApplicationResponse create(RequestContext ctx, CreateApplicationRequest in) {
        Validator v = AnalyticsRules.name(new Validator(), in.applicationName())
                .string("applicationDescription", in.applicationDescription(), false, 0, 1024, null)
                .string("applicationCode", in.applicationCode(), false, 0, AnalyticsRules.MAX_CODE, null);
        if (in.inputs() != null) {
            for (int i = 0; i < in.inputs().size(); i++) {
                AnalyticsRules.input(v, "inputs." + (i + 1) + ".member", in.inputs().get(i));
            }
        }
        if (in.outputs() != null) {
            for (int i = 0; i < in.outputs().size(); i++) {
                AnalyticsRules.output(v, "outputs." + (i + 1) + ".member", in.outputs().get(i));
            }
        }
        if (in.cloudWatchLoggingOptions() != null) {
            for (int i = 0; i < in.cloudWatchLoggingOptions().size(); i++) {
                AnalyticsRules.logging(v, "cloudWatchLoggingOptions." + (i + 1) + ".member",
                        in.cloudWatchLoggingOptions().get(i));
            }
        }
        AnalyticsRules.tags(v, "tags", in.tags(), false);
        v.throwIfInvalid();
        List<Input> inputs = in.inputs() == null ? List.of() : in.inputs();
        List<Output> outputs = in.outputs() == null ? List.of() : in.outputs();
        if (inputs.size() > 1) {
            throw ApiException.invalidArgument("An application can have one streaming source; " + inputs.size()
                    + " inputs were given.");
        }
        if (outputs.size() > MAX_OUTPUTS) {
            throw ApiException.invalidArgument("An application can have at most " + MAX_OUTPUTS + " outputs; "
                    + outputs.size() + " were given.");
        }
        inputs.forEach(input -> checkInput(ctx, input));
        outputs.forEach(output -> checkOutput(ctx, output));
        Map<String, String> tags = tags(in.tags());
        String arn = "arn:aws:kinesisanalytics:" + ctx.region() + ":" + ctx.accountId() + ":application/"
                + in.applicationName();
        List<InputEntry> inputEntries = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            inputEntries.add(new InputEntry(ApplicationState.id(1, i + 1), inputs.get(i), null));
        }
        List<OutputEntry> outputEntries = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            outputEntries.add(new OutputEntry(ApplicationState.id(1, i + 1), outputs.get(i)));
        }
        List<LoggingEntry> logging = new ArrayList<>();
        if (in.cloudWatchLoggingOptions() != null) {
            for (int i = 0; i < in.cloudWatchLoggingOptions().size(); i++) {
                logging.add(new LoggingEntry(ApplicationState.id(1, i + 1), in.cloudWatchLoggingOptions().get(i)));
            }
        }
        ApplicationState state = new ApplicationState(ctx.region(), in.applicationName(), arn,
                in.applicationDescription(), in.applicationCode() == null ? "" : in.applicationCode(), ctx.now(),
                ctx.now(), 1, ApplicationState.READY, ApplicationState.READY, 0, inputEntries, outputEntries,
                List.of(), logging, tags);
        ApplicationPrograms.check(ctx, state);
        registry.create(ctx, state);
        return new CreateApplicationResponse(new ApplicationSummary(in.applicationName(), arn,
                ApplicationState.READY));
    }

    /** The input's source must exist, and be exactly one of a data stream and a delivery stream. */
    void checkInput(RequestContext ctx, Input input) {
        if ((input.kinesisStreamsInput() == null) == (input.kinesisFirehoseInput() == null)) {
            throw ApiException.invalidArgument("An input needs exactly one of KinesisStreamsInput and "
                    + "KinesisFirehoseInput.");
        }
        if (input.kinesisStreamsInput() != null
                && !resources.streamExists(ctx, input.kinesisStreamsInput().resourceArn())) {
            throw ApiException.invalidArgument("Kinesis Analytics cannot read the stream "
                    + input.kinesisStreamsInput().resourceArn() + ": it does not exist.");
        }
        if (input.kinesisFirehoseInput() != null
                && !resources.deliveryStreamExists(ctx, input.kinesisFirehoseInput().resourceArn())) {
            throw ApiException.invalidArgument("Kinesis Analytics cannot read the delivery stream "
                    + input.kinesisFirehoseInput().resourceArn() + ": it does not exist.");
        }
        try {
            io.sluice.local.internal.analytics.records.RecordParser.of(input.inputSchema());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidArgument("Invalid InputSchema: " + e.getMessage());
        }
    }

    /** An output goes to one existing data stream or delivery stream. */
    void checkOutput(RequestContext ctx, Output output) {
        int destinations = (output.kinesisStreamsOutput() == null ? 0 : 1)
                + (output.kinesisFirehoseOutput() == null ? 0 : 1) + (output.lambdaOutput() == null ? 0 : 1);
        if (destinations != 1) {
            throw ApiException.invalidArgument("An output needs exactly one of KinesisStreamsOutput, "
                    + "KinesisFirehoseOutput and LambdaOutput.");
        }
        if (output.lambdaOutput() != null) {
            throw ApiException.invalidArgument("LambdaOutput is not supported by backend-local; send the output to "
                    + "a Kinesis data stream or a Firehose delivery stream.");
        }
        if (output.kinesisStreamsOutput() != null
                && !resources.streamExists(ctx, output.kinesisStreamsOutput().resourceArn())) {
            throw ApiException.invalidArgument("Kinesis Analytics cannot write to the stream "
                    + output.kinesisStreamsOutput().resourceArn() + ": it does not exist.");
        }
        if (output.kinesisFirehoseOutput() != null
                && !resources.deliveryStreamExists(ctx, output.kinesisFirehoseOutput().resourceArn())) {
            throw ApiException.invalidArgument("Kinesis Analytics cannot write to the delivery stream "
                    + output.kinesisFirehoseOutput().resourceArn() + ": it does not exist.");
        }
    }

    static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> out = new LinkedHashMap<>();
        if (tags == null) {
            return out;
        }
        for (Tag tag : tags) {
            if (out.put(tag.key(), tag.value() == null ? "" : tag.value()) != null) {
                throw ApiException.invalidArgument("Duplicate tag key " + tag.key() + ".");
            }
        }
        if (out.size() > MAX_USER_TAGS) {
            throw new ApiException(ErrorCode.TOO_MANY_TAGS, "Application has too many tags: at most "
                    + MAX_USER_TAGS + " user-defined tags are allowed.");
        }
        return out;
    }

    DescribeApplicationResponse describe(RequestContext ctx, ApplicationNameRequest in) {
        AnalyticsRules.name(new Validator(), in.applicationName()).throwIfInvalid();
        return new DescribeApplicationResponse(ApplicationDescriptions.detail(registry.require(ctx,
                in.applicationName()), ctx.now().toEpochMilli()));
    }

    ListApplicationsResponse list(RequestContext ctx, ListApplicationsRequest in) {
        new Validator().integer("limit", in.limit(), false, 1, 50)
                .string("exclusiveStartApplicationName", in.exclusiveStartApplicationName(), false, 1, 128,
                        AnalyticsRules.NAME).throwIfInvalid();
        long now = ctx.now().toEpochMilli();
        int limit = in.limit() == null ? 50 : in.limit();
        List<ApplicationSummary> page = new ArrayList<>();
        boolean more = false;
        for (ApplicationState state : registry.list(ctx.region(), now)) {
            if (in.exclusiveStartApplicationName() != null
                    && state.name().compareTo(in.exclusiveStartApplicationName()) <= 0) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(ApplicationDescriptions.summary(state, now));
        }
        return new ListApplicationsResponse(page, more);
    }

    NoContent delete(RequestContext ctx, DeleteApplicationRequest in) {
        AnalyticsRules.name(new Validator(), in.applicationName())
                .object("createTimestamp", in.createTimestamp(), true).throwIfInvalid();
        long now = ctx.now().toEpochMilli();
        registry.change(ctx, in.applicationName(), state -> {
            if (ApplicationState.DELETING.equals(state.status(now))) {
                throw ApiException.resourceInUse("Application " + state.name() + " is being deleted.");
            }
            if (state.created().getEpochSecond() != in.createTimestamp().getEpochSecond()) {
                throw ApiException.invalidArgument("CreateTimestamp " + in.createTimestamp()
                        + " does not match the creation time of application " + state.name() + ".");
            }
            ApplicationState deleted = state.moving(ApplicationState.DELETING, ApplicationState.DELETING, now,
                    Math.max(0, delays.delete().toMillis()));
            runners.delete(deleted);
            return deleted;
        });
        return NoContent.INSTANCE;
    }

    NoContent start(RequestContext ctx, StartApplicationRequest in) {
        Validator v = AnalyticsRules.name(new Validator(), in.applicationName())
                .list("inputConfigurations", in.inputConfigurations(), true, 0, Integer.MAX_VALUE,
                        "InputConfiguration");
        if (in.inputConfigurations() != null) {
            for (int i = 0; i < in.inputConfigurations().size(); i++) {
                InputConfiguration config = in.inputConfigurations().get(i);
                String at = "inputConfigurations." + (i + 1) + ".member";
                v.object(at, config, true);
                if (config != null) {
                    AnalyticsRules.id(v, at + ".id", config.id()).object(at + ".inputStartingPositionConfiguration",
                            config.startingPosition(), true);
                    if (config.startingPosition() != null) {
                        v.enumeration(at + ".inputStartingPositionConfiguration.inputStartingPosition",
                                config.startingPosition().inputStartingPosition(), false, AnalyticsRules.POSITIONS);
                    }
                }
            }
        }
        v.throwIfInvalid();
        long now = ctx.now().toEpochMilli();
        registry.change(ctx, in.applicationName(), state -> {
            String status = state.status(now);
            if (!ApplicationState.READY.equals(status)) {
                throw ApiException.resourceInUse("Application " + state.name() + " is in " + status
                        + " state; it can be started only when READY.");
            }
            if (state.inputs().isEmpty()) {
                throw new ApiException(ErrorCode.INVALID_APPLICATION_CONFIGURATION, "Application " + state.name()
                        + " has no input to start.");
            }
            List<InputEntry> inputs = new ArrayList<>(state.inputs());
            for (InputConfiguration config : in.inputConfigurations()) {
                int index = indexOf(inputs, config.id());
                if (index < 0) {
                    throw ApiException.invalidArgument("Input " + config.id() + " not found in application "
                            + state.name() + ".");
                }
                InputEntry entry = inputs.get(index);
                String position = config.startingPosition().inputStartingPosition() == null ? "NOW"
                        : config.startingPosition().inputStartingPosition();
                if ("TRIM_HORIZON".equals(position) && entry.input().kinesisFirehoseInput() != null) {
                    throw ApiException.invalidArgument("TRIM_HORIZON is not available for a Kinesis Firehose "
                            + "delivery stream input.");
                }
                inputs.set(index, new InputEntry(entry.id(), entry.input(), position));
            }
            for (InputEntry entry : inputs) {
                if (entry.startingPosition() == null) {
                    throw ApiException.invalidArgument("Input " + entry.id() + " needs an InputConfiguration.");
                }
            }
            ApplicationState next = state.withInputs(inputs);
            try {
                ApplicationPrograms.compile(next, () -> now);
            } catch (SqlCompileException | IllegalArgumentException e) {
                throw new ApiException(ErrorCode.INVALID_APPLICATION_CONFIGURATION, e.getMessage());
            }
            ApplicationState started = next.moving(ApplicationState.STARTING, ApplicationState.RUNNING, now,
                    delays.start().toMillis());
            // Under the registry's lock, so a Stop or Update cannot come between the state and the run.
            runners.start(started);
            return started;
        });
        return NoContent.INSTANCE;
    }

    private static int indexOf(List<InputEntry> inputs, String id) {
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    NoContent stop(RequestContext ctx, ApplicationNameRequest in) {
        AnalyticsRules.name(new Validator(), in.applicationName()).throwIfInvalid();
        long now = ctx.now().toEpochMilli();
        registry.change(ctx, in.applicationName(), state -> {
            String status = state.status(now);
            if (!ApplicationState.RUNNING.equals(status) && !ApplicationState.STARTING.equals(status)) {
                throw ApiException.resourceInUse("Application " + state.name() + " is in " + status
                        + " state; it can be stopped only when RUNNING.");
            }
            ApplicationState stopped = state.moving(ApplicationState.STOPPING, ApplicationState.READY, now,
                    delays.stop().toMillis());
            runners.stop(stopped);
            return stopped;
        });
        return NoContent.INSTANCE;
    }
}
