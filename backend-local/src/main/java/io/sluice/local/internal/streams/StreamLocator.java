package io.sluice.local.internal.streams;

import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;

/**
 * Finds the stream a request names by StreamName or StreamARN, and words "not found" and "not ACTIVE" as AWS
 * does. Thread-safe.
 */
public final class StreamLocator {

    private final StreamRegistry registry;

    public StreamLocator(StreamRegistry registry) {
        this.registry = registry;
    }

    public StreamRegistry registry() {
        return registry;
    }

    /** The named stream in any status, or ResourceNotFoundException. */
    public Stream require(RequestContext ctx, String streamName, String streamArn) {
        String region = ctx.region();
        String name = streamName;
        if (streamArn != null) {
            StreamArns.Parsed arn = StreamArns.parse(streamArn);
            if (arn == null || !arn.accountId().equals(ctx.accountId())) {
                throw ApiException.resourceNotFound("Stream " + streamArn + " not found.");
            }
            if (streamName != null && !streamName.equals(arn.streamName())) {
                throw ApiException.invalidArgument(
                        "StreamARN " + streamArn + " and StreamName " + streamName + " name different streams.");
            }
            region = arn.region();
            name = arn.streamName();
        }
        if (name == null) {
            throw ApiException.invalidArgument("Either StreamName or StreamARN must be provided.");
        }
        Stream stream = registry.find(region, name, ctx.now().toEpochMilli());
        if (stream == null) {
            throw ApiException.resourceNotFound(notFound(name, ctx));
        }
        return stream;
    }

    /** The named stream if it takes and serves records now (ACTIVE or UPDATING), else ResourceNotFoundException. */
    public Stream requireServing(RequestContext ctx, String streamName, String streamArn) {
        Stream stream = require(ctx, streamName, streamArn);
        if (!stream.status(ctx.now().toEpochMilli()).servesRecords()) {
            throw ApiException.resourceNotFound(notFound(stream.name(), ctx));
        }
        return stream;
    }

    /** The named stream if it is ACTIVE, else ResourceInUseException naming its status. */
    public Stream requireActive(RequestContext ctx, String streamName, String streamArn) {
        Stream stream = require(ctx, streamName, streamArn);
        StreamStatus status = stream.status(ctx.now().toEpochMilli());
        if (status != StreamStatus.ACTIVE) {
            throw notActive(stream, status, ctx);
        }
        return stream;
    }

    public static ApiException notActive(Stream stream, StreamStatus status, RequestContext ctx) {
        return ApiException.resourceInUse("Stream " + stream.name() + " under account " + ctx.accountId()
                + " not ACTIVE, instead in state " + status);
    }

    public static String notFound(String name, RequestContext ctx) {
        return "Stream " + name + " under account " + ctx.accountId() + " not found.";
    }
}
