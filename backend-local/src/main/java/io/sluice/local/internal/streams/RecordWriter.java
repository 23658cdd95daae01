package io.sluice.local.internal.streams;

import io.sluice.aggregation.HashKey;
import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.ErrorCode;
import io.sluice.local.internal.protocol.Unicode;
import io.sluice.local.internal.protocol.Validator;
import io.sluice.local.internal.storage.AppendRecord;
import io.sluice.local.internal.streams.model.RecordActionsModel.PutRecordRequest;
import io.sluice.local.internal.streams.model.RecordActionsModel.PutRecordResponse;
import io.sluice.local.internal.streams.model.RecordActionsModel.PutRecordsRequest;
import io.sluice.local.internal.streams.model.RecordActionsModel.PutRecordsRequestEntry;
import io.sluice.local.internal.streams.model.PutRecordsResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PutRecord and PutRecords: route each record by its hash key to an open shard and append it to that shard's log.
 * A record's sequence number is returned only after its append returned, so an acknowledged record is stored.
 * Records of one request for one shard are appended together, in request order. Thread-safe.
 */
public final class RecordWriter {

    private static final Logger log = LoggerFactory.getLogger(RecordWriter.class);
    private static final String PUT_RECORDS_ENTRY = "com.amazonaws.kinesis.v20131202.PutRecordsRequestEntry";

    private static final String THROTTLED = "ProvisionedThroughputExceededException";

    private final StreamLocator locator;
    private final ThroughputLimits limits;

    public RecordWriter(StreamLocator locator, ThroughputLimits limits) {
        this.locator = locator;
        this.limits = limits;
    }

    public PutRecordResponse putRecord(RequestContext ctx, PutRecordRequest in) {
        Validator v = new Validator()
                .pattern("sequenceNumberForOrdering", in.sequenceNumberForOrdering(), false,
                        KinesisRules.SEQUENCE_NUMBER)
                .string("partitionKey", in.partitionKey(), true, 1, KinesisRules.MAX_PARTITION_KEY_LENGTH, null)
                .pattern("explicitHashKey", in.explicitHashKey(), false, KinesisRules.HASH_KEY)
                .blob("data", in.data(), true, 0, KinesisRules.MAX_DATA_BYTES);
        KinesisRules.streamNameAndArn(v, in.streamName(), in.streamArn()).throwIfInvalid();

        Stream stream = locator.requireServing(ctx, in.streamName(), in.streamArn());
        if (in.sequenceNumberForOrdering() != null && SequenceNumbers.parse(in.sequenceNumberForOrdering()) == null) {
            throw ApiException.invalidArgument("ExclusiveMinimumSequenceNumber " + in.sequenceNumberForOrdering()
                    + " used in PutRecord on stream " + stream.name() + " under account " + ctx.accountId()
                    + " is invalid.");
        }
        checkUnicode(in.partitionKey(), 1);
        byte[] keyUtf8 = in.partitionKey().getBytes(StandardCharsets.UTF_8);
        HashKey key = hashKey(keyUtf8, in.explicitHashKey());
        checkRecordSize(stream, keyUtf8, in.data(), ctx);
        int shard;
        long position;
        stream.appendLock().lock();
        try {
            shard = route(stream, key, ctx);
            ShardThrottle throttle = limits.of(stream, shard);
            if (throttle != null && !throttle.tryWrite(keyUtf8.length + (long) in.data().length,
                    ctx.now().toEpochMilli())) {
                throw new ApiException(ErrorCode.PROVISIONED_THROUGHPUT_EXCEEDED,
                        ThroughputLimits.writeExceeded(stream, shard, ctx));
            }
            position = stream.log(shard).append(List.of(new AppendRecord(in.partitionKey(), keyUtf8, in.data())),
                    ctx.now().toEpochMilli());
        } finally {
            stream.appendLock().unlock();
        }
        stream.signal(shard);
        return new PutRecordResponse(stream.shardId(shard), stream.sequenceNumber(shard, position),
                stream.metadata().encryptionType());
    }

