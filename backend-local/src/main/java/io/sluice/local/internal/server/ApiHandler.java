package io.sluice.local.internal.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.sluice.local.internal.api.ApiRouter;
import io.sluice.local.internal.api.EventStreamResponse;
import io.sluice.local.internal.api.ForwardedService;
import io.sluice.local.internal.api.NoContent;
import io.sluice.local.internal.api.Operation;
import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.api.SizedOutput;
import io.sluice.local.internal.protocol.ApiCodec;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.ErrorCode;
import io.sluice.local.internal.protocol.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one complete HTTP request (HTTP/1.1, or one HTTP/2 stream) with a complete response.
 *
 * <p>With durable storage it runs on the API executor group, so a service may wait for its disk without holding
 * up a Netty event loop; in memory nothing blocks, and it runs on the event loop. It is stateless and shared by
 * every channel.
 */
@ChannelHandler.Sharable
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
    static final String REQUEST_ID = "x-amzn-RequestId";
    static final String EVENT_STREAM_CONTENT_TYPE = "application/vnd.amazon.eventstream";
    private static final String TARGET = "X-Amz-Target";

    private final ApiRouter router;
    private final ApiCodec codec;
    private final Clock clock;
    private final String defaultRegion;
    private final String accountId;
    private final ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    /** Checks signatures, or {@code null} when requests are not authenticated. */
    private final SigV4Verifier verifier;

    ApiHandler(ApiRouter router, ApiCodec codec, Clock clock, String defaultRegion, String accountId,
            SigV4Verifier verifier) {
        this.verifier = verifier;
        this.router = router;
        this.codec = codec;
        this.clock = clock;
        this.defaultRegion = defaultRegion;
        this.accountId = accountId;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String requestId = RequestIds.next();
        WireFormat format = WireFormat.ofContentType(request.headers().get(HttpHeaderNames.CONTENT_TYPE));
        Object answered;
        if (request.method().equals(HttpMethod.GET) && isHealthPath(request.uri())) {
            answered = health(requestId);
        } else {
            answered = answer(request, requestId, format);
        }
        if (answered instanceof EventStreamResponse events) {
            startEventStream(ctx, events, requestId);
            return;
        }
        if (answered instanceof Forwarding forwarding) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            forwarding.answer().whenComplete((reply, failure) -> {
                FullHttpResponse response;
                try {
                    response = failure == null ? forwardedResponse(reply)
                            : Responses.error(codec, WireFormat.JSON, new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                                    "The service behind " + forwarding.target() + " is unavailable: " + failure),
                                    requestId);
                } catch (RuntimeException e) {
                    log.error("Request {} to {} could not be answered", requestId, forwarding.target(), e);
                    response = Responses.error(codec, WireFormat.JSON, new ApiException(ErrorCode.INTERNAL_FAILURE,
                            "Internal service failure (request " + requestId + ")"), requestId);
                }
                HttpUtil.setKeepAlive(response, keepAlive);
                var future = ctx.writeAndFlush(response);
                if (!keepAlive) {
                    future.addListener(ChannelFutureListener.CLOSE);
                }
            });
            return;
        }
        if (answered instanceof Later later) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            later.answer().whenComplete((output, failure) -> {
                FullHttpResponse response;
                try {
                    response = settle(later, output, failure, requestId);
                } catch (RuntimeException e) {
                    log.error("Request {} could not be answered", requestId, e);
                    response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                            HttpResponseStatus.INTERNAL_SERVER_ERROR);
                    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
                }
                HttpUtil.setKeepAlive(response, keepAlive);
                var future = ctx.writeAndFlush(response);
                if (!keepAlive) {
                    future.addListener(ChannelFutureListener.CLOSE);
                }
            });
            return;
        }
        FullHttpResponse response = (FullHttpResponse) answered;
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** A complete response, or the {@link EventStreamResponse} an action answered with. */
    private Object answer(FullHttpRequest request, String requestId, WireFormat format) {
        WireFormat replyFormat = format == null ? WireFormat.JSON : format;
        try {
            if (!request.method().equals(HttpMethod.POST)) {
                // AWS answers 403 here: without a POST body it cannot tell which action is meant.
                throw new ApiException(ErrorCode.ACCESS_DENIED_NO_OPERATION, "Unable to determine service/operation "
                        + "name to be authorized (" + request.method() + " " + request.uri() + "; use POST)");
            }
            if (verifier != null) {
                verifier.verify(request, clock.instant());
            }
            String target = request.headers().get(TARGET);
            ForwardedService forwardTo = router.forwarded(target);
            if (forwardTo != null) {
                return new Forwarding(target, forwardTo.forward(forwardedRequest(request)));
            }
            if (format == null) {
                throw new ApiException(ErrorCode.UNKNOWN_CONTENT_TYPE, "Unsupported Content-Type '"
                        + request.headers().get(HttpHeaderNames.CONTENT_TYPE)
                        + "': use application/x-amz-json-1.1 or application/x-amz-cbor-1.1");
            }
            Operation<?, ?> operation = router.route(target);
            Object input = decode(request.content(), format, operation.inputType());
            RequestContext context = new RequestContext(requestId, SigV4.region(request.headers(), defaultRegion),
                    accountId, clock.instant());
            Object output = operation.invoke(context, input);
            if (output instanceof EventStreamResponse) {
                return output;
            }
            if (output instanceof java.util.concurrent.CompletionStage<?> later) {
                return new Later(later, format);
            }
            return encode(output, format, requestId);
        } catch (ApiException e) {
            return Responses.error(codec, replyFormat, e, requestId);
        } catch (RuntimeException e) {
            log.error("Request {} failed unexpectedly", requestId, e);
            return Responses.error(codec, replyFormat,
                    new ApiException(ErrorCode.INTERNAL_FAILURE, "Internal service failure (request " + requestId
                            + "): " + e), requestId);
        }
    }

    private FullHttpResponse encode(Object output, WireFormat format, String requestId) {
        ByteBuf body = output instanceof SizedOutput sized ? allocator.buffer(sized.estimatedBytes())
                : allocator.buffer();
        try {
            if (output != NoContent.INSTANCE) {
                codec.write(format, output, new ByteBufOutputStream(body));
            }
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
        return Responses.ok(body, format, requestId);
    }

    /** The response of an action that answers later (its work may call this backend's own APIs). */
    private FullHttpResponse settle(Later later, Object output, Throwable failure, String requestId) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                ? c.getCause() : failure;
        try {
            if (cause == null) {
                return encode(output, later.format(), requestId);
            }
            if (cause instanceof ApiException e) {
                return Responses.error(codec, later.format(), e, requestId);
            }
            log.error("Request {} failed unexpectedly", requestId, cause);
            return Responses.error(codec, later.format(), new ApiException(ErrorCode.INTERNAL_FAILURE,
                    "Internal service failure (request " + requestId + "): " + cause), requestId);
        } catch (RuntimeException e) {
            log.error("Request {} could not be answered", requestId, e);
            return Responses.error(codec, later.format(), new ApiException(ErrorCode.INTERNAL_FAILURE,
                    "Internal service failure (request " + requestId + ")"), requestId);
        }
    }

    /** An action's answer still to come. */
    private record Later(java.util.concurrent.CompletionStage<?> answer, WireFormat format) {
    }

    /** A request passed on whole to a {@link ForwardedService}, and its coming answer. */
    private record Forwarding(String target, java.util.concurrent.CompletableFuture<ForwardedService.Response> answer) {
    }

    private static ForwardedService.Request forwardedRequest(FullHttpRequest request) {
        java.util.List<java.util.Map.Entry<String, String>> headers = new java.util.ArrayList<>();
        request.headers().forEach(headers::add);
        byte[] body = ByteBufUtil.getBytes(request.content());
        return new ForwardedService.Request(request.method().name(), request.uri(), headers, body);
    }

    private static FullHttpResponse forwardedResponse(ForwardedService.Response reply) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(reply.body()));
        for (java.util.Map.Entry<String, String> header : reply.headers()) {
            response.headers().add(header.getKey().toLowerCase(java.util.Locale.ROOT), header.getValue());
        }
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        return response;
    }

    /**
     * Sends the headers of an event-stream response and its {@code initial-response} event, then hands the open
     * response to the action. Over HTTP/1.1 the body is chunked; over HTTP/2 it is DATA frames on the stream.
     */
    private void startEventStream(ChannelHandlerContext ctx, EventStreamResponse events, String requestId) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, EVENT_STREAM_CONTENT_TYPE).set(REQUEST_ID, requestId);
        if (!(ctx.channel() instanceof Http2StreamChannel)) {
            HttpUtil.setTransferEncodingChunked(head, true);
        }
        NettyEventSink sink = new NettyEventSink(codec);
        ctx.pipeline().addLast(ctx.executor(), NettyEventSink.NAME, sink);
        ctx.writeAndFlush(head);
        sink.event("initial-response", java.util.Map.of());
        sink.executor().execute(() -> {
            try {
                events.start(sink);
            } catch (RuntimeException e) {
                log.error("Event stream {} failed to start", requestId, e);
                sink.exception(new ApiException(ErrorCode.INTERNAL_FAILURE_EXCEPTION, "Internal service failure."));
            }
        });
    }

    private Object decode(ByteBuf content, WireFormat format, Class<?> type) {
        // One copy into the heap: parsers run fastest over a single array (an aggregated body is many buffers).
        int length = content.readableBytes();
        if (content.hasArray()) {
            return codec.read(format, content.array(), content.arrayOffset() + content.readerIndex(), length, type);
        }
        byte[] bytes = ByteBufUtil.getBytes(content, content.readerIndex(), length, false);
        return codec.read(format, bytes, 0, length, type);
    }

    private static boolean isHealthPath(String uri) {
        return uri.equals("/health") || uri.equals("/_sluice/health");
    }

    private static FullHttpResponse health(String requestId) {
        byte[] body = "{\"status\":\"running\",\"services\":{\"kinesis\":\"running\"}}"
                .getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(REQUEST_ID, requestId);
        return response;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ConnectionErrors.closeQuietly(ctx, cause);
    }
}
