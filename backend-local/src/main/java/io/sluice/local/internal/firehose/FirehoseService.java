package io.sluice.local.internal.firehose;

import io.sluice.local.internal.api.ServiceDefinition;
import io.sluice.local.internal.firehose.model.FirehoseModel;

/**
 * The Firehose API ({@code Firehose_20150804}, JSON 1.1): wires each action to the class that answers it.
 * Thread-safe.
 */
public final class FirehoseService {

    public static final String TARGET_PREFIX = "Firehose_20150804";

    private final ServiceDefinition definition;
    private final DeliveryStreamActions admin;

    public FirehoseService(DeliveryStreamRegistry registry, DeliveryStreamActions.StreamExistence streams) {
        FirehoseLocator locator = new FirehoseLocator(registry);
        admin = new DeliveryStreamActions(locator, streams);
        FirehoseRecordActions records = new FirehoseRecordActions(locator);
        FirehoseTagActions tags = new FirehoseTagActions(locator);
        definition = ServiceDefinition.builder(TARGET_PREFIX)
                .action("CreateDeliveryStream", FirehoseModel.CreateDeliveryStreamRequest.class, admin::create)
                .action("DeleteDeliveryStream", FirehoseModel.DeleteDeliveryStreamRequest.class, admin::delete)
                .action("DescribeDeliveryStream", FirehoseModel.DescribeDeliveryStreamRequest.class,
                        admin::describe)
                .action("ListDeliveryStreams", FirehoseModel.ListDeliveryStreamsRequest.class, admin::list)
                .action("UpdateDestination", FirehoseModel.UpdateDestinationRequest.class,
                        admin::updateDestination)
                .action("PutRecord", FirehoseModel.PutRecordRequest.class, records::putRecord)
                .action("PutRecordBatch", FirehoseModel.PutRecordBatchRequest.class, records::putRecordBatch)
                .action("TagDeliveryStream", FirehoseModel.TagDeliveryStreamRequest.class, tags::tag)
                .action("UntagDeliveryStream", FirehoseModel.UntagDeliveryStreamRequest.class, tags::untag)
                .action("ListTagsForDeliveryStream", FirehoseModel.ListTagsForDeliveryStreamRequest.class,
                        tags::list)
                .action("StartDeliveryStreamEncryption", FirehoseModel.StartEncryptionRequest.class,
                        tags::startEncryption)
                .action("StopDeliveryStreamEncryption", FirehoseModel.StopEncryptionRequest.class,
                        tags::stopEncryption)
                .build();
    }

    public ServiceDefinition definition() {
        return definition;
    }

    /** Stream-sourced delivery streams created from now on start reading at once. */
    public void serving() {
        admin.serving();
    }
}
