package io.sluice.local.internal.server;

import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the server does with a connection whose I/O fails: logs it at debug level and closes it. Stateless. */
final class ConnectionErrors {

    private static final Logger log = LoggerFactory.getLogger(ConnectionErrors.class);

    private ConnectionErrors() {
    }

    static void closeQuietly(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("Closing connection {} after an error", ctx.channel(), cause);
        ctx.close();
    }
}
