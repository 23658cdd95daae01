package io.sluice.local.internal.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The end of an HTTP/2 connection's pipeline: connection-level frames the multiplexer passes on (GOAWAY, SETTINGS
 * and PING acknowledgements) are released here. The frame codec has already acted on them (it answers PINGs and
 * SETTINGS itself), and a client that sent GOAWAY closes the connection when its streams are done. Stateless.
 */
@ChannelHandler.Sharable
final class Http2ConnectionFrames extends ChannelInboundHandlerAdapter {

    static final Http2ConnectionFrames INSTANCE = new Http2ConnectionFrames();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    /** A connection that fails (reset by the client, say) is closed; it concerns nobody else. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ConnectionErrors.closeQuietly(ctx, cause);
    }
}
