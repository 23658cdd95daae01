package io.sluice.local.internal.analytics;

import io.sluice.local.internal.analytics.model.AnalyticsModel;
import io.sluice.local.internal.api.ServiceDefinition;

/**
 * The Kinesis Data Analytics (SQL) API ({@code KinesisAnalytics_20150814}, JSON 1.1): wires each action to the
 * class that answers it. Thread-safe.
 */
final class AnalyticsService {

    static final String TARGET_PREFIX = "KinesisAnalytics_20150814";

    private final ServiceDefinition definition;

    AnalyticsService(ApplicationRegistry registry, Runners runners, Resources resources,
            AnalyticsRuntime.Delays delays, DiscoveryActions discovery) {
        ApplicationActions applications = new ApplicationActions(registry, runners, resources, delays);
        ConfigurationActions configuration = new ConfigurationActions(registry, runners, applications,
                delays.update());
        ApplicationUpdates updates = new ApplicationUpdates(configuration);
        AnalyticsTagActions tags = new AnalyticsTagActions(registry);
        definition = ServiceDefinition.builder(TARGET_PREFIX)
                .action("CreateApplication", AnalyticsModel.CreateApplicationRequest.class, applications::create)
                .action("DescribeApplication", AnalyticsModel.ApplicationNameRequest.class, applications::describe)
                .action("ListApplications", AnalyticsModel.ListApplicationsRequest.class, applications::list)
                .action("DeleteApplication", AnalyticsModel.DeleteApplicationRequest.class, applications::delete)
                .action("StartApplication", AnalyticsModel.StartApplicationRequest.class, applications::start)
                .action("StopApplication", AnalyticsModel.ApplicationNameRequest.class, applications::stop)
                .action("UpdateApplication", AnalyticsModel.UpdateApplicationRequest.class, updates::update)
                .action("AddApplicationInput", AnalyticsModel.AddInputRequest.class, configuration::addInput)
                .action("AddApplicationOutput", AnalyticsModel.AddOutputRequest.class, configuration::addOutput)
                .action("DeleteApplicationOutput", AnalyticsModel.DeleteOutputRequest.class,
                        configuration::deleteOutput)
                .action("AddApplicationReferenceDataSource", AnalyticsModel.AddReferenceRequest.class,
                        configuration::addReference)
                .action("DeleteApplicationReferenceDataSource", AnalyticsModel.DeleteReferenceRequest.class,
                        configuration::deleteReference)
                .action("AddApplicationInputProcessingConfiguration", AnalyticsModel.AddProcessingRequest.class,
                        configuration::addProcessing)
                .action("DeleteApplicationInputProcessingConfiguration",
                        AnalyticsModel.DeleteProcessingRequest.class, configuration::deleteProcessing)
                .action("AddApplicationCloudWatchLoggingOption", AnalyticsModel.AddLoggingRequest.class,
                        configuration::addLogging)
                .action("DeleteApplicationCloudWatchLoggingOption", AnalyticsModel.DeleteLoggingRequest.class,
                        configuration::deleteLogging)
                .action("DiscoverInputSchema", AnalyticsModel.DiscoverInputSchemaRequest.class,
                        discovery::discover)
                .action("TagResource", AnalyticsModel.TagResourceRequest.class, tags::tag)
                .action("UntagResource", AnalyticsModel.UntagResourceRequest.class, tags::untag)
                .action("ListTagsForResource", AnalyticsModel.ListTagsRequest.class, tags::list)
                .build();
    }

    ServiceDefinition definition() {
        return definition;
    }
}
