package io.sluice.local.internal.streams;

import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.zip.CRC32;

/**
 * NextTokens of ListStreams and ListShards: where the next page starts, what the listing was filtered by, and
 * when the token was issued. Like AWS's, they expire after {@value #LIFETIME_MILLIS} ms. Stateless.
 */
public final class PageTokens {

    /** How long a NextToken may be used. */
    public static final long LIFETIME_MILLIS = 300_000;
    private static final byte STREAMS = 1;
    private static final byte SHARDS = 2;
    private static final byte CONSUMERS = 3;

    /** Where a ListShards listing goes on. */
    public record ShardsPage(String region, String streamName, long streamCreatedAtMillis, int afterShardIndex,
            String filterType, String filterShardId, Long filterTimestampMillis) {
    }

    /** A NextToken that continues a ListStreams listing after {@code lastName}. */
    public String streamsToken(String lastName, RequestContext ctx) {
        return seal(out -> {
            out.writeByte(STREAMS);
            out.writeUTF(ctx.region());
            out.writeUTF(lastName);
        }, ctx);
    }

    /** The stream name a ListStreams token continues after. */
    public String openStreamsToken(String token, RequestContext ctx) {
        DataInputStream in = open(token, STREAMS, ctx);
        try {
            String region = in.readUTF();
            String lastName = in.readUTF();
            if (!region.equals(ctx.region())) {
                throw invalid();
            }
            return lastName;
        } catch (IOException e) {
            throw invalid();
        }
    }

    /** A NextToken that continues a ListStreamConsumers listing of a stream after {@code lastConsumer}. */
    public String consumersToken(String streamArn, long streamCreatedAtMillis, String lastConsumer,
            RequestContext ctx) {
        return seal(out -> {
            out.writeByte(CONSUMERS);
            out.writeUTF(streamArn);
            out.writeLong(streamCreatedAtMillis);
            out.writeUTF(lastConsumer);
        }, ctx);
    }

    /**
     * The consumer name a ListStreamConsumers token continues after; the token must have been issued for the same
     * stream (and the same incarnation of it).
     */
    public String openConsumersToken(String token, String streamArn, long streamCreatedAtMillis, RequestContext ctx) {
        DataInputStream in = open(token, CONSUMERS, ctx);
        try {
            String arn = in.readUTF();
            long createdAt = in.readLong();
            String lastConsumer = in.readUTF();
            if (!arn.equals(streamArn) || createdAt != streamCreatedAtMillis) {
                throw invalid();
            }
            return lastConsumer;
        } catch (IOException e) {
            throw invalid();
        }
    }

    public String shardsToken(ShardsPage page, RequestContext ctx) {
        return seal(out -> {
            out.writeByte(SHARDS);
            out.writeUTF(page.region());
            out.writeUTF(page.streamName());
            out.writeLong(page.streamCreatedAtMillis());
            out.writeInt(page.afterShardIndex());
            out.writeUTF(page.filterType() == null ? "" : page.filterType());
            out.writeUTF(page.filterShardId() == null ? "" : page.filterShardId());
            out.writeLong(page.filterTimestampMillis() == null ? Long.MIN_VALUE : page.filterTimestampMillis());
        }, ctx);
    }

    public ShardsPage openShardsToken(String token, RequestContext ctx) {
        DataInputStream in = open(token, SHARDS, ctx);
        try {
            String region = in.readUTF();
            String name = in.readUTF();
            long createdAt = in.readLong();
            int after = in.readInt();
            String type = in.readUTF();
            String shardId = in.readUTF();
            long timestamp = in.readLong();
            return new ShardsPage(region, name, createdAt, after, type.isEmpty() ? null : type,
                    shardId.isEmpty() ? null : shardId, timestamp == Long.MIN_VALUE ? null : timestamp);
        } catch (IOException e) {
            throw invalid();
        }
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static String seal(Body body, RequestContext ctx) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeLong(ctx.now().toEpochMilli());
            body.write(out);
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
            return Base64.getEncoder().encodeToString(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DataInputStream open(String token, byte kind, RequestContext ctx) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (bytes.length < 13) {
            throw invalid();
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ((bytes[bytes.length - 4] & 0xFF) << 24) | ((bytes[bytes.length - 3] & 0xFF) << 16)
                | ((bytes[bytes.length - 2] & 0xFF) << 8) | (bytes[bytes.length - 1] & 0xFF);
        if (stored != (int) crc.getValue()) {
            throw invalid();
        }
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, 0, bytes.length - 4));
        try {
            long issuedAt = in.readLong();
            if (in.readByte() != kind) {
                throw invalid();
            }
            if (ctx.now().toEpochMilli() - issuedAt > LIFETIME_MILLIS) {
                throw new ApiException(ErrorCode.EXPIRED_NEXT_TOKEN, "The NextToken has expired: it was issued at "
                        + java.time.Instant.ofEpochMilli(issuedAt) + " and tokens are valid for "
                        + LIFETIME_MILLIS / 1000 + " seconds.");
            }
            return in;
        } catch (IOException e) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return ApiException.invalidArgument("Invalid NextToken.");
    }
}
