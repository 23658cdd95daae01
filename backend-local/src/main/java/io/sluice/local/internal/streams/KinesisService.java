package io.sluice.local.internal.streams;

import io.sluice.local.internal.api.ServiceDefinition;
import io.sluice.local.internal.streams.model.AccountActionsModel;
import io.sluice.local.internal.streams.model.ConsumerActionsModel;
import io.sluice.local.internal.streams.model.PolicyActionsModel;
import io.sluice.local.internal.streams.model.FanOutActionsModel;
import io.sluice.local.internal.streams.model.RecordActionsModel;
import io.sluice.local.internal.streams.model.SettingsActionsModel;
import io.sluice.local.internal.streams.model.ReshardActionsModel;
import io.sluice.local.internal.streams.model.StreamActionsModel;
import io.sluice.local.internal.streams.model.TagActionsModel;

/**
 * The Kinesis Data Streams API ({@code Kinesis_20131202}): wires each action to the class that answers it.
 * Thread-safe.
 */
public final class KinesisService {

    public static final String TARGET_PREFIX = "Kinesis_20131202";

    private final StreamRegistry registry;
    private final ServiceDefinition definition;

    /**
     * How the service behaves beyond its streams.
     *
     * @param shardLimit open shards allowed per region
     * @param onDemandStreamLimit ON_DEMAND streams allowed per region
     * @param subscriptionLifetime how long one SubscribeToShard call streams events
     * @param clock the clock event streams read (actions get the time of their request)
     * @param shardThroughputLimits whether PROVISIONED streams' shards are held to AWS's per-shard limits
     */
    public record Settings(int shardLimit, int onDemandStreamLimit, java.time.Duration subscriptionLifetime,
            java.time.Clock clock, boolean shardThroughputLimits) {
    }

