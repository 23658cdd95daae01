package io.sluice.local.internal.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.sluice.local.internal.api.EventSink;
import io.sluice.local.internal.protocol.ApiCodec;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.EventStreamFrames;
import io.sluice.local.internal.protocol.WireFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An event-stream response on one channel (an HTTP/2 stream, or an HTTP/1.1 connection with chunked encoding).
 * It sits at the end of the channel's pipeline while the response is open, to hear about writability (HTTP/2 flow
 * control) and about the client going away.
 *
 * <p>Thread-safety: state is touched only on the handler's executor; the public methods hop there when called
 * from elsewhere.
 */
final class NettyEventSink extends ChannelInboundHandlerAdapter implements EventSink {

    private static final Logger log = LoggerFactory.getLogger(NettyEventSink.class);
    static final String NAME = "event-stream";

    private final ApiCodec codec;
    private ChannelHandlerContext ctx;
    /** Guarded by running on the executor. */
    private boolean ended;
    private final List<Runnable> writableTasks = new ArrayList<>();
    private final List<Runnable> closeTasks = new ArrayList<>();

    NettyEventSink(ApiCodec codec) {
        this.codec = codec;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        if (!context.channel().isActive()) {
            // The client went away while the request was being answered: no channelInactive will come.
            closed();
        }
    }

    @Override
    public Executor executor() {
        return ctx.executor();
    }

    @Override
    public boolean writable() {
        return ctx.channel().isWritable();
    }

    @Override
    public void whenWritable(Runnable task) {
        onExecutor(() -> {
            if (ended || ctx.channel().isWritable()) {
                task.run();
            } else {
                writableTasks.add(task);
            }
        });
    }

    @Override
    public void event(String eventType, Object payload) {
        byte[] json = codec.write(WireFormat.JSON, payload);
        ByteBuf frame = EventStreamFrames.event(ctx.alloc(), eventType, json);
        onExecutor(() -> {
            if (ended) {
                frame.release();
                return;
            }
            ctx.writeAndFlush(new DefaultHttpContent(frame)).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        });
    }

    @Override
    public void exception(ApiException error) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("message", io.sluice.local.internal.protocol.Unicode.repaired(error.getMessage()));
        ByteBuf frame = EventStreamFrames.exception(ctx.alloc(), error.errorCode().code(),
                codec.write(WireFormat.JSON, body));
        onExecutor(() -> {
            if (ended) {
                frame.release();
                return;
            }
            ctx.write(new DefaultHttpContent(frame));
            end();
        });
    }

    @Override
    public void complete() {
        onExecutor(() -> {
            if (!ended) {
                end();
            }
        });
    }

    @Override
    public boolean isOpen() {
        return !ended && ctx.channel().isActive();
    }

    @Override
    public void onClose(Runnable task) {
        onExecutor(() -> {
            if (ended) {
                task.run();
            } else {
                closeTasks.add(task);
            }
        });
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return ctx.executor().schedule(task, delay, unit);
    }

    private void end() {
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        closed();
        if (ctx.pipeline().context(this) != null) {
            ctx.pipeline().remove(this);
        }
    }

    private void closed() {
        if (ended && closeTasks.isEmpty() && writableTasks.isEmpty()) {
            return;
        }
        ended = true;
        runAll(writableTasks);
        runAll(closeTasks);
    }

    private static void runAll(List<Runnable> tasks) {
        List<Runnable> copy = new ArrayList<>(tasks);
        tasks.clear();
        for (Runnable task : copy) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("An event-stream callback failed", e);
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (context.channel().isWritable()) {
            runAll(writableTasks);
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        closed();
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        log.debug("Event stream on {} failed", context.channel(), cause);
        closed();
        context.close();
    }

    private void onExecutor(Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
    }
}
