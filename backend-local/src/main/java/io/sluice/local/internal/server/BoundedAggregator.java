package io.sluice.local.internal.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.sluice.local.internal.protocol.ApiCodec;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.ErrorCode;
import io.sluice.local.internal.protocol.WireFormat;

/**
 * Aggregates a request body up to a limit and answers a larger one with 413 and the AWS error envelope (the stock
 * aggregator answers with an empty body the SDKs cannot explain). One instance per channel.
 */
final class BoundedAggregator extends HttpObjectAggregator {

    private final ApiCodec codec;

    BoundedAggregator(int maxBodyBytes, ApiCodec codec) {
        super(maxBodyBytes);
        this.codec = codec;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        WireFormat format = WireFormat.ofContentType(oversized.headers().get(HttpHeaderNames.CONTENT_TYPE));
        String length = oversized.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        String message = "Request body " + (length == null ? "" : "of " + length + " bytes ")
                + "exceeds the limit of " + maxContentLength() + " bytes";
        var response = Responses.error(codec, format == null ? WireFormat.JSON : format,
                new ApiException(ErrorCode.REQUEST_ENTITY_TOO_LARGE, message), RequestIds.next());
        if (HttpUtil.isKeepAlive(oversized)) {
            // The aggregator skips the rest of this body, so the connection (or HTTP/2 stream) stays usable and the
            // client, which may still be sending, gets to read the answer.
            HttpUtil.setKeepAlive(response, true);
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
