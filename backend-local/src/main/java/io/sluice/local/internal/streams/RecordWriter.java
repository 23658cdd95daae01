package io.sluice.local.internal.streams;

import io.sluice.aggregation.HashKey;
import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.Validator;
import io.sluice.local.internal.storage.AppendRecord;
import io.sluice.local.internal.streams.model.RecordActionsModel.PutRecordRequest;
import io.sluice.local.internal.streams.model.RecordActionsModel.PutRecordResponse;
import io.sluice.local.internal.streams.model.RecordActionsModel.PutRecordsRequest;
import io.sluice.local.internal.streams.model.RecordActionsModel.PutRecordsRequestEntry;
import io.sluice.local.internal.streams.model.RecordActionsModel.PutRecordsResponse;
import io.sluice.local.internal.streams.model.RecordActionsModel.PutRecordsResultEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * PutRecord and PutRecords: route each record by its hash key to an open shard and append it to that shard's log.
 * A record's sequence number is returned only after its append returned, so an acknowledged record is stored.
 * Records of one request for one shard are appended together, in request order. Thread-safe.
 */
public final class RecordWriter {

    private static final String PUT_RECORDS_ENTRY = "com.amazonaws.kinesis.v20131202.PutRecordsRequestEntry";

    private final StreamLocator locator;

    public RecordWriter(StreamLocator locator) {
        this.locator = locator;
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
        HashKey key = hashKey(in.partitionKey(), in.explicitHashKey());
        checkRecordSize(stream, in.partitionKey(), in.data(), ctx);
        int shard = route(stream, key, ctx);
        long position = stream.log(shard).append(List.of(new AppendRecord(in.partitionKey(), in.data())),
                ctx.now().toEpochMilli());
        return new PutRecordResponse(ShardIds.format(shard), stream.sequenceNumber(shard, position),
                stream.metadata().encryptionType());
    }

    public PutRecordsResponse putRecords(RequestContext ctx, PutRecordsRequest in) {
        List<PutRecordsRequestEntry> records = in.records();
        Validator v = new Validator().list("records", records, true, 1, KinesisRules.MAX_PUT_RECORDS,
                PUT_RECORDS_ENTRY);
        if (records != null) {
            for (int i = 0; i < records.size(); i++) {
                PutRecordsRequestEntry entry = records.get(i);
                String path = "records." + (i + 1) + ".member.";
                if (entry == null) {
                    continue;
                }
                v.string(path + "partitionKey", entry.partitionKey(), true, 1,
                                KinesisRules.MAX_PARTITION_KEY_LENGTH, null)
                        .pattern(path + "explicitHashKey", entry.explicitHashKey(), false, KinesisRules.HASH_KEY)
                        .blob(path + "data", entry.data(), true, 0, KinesisRules.MAX_DATA_BYTES);
            }
        }
        KinesisRules.streamNameAndArn(v, in.streamName(), in.streamArn()).throwIfInvalid();

        Stream stream = locator.requireServing(ctx, in.streamName(), in.streamArn());
        int count = records.size();
        int[] shards = new int[count];
        long totalBytes = 0;
        for (int i = 0; i < count; i++) {
            PutRecordsRequestEntry entry = records.get(i);
            if (entry == null) {
                throw ApiException.serialization("Records member " + (i + 1) + " is null");
            }
            totalBytes += entry.data().length + utf8Length(entry.partitionKey());
            checkRecordSize(stream, entry.partitionKey(), entry.data(), ctx);
            shards[i] = route(stream, hashKey(entry.partitionKey(), entry.explicitHashKey()), ctx);
        }
        if (totalBytes > KinesisRules.MAX_PUT_RECORDS_BYTES) {
            throw ApiException.invalidArgument("Records size exceeds 5 MB limit");
        }
        String[] sequenceNumbers = appendByShard(stream, records, shards, ctx.now().toEpochMilli());
        List<PutRecordsResultEntry> results = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            results.add(new PutRecordsResultEntry(sequenceNumbers[i], ShardIds.format(shards[i]), null, null));
        }
        return new PutRecordsResponse(0, results, stream.metadata().encryptionType());
    }

    /** Appends each shard's records as one batch, keeping request order within a shard. */
    private static String[] appendByShard(Stream stream, List<PutRecordsRequestEntry> records, int[] shards,
            long nowMillis) {
        String[] sequenceNumbers = new String[records.size()];
        boolean[] done = new boolean[records.size()];
        for (int i = 0; i < records.size(); i++) {
            if (done[i]) {
                continue;
            }
            int shard = shards[i];
            List<AppendRecord> batch = new ArrayList<>();
            List<Integer> members = new ArrayList<>();
            for (int j = i; j < records.size(); j++) {
                if (!done[j] && shards[j] == shard) {
                    batch.add(new AppendRecord(records.get(j).partitionKey(), records.get(j).data()));
                    members.add(j);
                    done[j] = true;
                }
            }
            long first = stream.log(shard).append(batch, nowMillis);
            for (int k = 0; k < members.size(); k++) {
                sequenceNumbers[members.get(k)] = stream.sequenceNumber(shard, first + k);
            }
        }
        return sequenceNumbers;
    }

    private static HashKey hashKey(String partitionKey, String explicitHashKey) {
        if (explicitHashKey == null) {
            return HashKey.ofPartitionKey(partitionKey);
        }
        try {
            return HashKey.parseDecimal(explicitHashKey);
        } catch (NumberFormatException e) {
            throw ApiException.invalidArgument("Invalid ExplicitHashKey. ExplicitHashKey must be in the range: "
                    + "[0, 2^128-1]. Specified value was " + explicitHashKey);
        }
    }

    private static void checkRecordSize(Stream stream, String partitionKey, byte[] data, RequestContext ctx) {
        long size = (long) data.length + utf8Length(partitionKey);
        if (size > KinesisRules.DEFAULT_MAX_RECORD_BYTES) {
            throw ApiException.invalidArgument("Record size (data plus partition key) of " + size + " bytes exceeds"
                    + " the maximum record size of " + KinesisRules.DEFAULT_MAX_RECORD_BYTES + " bytes of stream "
                    + stream.name() + " under account " + ctx.accountId() + ".");
        }
    }

    private static int route(Stream stream, HashKey key, RequestContext ctx) {
        int shard = stream.route(key);
        if (shard < 0) {
            throw ApiException.resourceNotFound(StreamLocator.notFound(stream.name(), ctx));
        }
        return shard;
    }

    private static int utf8Length(String text) {
        int length = text.length();
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return text.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return length;
    }
}
