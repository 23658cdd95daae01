package io.sluice.local.internal.streams.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Instant;
import java.util.List;

/** Requests and responses of the actions that write and read records, with the API model's member names. */
public final class RecordActionsModel {

    private RecordActionsModel() {
    }

    public record PutRecordRequest(@JsonProperty("StreamName") String streamName,
            @JsonProperty("StreamARN") String streamArn,
            @JsonProperty("Data") byte[] data,
            @JsonProperty("PartitionKey") String partitionKey,
            @JsonProperty("ExplicitHashKey") String explicitHashKey,
            @JsonProperty("SequenceNumberForOrdering") String sequenceNumberForOrdering) {
    }

    public record PutRecordResponse(@JsonProperty("ShardId") String shardId,
            @JsonProperty("SequenceNumber") String sequenceNumber,
            @JsonProperty("EncryptionType") String encryptionType) {
    }

    public record PutRecordsRequestEntry(@JsonProperty("Data") byte[] data,
            @JsonProperty("ExplicitHashKey") String explicitHashKey,
            @JsonProperty("PartitionKey") String partitionKey) {
    }

    @JsonDeserialize(using = PutRecordsRequestReader.class)
    public record PutRecordsRequest(@JsonProperty("StreamName") String streamName,
            @JsonProperty("StreamARN") String streamArn,
            @JsonProperty("Records") List<PutRecordsRequestEntry> records) {
    }

    public record GetShardIteratorRequest(@JsonProperty("StreamName") String streamName,
            @JsonProperty("StreamARN") String streamArn,
            @JsonProperty("ShardId") String shardId,
            @JsonProperty("ShardIteratorType") String shardIteratorType,
            @JsonProperty("StartingSequenceNumber") String startingSequenceNumber,
            @JsonProperty("Timestamp") Instant timestamp) {
    }

    public record GetShardIteratorResponse(@JsonProperty("ShardIterator") String shardIterator) {
    }

    public record GetRecordsRequest(@JsonProperty("ShardIterator") String shardIterator,
            @JsonProperty("Limit") Integer limit,
            @JsonProperty("StreamARN") String streamArn) {
    }

}
