package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import io.sluice.local.junit.LocalBackendExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;

/** HTTP/2 below the SDK: PINGs answered, many streams at once on one connection, limits per stream. */
class Http2Test {

    static final int BODY_LIMIT = 32 * 1024;

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.maxRequestBytes(BODY_LIMIT));

    /** A raw HTTP/2 client with prior knowledge: it sends the preface itself, as the SDK's async client does. */
    static final class RawClient implements AutoCloseable {
        final NioEventLoopGroup group = new NioEventLoopGroup(1);
        final CompletableFuture<Http2PingFrame> pingAck = new CompletableFuture<>();
        final Channel channel;

        RawClient() throws InterruptedException {
            channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().autoAckPingFrame(true).build());
                            ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    if (msg instanceof Http2PingFrame ping && ping.ack()) {
                                        pingAck.complete(ping);
                                    }
                                    ReferenceCountUtil.release(msg);
                                }
                            });
                        }
                    })
                    .connect(BACKEND.backend().endpoint().getHost(), BACKEND.backend().port()).sync().channel();
        }

        /** Sends one request on a new stream; completes with the status and body. */
        CompletableFuture<String[]> post(String target, byte[] body) throws InterruptedException {
            CompletableFuture<String[]> answer = new CompletableFuture<>();
            Http2StreamChannel stream = new Http2StreamChannelBootstrap(channel)
                    .handler(new ChannelInboundHandlerAdapter() {
                        private String status;
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            if (msg instanceof Http2HeadersFrame headers) {
                                status = headers.headers().status().toString();
                                if (headers.isEndStream()) {
                                    answer.complete(new String[] {status, ""});
                                }
                            } else if (msg instanceof Http2DataFrame data) {
                                text.append(data.content().toString(StandardCharsets.UTF_8));
                                if (data.isEndStream()) {
                                    answer.complete(new String[] {status, text.toString()});
                                }
                            }
                            ReferenceCountUtil.release(msg);
                        }
                    }).open().sync().getNow();
            DefaultHttp2Headers headers = new DefaultHttp2Headers();
            headers.method("POST").path("/").scheme("http").authority("localhost")
                    .add("content-type", "application/x-amz-json-1.1")
                    .add("x-amz-target", "Kinesis_20131202." + target);
            stream.write(new DefaultHttp2HeadersFrame(headers, false));
            ByteBuf content = Unpooled.wrappedBuffer(body);
            stream.writeAndFlush(new DefaultHttp2DataFrame(content, true));
            return answer;
        }

        @Override
        public void close() {
            channel.close().awaitUninterruptibly();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    @Test
    void answersPingsAsTheSdkHealthCheckNeeds() throws Exception {
        try (RawClient client = new RawClient()) {
            client.channel.writeAndFlush(new DefaultHttp2PingFrame(0x5151L));
            Http2PingFrame ack = client.pingAck.get(5, TimeUnit.SECONDS);
            assertThat(ack.content()).isEqualTo(0x5151L);
        }
    }

    @Test
    void anOversizedBodyFailsItsStreamOnlyAndTheConnectionServesTheNext() throws Exception {
        try (RawClient client = new RawClient()) {
            String[] tooLarge = client.post("ListStreams", new byte[BODY_LIMIT + 1]).get(5, TimeUnit.SECONDS);
            assertThat(tooLarge[0]).isEqualTo("413");
            assertThat(tooLarge[1]).contains("RequestEntityTooLargeException");
            String[] next = client.post("ListStreams", "{}".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
            assertThat(next[0]).isEqualTo("200");
            assertThat(next[1]).contains("StreamNames");
        }
    }

    @Test
    void theSdkAsyncClientRunsManyConcurrentCallsOverOneConnection() throws Exception {
        LocalClients clients = BACKEND.clients();
        try (KinesisAsyncClient kinesis = clients.kinesisAsync()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP2).maxConcurrency(1))
                .build()) {
            kinesis.createStream(b -> b.streamName("h2-concurrent").shardCount(2)).join();
            List<CompletableFuture<PutRecordResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                int n = i;
                calls.add(kinesis.putRecord(b -> b.streamName("h2-concurrent").partitionKey("k" + n)
                        .data(SdkBytes.fromUtf8String("r" + n))));
            }
            Set<String> sequenceNumbers = new HashSet<>();
            for (CompletableFuture<PutRecordResponse> call : calls) {
                sequenceNumbers.add(call.get(30, TimeUnit.SECONDS).sequenceNumber());
            }
            assertThat(sequenceNumbers).hasSize(300);
        }
    }
}
