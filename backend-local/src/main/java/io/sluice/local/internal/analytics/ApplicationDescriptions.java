package io.sluice.local.internal.analytics;

import io.sluice.local.internal.analytics.ApplicationState.InputEntry;
import io.sluice.local.internal.analytics.model.AnalyticsModel.ApplicationDetail;
import io.sluice.local.internal.analytics.model.AnalyticsModel.ApplicationSummary;
import io.sluice.local.internal.analytics.model.Shapes.CloudWatchLoggingOptionDescription;
import io.sluice.local.internal.analytics.model.Shapes.Input;
import io.sluice.local.internal.analytics.model.Shapes.InputDescription;
import io.sluice.local.internal.analytics.model.Shapes.InputParallelism;
import io.sluice.local.internal.analytics.model.Shapes.InputProcessingConfigurationDescription;
import io.sluice.local.internal.analytics.model.Shapes.Output;
import io.sluice.local.internal.analytics.model.Shapes.OutputDescription;
import io.sluice.local.internal.analytics.model.Shapes.ReferenceDataSourceDescription;
import io.sluice.local.internal.analytics.model.Shapes.StartingPosition;
import java.util.List;

/** DescribeApplication's and ListApplications' views of an application. Stateless. */
final class ApplicationDescriptions {

    private ApplicationDescriptions() {
    }

    static ApplicationSummary summary(ApplicationState state, long now) {
        return new ApplicationSummary(state.name(), state.arn(), state.status(now));
    }

    static ApplicationDetail detail(ApplicationState state, long now) {
        List<InputDescription> inputs = state.inputs().stream().map(ApplicationDescriptions::input).toList();
        List<OutputDescription> outputs = state.outputs().stream().map(e -> output(e.id(), e.output())).toList();
        List<ReferenceDataSourceDescription> references = state.references().stream()
                .map(e -> new ReferenceDataSourceDescription(e.id(), e.source().tableName(),
                        e.source().s3ReferenceDataSource(), e.source().referenceSchema())).toList();
        List<CloudWatchLoggingOptionDescription> logging = state.logging().stream()
                .map(e -> new CloudWatchLoggingOptionDescription(e.id(), e.option().logStreamArn(),
                        e.option().roleArn())).toList();
        return new ApplicationDetail(state.name(), state.description(), state.arn(), state.status(now),
                state.created(), state.lastUpdated(), inputs, outputs, references.isEmpty() ? null : references,
                logging.isEmpty() ? null : logging, state.code(), state.version());
    }

    private static InputDescription input(InputEntry entry) {
        Input input = entry.input();
        int count = input.inputParallelism() == null || input.inputParallelism().count() == null ? 1
                : input.inputParallelism().count();
        return new InputDescription(entry.id(), input.namePrefix(), ApplicationPrograms.streamNames(input),
                input.inputProcessingConfiguration() == null ? null : new InputProcessingConfigurationDescription(
                        input.inputProcessingConfiguration().inputLambdaProcessor()),
                input.kinesisStreamsInput(), input.kinesisFirehoseInput(), input.inputSchema(),
                new InputParallelism(count), new StartingPosition(entry.startingPosition()));
    }

    private static OutputDescription output(String id, Output output) {
        return new OutputDescription(id, output.name(), output.kinesisStreamsOutput(),
                output.kinesisFirehoseOutput(), output.lambdaOutput(), output.destinationSchema());
    }
}