    public PutRecordsResult putRecords(RequestContext ctx, PutRecordsRequest in) {
        List<PutRecordsRequestEntry> records = in.records();
        Validator v = new Validator().list("records", records, true, 1, KinesisRules.MAX_PUT_RECORDS,
                PUT_RECORDS_ENTRY);
        if (records != null) {
            for (int i = 0; i < records.size(); i++) {
                PutRecordsRequestEntry entry = records.get(i);
                if (entry == null || plainlyValid(entry)) {
                    continue;
                }
                String path = "records." + (i + 1) + ".member.";
                v.string(path + "partitionKey", entry.partitionKey(), true, 1,
                                KinesisRules.MAX_PARTITION_KEY_LENGTH, null)
                        .pattern(path + "explicitHashKey", entry.explicitHashKey(), false, KinesisRules.HASH_KEY)
                        .blob(path + "data", entry.data(), true, 0, KinesisRules.MAX_DATA_BYTES);
            }
        }
        KinesisRules.streamNameAndArn(v, in.streamName(), in.streamArn()).throwIfInvalid();

        Stream stream = locator.requireServing(ctx, in.streamName(), in.streamArn());
        int count = records.size();
        HashKey[] keys = new HashKey[count];
        AppendRecord[] appends = new AppendRecord[count];
        long totalBytes = 0;
        for (int i = 0; i < count; i++) {
            PutRecordsRequestEntry entry = records.get(i);
            if (entry == null) {
                throw ApiException.serialization("Records member " + (i + 1) + " is null");
            }
            checkUnicode(entry.partitionKey(), i + 1);
            byte[] keyUtf8 = entry.partitionKey().getBytes(StandardCharsets.UTF_8);
            totalBytes += entry.data().length + keyUtf8.length;
            checkRecordSize(stream, keyUtf8, entry.data(), ctx);
            keys[i] = hashKey(keyUtf8, entry.explicitHashKey());
            appends[i] = new AppendRecord(entry.partitionKey(), keyUtf8, entry.data());
        }
        if (totalBytes > KinesisRules.MAX_PUT_RECORDS_BYTES) {
            throw ApiException.invalidArgument("Records size exceeds 5 MB limit");
        }
        int[] shards = new int[count];
        long[] positions = new long[count];
        String[] errorCodes;
        stream.appendLock().lock();
        try {
            long now = ctx.now().toEpochMilli();
            String[] throttled = null;
            for (int i = 0; i < count; i++) {
                shards[i] = route(stream, keys[i], ctx);
                ShardThrottle throttle = limits.of(stream, shards[i]);
                if (throttle != null && !throttle.tryWrite(appends[i].partitionKeyUtf8().length
                        + (long) appends[i].data().length, now)) {
                    if (throttled == null) {
                        throttled = new String[count];
                    }
                    throttled[i] = THROTTLED;
                }
            }
            errorCodes = appendByShard(stream, appends, shards, throttled, now, positions);
        } finally {
            stream.appendLock().unlock();
        }
        String[] errorMessages = null;
        if (errorCodes != null) {
            errorMessages = new String[count];
            for (int i = 0; i < count; i++) {
                if (THROTTLED.equals(errorCodes[i])) {
                    errorMessages[i] = ThroughputLimits.writeExceeded(stream, shards[i], ctx);
                } else if (errorCodes[i] != null) {
                    errorMessages[i] = "Internal service failure.";
                }
            }
        }
        return new PutRecordsResult(stream, shards, positions, errorCodes, errorMessages,
                stream.metadata().encryptionType());
    }

    /**
     * Whether an entry passes every model check, decided without building the member paths a failure message
     * needs; entries that do not pass go through the {@link Validator} for AWS's wording.
     */
    private static boolean plainlyValid(PutRecordsRequestEntry entry) {
        String key = entry.partitionKey();
        return key != null && !key.isEmpty() && key.length() <= KinesisRules.MAX_PARTITION_KEY_LENGTH
                && entry.data() != null && entry.data().length <= KinesisRules.MAX_DATA_BYTES
                && (entry.explicitHashKey() == null || KinesisRules.HASH_KEY.matcher(entry.explicitHashKey()).matches());
    }

