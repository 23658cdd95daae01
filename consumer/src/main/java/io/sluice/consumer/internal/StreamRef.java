package io.sluice.consumer.internal;

import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;

/**
 * The stream as the application named it: a name or an ARN, put into requests the way each takes it.
 * Immutable and thread-safe.
 */
public record StreamRef(String nameOrArn) {

    boolean isArn() {
        return nameOrArn.startsWith("arn:");
    }

    ListShardsRequest.Builder apply(ListShardsRequest.Builder b) {
        return isArn() ? b.streamARN(nameOrArn) : b.streamName(nameOrArn);
    }

    GetShardIteratorRequest.Builder apply(GetShardIteratorRequest.Builder b) {
        return isArn() ? b.streamARN(nameOrArn) : b.streamName(nameOrArn);
    }

    GetRecordsRequest.Builder apply(GetRecordsRequest.Builder b) {
        return isArn() ? b.streamARN(nameOrArn) : b;
    }

    DescribeStreamSummaryRequest.Builder apply(DescribeStreamSummaryRequest.Builder b) {
        return isArn() ? b.streamARN(nameOrArn) : b.streamName(nameOrArn);
    }

    @Override
    public String toString() {
        return nameOrArn;
    }
}