    public KinesisService(StreamRegistry registry, Settings settings) {
        this.registry = registry;
        StreamLocator locator = new StreamLocator(registry);
        PageTokens tokens = new PageTokens();
        AccountLimits limit = new AccountLimits(registry, settings.shardLimit(), settings.onDemandStreamLimit());
        StreamAdminActions admin = new StreamAdminActions(locator, limit, tokens);
        AccountActions account = new AccountActions(limit);
        ConsumerLocator consumerLocator = new ConsumerLocator(locator);
        ConsumerActions consumers = new ConsumerActions(locator, consumerLocator, tokens);
        FanOutActions fanOut = new FanOutActions(locator, consumerLocator, settings.clock(),
                settings.subscriptionLifetime());
        ResourcePolicyActions policies = new ResourcePolicyActions(locator, consumerLocator);
        StreamSettingsActions streamSettings = new StreamSettingsActions(locator, limit, registry.delays().update());
        ReshardActions reshard = new ReshardActions(locator, limit, registry.delays().update());
        ShardListing listing = new ShardListing(locator, tokens);
        ThroughputLimits throughput = new ThroughputLimits(settings.shardThroughputLimits());
        RecordWriter writer = new RecordWriter(locator, throughput);
        RecordReader reader = new RecordReader(locator, throughput);
        TagActions tags = new TagActions(locator, consumerLocator);
        this.definition = ServiceDefinition.builder(TARGET_PREFIX)
                .action("CreateStream", StreamActionsModel.CreateStreamRequest.class, admin::createStream)
                .action("DeleteStream", StreamActionsModel.DeleteStreamRequest.class, admin::deleteStream)
                .action("DescribeStream", StreamActionsModel.DescribeStreamRequest.class, admin::describeStream)
                .action("DescribeStreamSummary", StreamActionsModel.DescribeStreamSummaryRequest.class,
                        admin::describeStreamSummary)
                .action("ListStreams", StreamActionsModel.ListStreamsRequest.class, admin::listStreams)
                .action("IncreaseStreamRetentionPeriod", StreamActionsModel.RetentionPeriodRequest.class,
                        admin::increaseRetention)
                .action("DecreaseStreamRetentionPeriod", StreamActionsModel.RetentionPeriodRequest.class,
                        admin::decreaseRetention)
                .action("ListShards", StreamActionsModel.ListShardsRequest.class, listing::listShards)
                .action("SplitShard", ReshardActionsModel.SplitShardRequest.class, reshard::splitShard)
                .action("MergeShards", ReshardActionsModel.MergeShardsRequest.class, reshard::mergeShards)
                .action("UpdateShardCount", ReshardActionsModel.UpdateShardCountRequest.class,
                        reshard::updateShardCount)
                .action("DescribeLimits", AccountActionsModel.EmptyRequest.class, account::describeLimits)
                .action("DescribeAccountSettings", AccountActionsModel.EmptyRequest.class,
                        account::describeAccountSettings)
                .action("UpdateAccountSettings", AccountActionsModel.UpdateAccountSettingsRequest.class,
                        account::updateAccountSettings)
                .action("UpdateStreamMode", SettingsActionsModel.UpdateStreamModeRequest.class,
                        streamSettings::updateStreamMode)
                .action("StartStreamEncryption", SettingsActionsModel.StreamEncryptionRequest.class,
                        streamSettings::startStreamEncryption)
                .action("StopStreamEncryption", SettingsActionsModel.StreamEncryptionRequest.class,
                        streamSettings::stopStreamEncryption)
                .action("EnableEnhancedMonitoring", SettingsActionsModel.EnhancedMonitoringRequest.class,
                        streamSettings::enableEnhancedMonitoring)
                .action("DisableEnhancedMonitoring", SettingsActionsModel.EnhancedMonitoringRequest.class,
                        streamSettings::disableEnhancedMonitoring)
                .action("UpdateMaxRecordSize", SettingsActionsModel.UpdateMaxRecordSizeRequest.class,
                        streamSettings::updateMaxRecordSize)
                .action("UpdateStreamWarmThroughput", SettingsActionsModel.UpdateStreamWarmThroughputRequest.class,
                        streamSettings::updateStreamWarmThroughput)
                .action("RegisterStreamConsumer", ConsumerActionsModel.RegisterStreamConsumerRequest.class,
                        consumers::registerStreamConsumer)
                .action("DescribeStreamConsumer", ConsumerActionsModel.ConsumerRequest.class,
                        consumers::describeStreamConsumer)
                .action("ListStreamConsumers", ConsumerActionsModel.ListStreamConsumersRequest.class,
                        consumers::listStreamConsumers)
                .action("DeregisterStreamConsumer", ConsumerActionsModel.ConsumerRequest.class,
                        consumers::deregisterStreamConsumer)
                .action("PutResourcePolicy", PolicyActionsModel.PutResourcePolicyRequest.class,
                        policies::putResourcePolicy)
                .action("GetResourcePolicy", PolicyActionsModel.ResourcePolicyRequest.class,
                        policies::getResourcePolicy)
                .action("DeleteResourcePolicy", PolicyActionsModel.ResourcePolicyRequest.class,
                        policies::deleteResourcePolicy)
                .action("SubscribeToShard", FanOutActionsModel.SubscribeToShardRequest.class,
                        fanOut::subscribeToShard)
                .action("UpdateStreamRecordDistributionStrategy",
                        SettingsActionsModel.UpdateStreamRecordDistributionStrategyRequest.class,
                        streamSettings::updateStreamRecordDistributionStrategy)
                .action("PutRecord", RecordActionsModel.PutRecordRequest.class, writer::putRecord)
                .action("PutRecords", RecordActionsModel.PutRecordsRequest.class, writer::putRecords)
                .action("GetShardIterator", RecordActionsModel.GetShardIteratorRequest.class,
                        reader::getShardIterator)
                .action("GetRecords", RecordActionsModel.GetRecordsRequest.class, reader::getRecords)
                .action("AddTagsToStream", TagActionsModel.AddTagsToStreamRequest.class, tags::addTagsToStream)
                .action("RemoveTagsFromStream", TagActionsModel.RemoveTagsFromStreamRequest.class,
                        tags::removeTagsFromStream)
                .action("ListTagsForStream", TagActionsModel.ListTagsForStreamRequest.class,
                        tags::listTagsForStream)
                .action("TagResource", TagActionsModel.TagResourceRequest.class, tags::tagResource)
                .action("UntagResource", TagActionsModel.UntagResourceRequest.class, tags::untagResource)
                .action("ListTagsForResource", TagActionsModel.ListTagsForResourceRequest.class,
                        tags::listTagsForResource)
                .build();
    }

    public ServiceDefinition definition() {
        return definition;
    }

    public StreamRegistry registry() {
        return registry;
    }
}
