package io.sluice.local.internal.streams;

import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.ErrorCode;
import io.sluice.local.internal.protocol.Validator;
import io.sluice.local.internal.storage.ShardLog;
import io.sluice.local.internal.storage.ShardMetadata;
import io.sluice.local.internal.storage.StoredRecord;
import io.sluice.local.internal.streams.model.RecordActionsModel.GetRecordsRequest;
import io.sluice.local.internal.streams.model.GetRecordsResult;
import io.sluice.local.internal.streams.model.RecordActionsModel.GetShardIteratorRequest;
import io.sluice.local.internal.streams.model.RecordActionsModel.GetShardIteratorResponse;
import io.sluice.local.internal.streams.model.Shapes.ChildShard;
import io.sluice.local.internal.streams.model.Shapes.HashKeyRange;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * GetShardIterator and GetRecords: turn a starting point into a log position inside an iterator, and read from
 * it. Thread-safe.
 */
public final class RecordReader {

    /** How AWS prints times in ExpiredIteratorException (Java's Date.toString, in UTC). */
    private static final DateTimeFormatter EXPIRY_TIME =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss 'UTC' yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final StreamLocator locator;
    private final ThroughputLimits limits;

    public RecordReader(StreamLocator locator, ThroughputLimits limits) {
        this.locator = locator;
        this.limits = limits;
    }

    public GetShardIteratorResponse getShardIterator(RequestContext ctx, GetShardIteratorRequest in) {
        Validator v = KinesisRules.shardId(new Validator(), "shardId", in.shardId(), true)
                .enumeration("shardIteratorType", in.shardIteratorType(), true, KinesisRules.ITERATOR_TYPES)
                .pattern("startingSequenceNumber", in.startingSequenceNumber(), false, KinesisRules.SEQUENCE_NUMBER);
        KinesisRules.streamNameAndArn(v, in.streamName(), in.streamArn()).throwIfInvalid();

        int shardIndex = ShardIds.parse(in.shardId());
        Stream stream = locator.require(ctx, in.streamName(), in.streamArn());
        if (shardIndex < 0) {
            throw ApiException.resourceNotFound("Could not find shard " + in.shardId() + " in stream "
                    + stream.name() + " under account " + ctx.accountId() + ".");
        }
        long now = ctx.now().toEpochMilli();
        ShardMetadata shard = stream.shard(shardIndex);
        if (shard == null || !stream.status(now).servesRecords()) {
            throw shardNotFound(stream.name(), shardIndex, ctx);
        }
        String type = in.shardIteratorType();
        boolean bySequence = type.equals("AT_SEQUENCE_NUMBER") || type.equals("AFTER_SEQUENCE_NUMBER");
        if (bySequence != (in.startingSequenceNumber() != null)) {
            throw ApiException.invalidArgument("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER "
                    + "and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. "
                    + "Request specified " + type + (bySequence ? " and no StartingSequenceNumber."
                    : " and also a StartingSequenceNumber."));
        }
        long position = startPosition(ctx, stream, shardIndex, type, in.startingSequenceNumber(), in.timestamp());
        return new GetShardIteratorResponse(ShardIterators.encode(new ShardIterators.Position(
                stream.metadata().region(), stream.name(), stream.metadata().createdAtMillis(), shardIndex,
                position, now)));
    }

    /**
     * The log position a reader starting at {@code type} begins at (GetShardIterator and SubscribeToShard share
     * it); the starting sequence number or timestamp must already be checked present for the types that need one.
     */
    static long startPosition(RequestContext ctx, Stream stream, int shardIndex, String type, String sequenceNumber,
            Instant timestamp) {
        stream.enforceRetention(shardIndex, ctx.now().toEpochMilli());
        ShardLog log = stream.log(shardIndex);
        return switch (type) {
            case "TRIM_HORIZON" -> log.startPosition();
            case "LATEST" -> log.endPosition();
            case "AT_TIMESTAMP" -> positionAtTimestamp(log, timestamp, ctx);
            default -> positionOfSequenceNumber(stream, shardIndex, sequenceNumber,
                    type.equals("AFTER_SEQUENCE_NUMBER"), ctx);
        };
    }

    /** How far a reader whose next record is at {@code next} is behind the tip: 0 when it has read everything. */
    static long millisBehindLatest(ShardLog log, long next, long nowMillis) {
        long nextArrival = next < log.endPosition() ? log.arrivalMillisAt(next) : -1;
        return nextArrival < 0 ? 0 : Math.max(0, nowMillis - nextArrival);
    }

    /** The children of a closed shard, as GetRecords and SubscribeToShard name them at its end. */
    static List<ChildShard> childShards(Stream stream, int parentIndex) {
        String parentId = ShardIds.format(parentIndex);
        List<ChildShard> children = new ArrayList<>();
        for (ShardMetadata shard : stream.metadata().shards()) {
            if (parentId.equals(shard.parentShardId()) || parentId.equals(shard.adjacentParentShardId())) {
                List<String> parents = new ArrayList<>();
                parents.add(shard.parentShardId());
                if (shard.adjacentParentShardId() != null) {
                    parents.add(shard.adjacentParentShardId());
                }
                children.add(new ChildShard(ShardIds.format(shard.index()), parents,
                        new HashKeyRange(shard.startingHashKey(), shard.endingHashKey())));
            }
        }
        return children;
    }