    /**
     * Appends each shard's records as one batch, keeping request order within a shard, and fills in their
     * positions. A shard whose append fails fails only its own records, with {@code InternalFailure}, as AWS reports
     * failures per record: the other shards' records are stored and acknowledged. Records already refused (by
     * their shard's throughput limit) are skipped. Returns the per-record error codes, or {@code null} when every
     * record was stored.
     */
    private static String[] appendByShard(Stream stream, AppendRecord[] records, int[] shards, String[] refused,
            long nowMillis, long[] positions) {
        int count = records.length;
        String[] errorCodes = refused;
        // Group request indexes by shard with a counting sort over the (few) distinct shards, keeping order.
        int[] distinct = distinctInOrder(shards);
        int[] order = new int[count];
        int[] groupStart = new int[distinct.length + 1];
        int filled = 0;
        for (int g = 0; g < distinct.length; g++) {
            groupStart[g] = filled;
            for (int i = 0; i < count; i++) {
                if (shards[i] == distinct[g] && (refused == null || refused[i] == null)) {
                    order[filled++] = i;
                }
            }
        }
        groupStart[distinct.length] = filled;
        for (int g = 0; g < distinct.length; g++) {
            int from = groupStart[g];
            int to = groupStart[g + 1];
            if (from == to) {
                continue;
            }
            List<AppendRecord> batch = new ArrayList<>(to - from);
            for (int k = from; k < to; k++) {
                batch.add(records[order[k]]);
            }
            try {
                long first = stream.log(distinct[g]).append(batch, nowMillis);
                for (int k = from; k < to; k++) {
                    positions[order[k]] = first + (k - from);
                }
                stream.signal(distinct[g]);
            } catch (RuntimeException e) {
                log.warn("Could not store {} records on {} of stream {}", to - from, stream.shardId(distinct[g]),
                        stream.name(), e);
                if (errorCodes == null) {
                    errorCodes = new String[count];
                }
                for (int k = from; k < to; k++) {
                    errorCodes[order[k]] = "InternalFailure";
                }
            }
        }
        return errorCodes;
    }

    /** The distinct values of {@code values} in first-seen order; a stream has few open shards. */
    private static int[] distinctInOrder(int[] values) {
        int[] distinct = new int[8];
        int found = 0;
        outer:
        for (int value : values) {
            for (int i = 0; i < found; i++) {
                if (distinct[i] == value) {
                    continue outer;
                }
            }
            if (found == distinct.length) {
                distinct = Arrays.copyOf(distinct, found * 2);
            }
            distinct[found++] = value;
        }
        return Arrays.copyOf(distinct, found);
    }

    /**
     * Refuses a partition key that is not Unicode text (an unpaired surrogate, which a JSON escape can carry): it
     * could be neither hashed as AWS hashes it nor returned to readers.
     */
    private static void checkUnicode(String partitionKey, int member) {
        if (!Unicode.wellFormed(partitionKey)) {
            throw ApiException.serialization("PartitionKey of record " + member + " is not valid Unicode: it has an "
                    + "unpaired surrogate.");
        }
    }

    private static HashKey hashKey(byte[] partitionKeyUtf8, String explicitHashKey) {
        if (explicitHashKey == null) {
            return HashKey.ofPartitionKeyUtf8(partitionKeyUtf8);
        }
        try {
            return HashKey.parseDecimal(explicitHashKey);
        } catch (NumberFormatException e) {
            throw ApiException.invalidArgument("Invalid ExplicitHashKey. ExplicitHashKey must be in the range: "
                    + "[0, 2^128-1]. Specified value was " + explicitHashKey);
        }
    }

    private static void checkRecordSize(Stream stream, byte[] partitionKeyUtf8, byte[] data, RequestContext ctx) {
        long size = (long) data.length + partitionKeyUtf8.length;
        int max = stream.metadata().maxRecordBytes();
        if (size > max) {
            throw ApiException.invalidArgument("Record size (data plus partition key) of " + size + " bytes exceeds"
                    + " the maximum record size of " + max + " bytes of stream " + stream.name() + " under account "
                    + ctx.accountId() + ".");
        }
    }

    private static int route(Stream stream, HashKey key, RequestContext ctx) {
        int shard = stream.route(key);
        if (shard < 0) {
            throw ApiException.resourceNotFound(StreamLocator.notFound(stream.name(), ctx));
        }
        return shard;
    }
}
