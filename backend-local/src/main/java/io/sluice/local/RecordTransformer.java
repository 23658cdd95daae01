package io.sluice.local;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A Firehose data transformation run inside backend-local: the role a Lambda function plays for a delivery stream
 * whose processing configuration names a {@code Lambda} processor. It takes the event Lambda would get and answers
 * what Lambda would return: for each record, {@link Result#Ok} with the new data (and, for dynamic partitioning,
 * partition keys), {@link Result#Dropped}, or {@link Result#ProcessingFailed} (the record then goes to the
 * destination's {@code processing-failed} error output). A thrown exception counts as a function error and the
 * invocation is retried NumberOfRetries times.
 *
 * <p>A processor's {@code LambdaArn} reaches a transformer by its function name, registered with
 * {@link LocalBackend.Builder#transformer(String, RecordTransformer)} or the command line's {@code --lambda}; a
 * function name that is the name of a class on the backend's classpath implementing this interface (with a
 * no-argument constructor) is loaded as well. A {@code LambdaArn} that is an {@code http://} or {@code https://}
 * URL is POSTed the event as JSON instead, and must answer with the response as JSON, as a Lambda function URL
 * does.
 *
 * <p>Implementations must be thread-safe: delivery streams invoke them from several threads at once.
 */
@FunctionalInterface
public interface RecordTransformer {

    /**
     * Transforms one batch of records.
     *
     * @param request the event, as Lambda would get it
     * @return one output record per input record
     * @throws Exception when the function fails; the invocation is then retried
     */
    Response transform(Request request) throws Exception;

    /** What a transformation returns for a record. */
    enum Result {
        /** Transformed: the output record's data replaces the input's. */
        Ok,
        /** Dropped on purpose: counted as processed, delivered nowhere. */
        Dropped,
        /** Failed: the input record goes to the {@code processing-failed} error output. */
        ProcessingFailed
    }

    /**
     * The event: a batch of records of one delivery stream.
     *
     * @param invocationId unique per invocation
     * @param deliveryStreamArn the delivery stream's ARN
     * @param sourceKinesisStreamArn the source data stream's ARN, or {@code null} for DirectPut
     * @param region the delivery stream's region
     * @param records the records
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Request(@JsonProperty("invocationId") String invocationId,
            @JsonProperty("deliveryStreamArn") String deliveryStreamArn,
            @JsonProperty("sourceKinesisStreamArn") String sourceKinesisStreamArn,
            @JsonProperty("region") String region,
            @JsonProperty("records") List<InputRecord> records) {
    }

    /**
     * One record of the event.
     *
     * @param recordId the id to answer with
     * @param approximateArrivalTimestamp when it arrived, in epoch milliseconds
     * @param data its bytes (base64 in JSON)
     * @param kinesisRecordMetadata where it came from in the source data stream, or {@code null}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InputRecord(@JsonProperty("recordId") String recordId,
            @JsonProperty("approximateArrivalTimestamp") long approximateArrivalTimestamp,
            @JsonProperty("data") byte[] data,
            @JsonProperty("kinesisRecordMetadata") KinesisRecordMetadata kinesisRecordMetadata) {
    }

    /** A record's place in the source data stream. */
    record KinesisRecordMetadata(@JsonProperty("shardId") String shardId,
            @JsonProperty("partitionKey") String partitionKey,
            @JsonProperty("approximateArrivalTimestamp") long approximateArrivalTimestamp,
            @JsonProperty("sequenceNumber") String sequenceNumber,
            @JsonProperty("subsequenceNumber") long subsequenceNumber) {
    }

    /** The answer: one output record per input record. */
    record Response(@JsonProperty("records") List<OutputRecord> records) {
    }

    /**
     * The outcome for one record.
     *
     * @param recordId the input record's id
     * @param result what became of it
     * @param data the new bytes (for {@link Result#Ok})
     * @param metadata partition keys for {@code !{partitionKeyFromLambda:...}}, or {@code null}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OutputRecord(@JsonProperty("recordId") String recordId, @JsonProperty("result") Result result,
            @JsonProperty("data") byte[] data, @JsonProperty("metadata") Metadata metadata) {

        /**
         * A transformed record.
         *
         * @param recordId the input record's id
         * @param data the new bytes
         * @return the outcome
         */
        public static OutputRecord ok(String recordId, byte[] data) {
            return new OutputRecord(recordId, Result.Ok, data, null);
        }

        /**
         * A transformed record with partition keys for dynamic partitioning.
         *
         * @param recordId the input record's id
         * @param data the new bytes
         * @param partitionKeys values for {@code !{partitionKeyFromLambda:<name>}}, by name
         * @return the outcome
         */
        public static OutputRecord ok(String recordId, byte[] data, Map<String, String> partitionKeys) {
            return new OutputRecord(recordId, Result.Ok, data, new Metadata(partitionKeys));
        }

        /**
         * A record dropped on purpose.
         *
         * @param recordId the input record's id
         * @return the outcome
         */
        public static OutputRecord dropped(String recordId) {
            return new OutputRecord(recordId, Result.Dropped, null, null);
        }

        /**
         * A record the function could not transform.
         *
         * @param recordId the input record's id
         * @return the outcome
         */
        public static OutputRecord failed(String recordId) {
            return new OutputRecord(recordId, Result.ProcessingFailed, null, null);
        }
    }

    /** The metadata of an output record. */
    record Metadata(@JsonProperty("partitionKeys") Map<String, String> partitionKeys) {
    }
}
