package io.sluice.local.internal.streams;

import io.sluice.local.internal.protocol.Validator;
import java.util.List;
import java.util.regex.Pattern;

/** The Kinesis API model's patterns and limits, and the member checks many actions share. Stateless. */
public final class KinesisRules {

    public static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
    public static final Pattern STREAM_ARN = Pattern.compile("arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+");
    public static final Pattern RESOURCE_ARN = Pattern.compile("arn:aws.*:kinesis:.*:\\d{12}:.*stream/\\S+");
    public static final Pattern HASH_KEY = Pattern.compile("0|([1-9]\\d{0,38})");
    public static final Pattern SEQUENCE_NUMBER = Pattern.compile("0|([1-9]\\d{0,128})");

    public static final int MAX_NAME_LENGTH = 128;
    public static final int MAX_ARN_LENGTH = 2048;
    public static final int MAX_PARTITION_KEY_LENGTH = 256;
    /** The model's cap on one record's data; a stream's own record size limit is lower by default. */
    public static final int MAX_DATA_BYTES = 10 * 1024 * 1024;
    public static final int MAX_PUT_RECORDS = 500;
    /** The cap on a whole PutRecords request: data plus partition keys. */
    public static final long MAX_PUT_RECORDS_BYTES = 5L * 1024 * 1024;
    public static final int MAX_GET_RECORDS = 10_000;
    /** The cap on the data one GetRecords call returns. */
    public static final long MAX_GET_RECORDS_BYTES = 10L * 1024 * 1024;
    public static final int MIN_RETENTION_HOURS = 24;
    public static final int MAX_RETENTION_HOURS = 8760;
    public static final int DEFAULT_RETENTION_HOURS = 24;
    /** Shards an ON_DEMAND stream starts with. */
    public static final int ON_DEMAND_INITIAL_SHARDS = 4;

    public static final List<String> STREAM_MODES = List.of("PROVISIONED", "ON_DEMAND");
    public static final List<String> RECORD_DISTRIBUTION_STRATEGIES = List.of("AUTO", "USER_PARTITION_KEY");
    /** Why AUTO record distribution is refused on a provisioned stream. */
    public static final String AUTO_NEEDS_ON_DEMAND = "RecordDistributionStrategy AUTO is only supported for streams "
            + "in ON_DEMAND capacity mode.";
    /** In the order AWS prints the set in its validation message. */
    public static final List<String> ITERATOR_TYPES =
            List.of("AFTER_SEQUENCE_NUMBER", "LATEST", "AT_TIMESTAMP", "AT_SEQUENCE_NUMBER", "TRIM_HORIZON");
    public static final List<String> SHARD_FILTER_TYPES = List.of("AFTER_SHARD_ID", "AT_TRIM_HORIZON",
            "FROM_TRIM_HORIZON", "AT_LATEST", "AT_TIMESTAMP", "FROM_TIMESTAMP");

    private KinesisRules() {
    }

    /** Checks the optional StreamName and StreamARN members that name the stream of most actions. */
    public static Validator streamNameAndArn(Validator v, String streamName, String streamArn) {
        return v.string("streamName", streamName, false, 1, MAX_NAME_LENGTH, NAME)
                .string("streamARN", streamArn, false, 1, MAX_ARN_LENGTH, STREAM_ARN);
    }

    public static Validator shardId(Validator v, String path, String shardId, boolean required) {
        return v.string(path, shardId, required, 1, MAX_NAME_LENGTH, NAME);
    }
}
