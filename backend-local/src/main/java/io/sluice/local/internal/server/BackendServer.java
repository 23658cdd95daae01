package io.sluice.local.internal.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.sluice.local.internal.api.ApiRouter;
import io.sluice.local.internal.protocol.ApiCodec;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The Netty server: one port for HTTP/1.1 and HTTP/2 cleartext, requests answered on a separate executor group.
 *
 * <p>{@link #start()} and {@link #close()} are called by one owner thread; everything else runs on Netty threads.
 */
public final class BackendServer implements AutoCloseable {

    /** Settings of the server, validated by {@code LocalBackend}'s builder. */
    public record Settings(String bindAddress, int port, int maxBodyBytes, int ioThreads, int apiThreads,
            String defaultRegion, String accountId) {
    }

    private final Settings settings;
    private final ApiRouter router;
    private final Clock clock;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private EventExecutorGroup apiExecutors;
    private Channel serverChannel;

    public BackendServer(Settings settings, ApiRouter router, Clock clock) {
        this.settings = settings;
        this.router = router;
        this.clock = clock;
    }

    /** Binds the port and returns the address actually bound (the real port when 0 was asked). */
    public InetSocketAddress start() throws InterruptedException {
        ApiCodec codec = new ApiCodec();
        boss = new NioEventLoopGroup(1, new DefaultThreadFactory("sluice-accept", true));
        workers = new NioEventLoopGroup(settings.ioThreads(), new DefaultThreadFactory("sluice-io", true));
        apiExecutors = new DefaultEventExecutorGroup(settings.apiThreads(), new DefaultThreadFactory("sluice-api", true));
        ApiHandler handler = new ApiHandler(router, codec, clock, settings.defaultRegion(), settings.accountId());
        PipelineConfigurer configurer = new PipelineConfigurer(settings.maxBodyBytes(), codec, apiExecutors, handler);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast("sniffer", new ProtocolSniffer(configurer));
                    }
                });
        try {
            serverChannel = bootstrap.bind(settings.bindAddress(), settings.port()).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Closes the port and every connection, and stops every thread the server started. */
    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
            serverChannel = null;
        }
        shutdown(boss);
        shutdown(workers);
        shutdown(apiExecutors);
        boss = null;
        workers = null;
        apiExecutors = null;
    }

    private static void shutdown(EventExecutorGroup group) {
        if (group != null) {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }
}
