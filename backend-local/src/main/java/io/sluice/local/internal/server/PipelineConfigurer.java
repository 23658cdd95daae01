package io.sluice.local.internal.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.concurrent.EventExecutorGroup;
import io.sluice.local.internal.protocol.ApiCodec;

/**
 * Builds the HTTP/1.1 and HTTP/2 pipelines from stock Netty codecs, both ending in the shared {@link ApiHandler},
 * which runs on the API executor group when there is one and on the connection's event loop otherwise. Immutable;
 * used from event loops.
 */
final class PipelineConfigurer {

    private static final int MAX_INITIAL_LINE = 8192;
    private static final int MAX_HEADER_BYTES = 32 * 1024;
    private static final int MAX_CHUNK_BYTES = 64 * 1024;
    private static final int MAX_CONCURRENT_STREAMS = 1000;

    private final int maxBodyBytes;
    private final ApiCodec codec;
    private final EventExecutorGroup apiExecutors;
    private final ApiHandler apiHandler;

    /** With {@code apiExecutors} null, the API handler runs on each connection's event loop. */
    PipelineConfigurer(int maxBodyBytes, ApiCodec codec, EventExecutorGroup apiExecutors, ApiHandler apiHandler) {
        this.maxBodyBytes = maxBodyBytes;
        this.codec = codec;
        this.apiExecutors = apiExecutors;
        this.apiHandler = apiHandler;
    }

    void configureHttp1(ChannelPipeline pipeline) {
        pipeline.addLast("http1-codec", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, MAX_CHUNK_BYTES));
        pipeline.addLast("keep-alive", new HttpServerKeepAliveHandler());
        pipeline.addLast("aggregator", new BoundedAggregator(maxBodyBytes, codec));
        pipeline.addLast(apiExecutors, "api", apiHandler);
    }

    void configureHttp2(ChannelPipeline pipeline) {
        Http2Settings settings = Http2Settings.defaultSettings()
                .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                .maxHeaderListSize(MAX_HEADER_BYTES);
        pipeline.addLast("h2-codec", Http2FrameCodecBuilder.forServer()
                .initialSettings(settings)
                .validateHeaders(true)
                .build());
        pipeline.addLast("h2-multiplex", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.pipeline().addLast("h2-to-http", new Http2StreamFrameToHttpObjectCodec(true));
                stream.pipeline().addLast("aggregator", new BoundedAggregator(maxBodyBytes, codec));
                stream.pipeline().addLast(apiExecutors, "api", apiHandler);
            }
        }));
        pipeline.addLast("h2-connection-frames", Http2ConnectionFrames.INSTANCE);
    }
}
