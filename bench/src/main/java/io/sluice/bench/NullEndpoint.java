package io.sluice.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.util.Map;

/**
 * A do-nothing Kinesis endpoint: it reads each request and answers a canned response, in the request's encoding,
 * without looking at the body. What the client alone can do on this machine is bounded by how fast it talks to
 * this. Canned answers: PutRecords (500 successful entries), GetRecords (10,000 records of 100 bytes with a next
 * iterator), GetShardIterator; anything else gets {@code {}}.
 */
public final class NullEndpoint {

    static final int GET_RECORDS_BATCH = 10_000;
    static final int RECORD_BYTES = 100;

    private NullEndpoint() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Map<String, byte[]> json = cannedBodies(new ObjectMapper());
        Map<String, byte[]> cbor = cannedBodies(new ObjectMapper(new CBORFactory()));
        NioEventLoopGroup group = new NioEventLoopGroup(2);
        var channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                                new HttpObjectAggregator(32 * 1024 * 1024),
                                new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                                        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
                                        String target = request.headers().get("X-Amz-Target", "");
                                        String action = target.substring(target.indexOf('.') + 1);
                                        Map<String, byte[]> bodies = type.contains("cbor") ? cbor : json;
                                        byte[] body = bodies.getOrDefault(action, bodies.get(""));
                                        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                                HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
                                        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                                                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
                                        ctx.writeAndFlush(response);
                                    }
                                });
                    }
                }).bind("127.0.0.1", port).sync().channel();
        System.out.println("null endpoint listening on http://127.0.0.1:"
                + ((java.net.InetSocketAddress) channel.localAddress()).getPort());
        channel.closeFuture().sync();
    }

    static Map<String, byte[]> cannedBodies(ObjectMapper mapper) throws IOException {
        String sequence = "4" + "9".repeat(55);
        ObjectNode put = mapper.createObjectNode().put("FailedRecordCount", 0);
        ArrayNode putRecords = put.putArray("Records");
        for (int i = 0; i < 500; i++) {
            putRecords.addObject().put("SequenceNumber", sequence).put("ShardId", "shardId-000000000000");
        }
        ObjectNode get = mapper.createObjectNode();
        ArrayNode records = get.putArray("Records");
        byte[] data = new byte[RECORD_BYTES];
        for (int i = 0; i < GET_RECORDS_BATCH; i++) {
            ObjectNode record = records.addObject().put("SequenceNumber", sequence).put("Data", data)
                    .put("PartitionKey", "pk-" + i);
            // Timestamps as each encoding carries them: seconds in JSON, tagged milliseconds in CBOR.
            if (mapper.getFactory() instanceof CBORFactory) {
                record.put("ApproximateArrivalTimestamp", 1_795_428_930_123L);
            } else {
                record.put("ApproximateArrivalTimestamp", new java.math.BigDecimal("1795428930.123"));
            }
        }
        get.put("NextShardIterator", "AAAAAAAAAAE=").put("MillisBehindLatest", 0);
        return Map.of(
                "PutRecords", mapper.writeValueAsBytes(put),
                "GetRecords", mapper.writeValueAsBytes(get),
                "GetShardIterator", mapper.writeValueAsBytes(mapper.createObjectNode().put("ShardIterator", "AAAAAAAAAAE=")),
                "", mapper.writeValueAsBytes(mapper.createObjectNode()));
    }
}
