package io.sluice.local.internal.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Looks at a connection's first bytes and sets up HTTP/2 (when they are the client preface, as the SDK v2 async
 * client sends with prior knowledge) or HTTP/1.1 (anything else), then leaves the pipeline.
 *
 * <p>One instance per connection; runs on the connection's event loop.
 */
final class ProtocolSniffer extends ByteToMessageDecoder {

    static final byte[] HTTP2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final PipelineConfigurer configurer;

    ProtocolSniffer(PipelineConfigurer configurer) {
        this.configurer = configurer;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int available = Math.min(in.readableBytes(), HTTP2_PREFACE.length);
        for (int i = 0; i < available; i++) {
            if (in.getByte(in.readerIndex() + i) != HTTP2_PREFACE[i]) {
                configurer.configureHttp1(ctx.pipeline());
                ctx.pipeline().remove(this);
                return;
            }
        }
        if (available == HTTP2_PREFACE.length) {
            configurer.configureHttp2(ctx.pipeline());
            ctx.pipeline().remove(this);
        }
        // Otherwise every byte so far matches the preface: wait for more.
    }

    /** A connection that fails (reset by the client, say) is closed; it concerns nobody else. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ConnectionErrors.closeQuietly(ctx, cause);
    }
}