    private static long positionAtTimestamp(ShardLog log, Instant timestamp, RequestContext ctx) {
        if (timestamp == null) {
            throw ApiException.invalidArgument("Must specify timestampInMillis parameter for iterator of type "
                    + "AT_TIMESTAMP. Current request has no timestamp parameter.");
        }
        long now = ctx.now().toEpochMilli();
        if (timestamp.toEpochMilli() > now) {
            throw ApiException.invalidArgument("The timestampInMillis parameter cannot be greater than the "
                    + "currentTimestampInMillis. timestampInMillis: " + timestamp.toEpochMilli()
                    + ", currentTimestampInMillis: " + now);
        }
        return log.positionAtOrAfter(timestamp.toEpochMilli());
    }

    private static long positionOfSequenceNumber(Stream stream, int shardIndex, String sequenceNumber,
            boolean after, RequestContext ctx) {
        SequenceNumbers.Parsed parsed = SequenceNumbers.parse(sequenceNumber);
        String usedOn = " used in GetShardIterator on shard " + ShardIds.format(shardIndex) + " in stream "
                + stream.name() + " under account " + ctx.accountId() + " is invalid";
        if (parsed == null) {
            throw ApiException.invalidArgument("StartingSequenceNumber " + sequenceNumber + usedOn + ".");
        }
        if (parsed.shardIndex() != shardIndex) {
            String encoded = parsed.shardIndex() <= Integer.MAX_VALUE ? ShardIds.format((int) parsed.shardIndex())
                    : "shardId-" + parsed.shardIndex();
            throw ApiException.invalidArgument("Invalid StartingSequenceNumber. It encodes " + encoded
                    + ", while it was used in a call to a shard with " + ShardIds.format(shardIndex));
        }
        ShardLog log = stream.log(shardIndex);
        if (parsed.incarnation() != stream.incarnation() || parsed.position() >= log.endPosition()) {
            throw ApiException.invalidArgument("StartingSequenceNumber " + sequenceNumber + usedOn
                    + " because it did not come from this stream.");
        }
        long position = after ? parsed.position() + 1 : parsed.position();
        return Math.max(position, log.startPosition());
    }

    public GetRecordsResult getRecords(RequestContext ctx, GetRecordsRequest in) {
        new Validator()
                .integer("limit", in.limit(), false, 1, KinesisRules.MAX_GET_RECORDS)
                .string("shardIterator", in.shardIterator(), true, 1, 512, null)
                .string("streamARN", in.streamArn(), false, 1, KinesisRules.MAX_ARN_LENGTH, KinesisRules.STREAM_ARN)
                .throwIfInvalid();
        ShardIterators.Position iterator = ShardIterators.decode(in.shardIterator());
        if (iterator == null) {
            throw ApiException.invalidArgument("Invalid ShardIterator.");
        }
        long now = ctx.now().toEpochMilli();
        if (now - iterator.issuedAtMillis() > ShardIterators.LIFETIME_MILLIS) {
            throw new ApiException(ErrorCode.EXPIRED_ITERATOR, "Iterator expired. The iterator was created at time "
                    + EXPIRY_TIME.format(Instant.ofEpochMilli(iterator.issuedAtMillis())) + " while right now it is "
                    + EXPIRY_TIME.format(ctx.now()) + " which is further in the future than the tolerated delay of "
                    + ShardIterators.LIFETIME_MILLIS + " milliseconds.");
        }
        Stream stream = locator.registry().find(iterator.region(), iterator.streamName(), now);
        if (stream == null || stream.metadata().createdAtMillis() != iterator.streamCreatedAtMillis()
                || stream.shard(iterator.shardIndex()) == null || !stream.status(now).servesRecords()) {
            throw shardNotFound(iterator.streamName(), iterator.shardIndex(), ctx);
        }
        if (in.streamArn() != null && !in.streamArn().equals(stream.arn())) {
            throw ApiException.invalidArgument("StreamARN " + in.streamArn()
                    + " does not name the stream of the shard iterator.");
        }
        int shardIndex = iterator.shardIndex();
        stream.enforceRetention(shardIndex, now);
        ShardLog log = stream.log(shardIndex);
        int limit = in.limit() == null ? KinesisRules.MAX_GET_RECORDS : in.limit();
        ShardThrottle throttle = limits.of(stream, shardIndex);
        if (throttle != null && !throttle.tryRead(now)) {
            throw ThroughputLimits.readExceeded(stream, shardIndex, ctx);
        }
        List<StoredRecord> stored = log.read(iterator.position(), limit, KinesisRules.MAX_GET_RECORDS_BYTES);
        if (throttle != null) {
            long bytes = 0;
            for (StoredRecord record : stored) {
                bytes += record.data().length;
            }
            throttle.chargeRead(bytes);
        }
        String encryption = "NONE".equals(stream.metadata().encryptionType()) ? null
                : stream.metadata().encryptionType();
        long next = stored.isEmpty() ? Math.max(iterator.position(), log.startPosition())
                : stored.get(stored.size() - 1).position() + 1;
        long behind = millisBehindLatest(log, next, now);
        ShardMetadata shard = stream.shard(shardIndex);
        if (!shard.isOpen() && next >= stream.readableEnd(shard)) {
            return new GetRecordsResult(stream, shardIndex, stored, encryption, null, behind,
                    childShards(stream, shardIndex));
        }
        String nextIterator = ShardIterators.encode(new ShardIterators.Position(iterator.region(),
                iterator.streamName(), iterator.streamCreatedAtMillis(), shardIndex, next, now));
        return new GetRecordsResult(stream, shardIndex, stored, encryption, nextIterator, behind, null);
    }

    static ApiException shardNotFound(String streamName, int shardIndex, RequestContext ctx) {
        return ApiException.resourceNotFound("Shard " + ShardIds.format(shardIndex) + " in stream " + streamName
                + " under account " + ctx.accountId() + " does not exist");
    }
}
