package io.sluice.local.internal.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.sluice.local.internal.api.ApiRouter;
import io.sluice.local.internal.protocol.ApiCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Netty server: one port for HTTP/1.1 and HTTP/2, in cleartext and (when set up) over TLS. Requests are answered on a separate executor
 * group when the storage may block, else on the event loops.
 *
 * <p>{@link #start()} and {@link #close()} are called by one owner thread; everything else runs on Netty threads.
 */
public final class BackendServer implements AutoCloseable {

    private static final long QUIET_PERIOD_MILLIS = 50;

    /**
     * Settings of the server, validated by {@code LocalBackend}'s builder.
     *
     * @param offloadRequests answer requests on separate API threads, because the storage may block (files);
     *     otherwise on the event loops, which saves two thread hops per request when nothing can block
     */
    public record Settings(String bindAddress, int port, int maxBodyBytes, int ioThreads, int apiThreads,
            String defaultRegion, String accountId, boolean offloadRequests, SslContext tls,
            Map<String, String> accessKeys) {
    }

    private final Settings settings;
    private final ApiRouter router;
    private final Clock clock;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private EventExecutorGroup apiExecutors;
    private Channel serverChannel;
    private ChannelGroup connections;

    public BackendServer(Settings settings, ApiRouter router, Clock clock) {
        this.settings = settings;
        this.router = router;
        this.clock = clock;
    }

    /** Binds the port and returns the address actually bound (the real port when 0 was asked). */
    public InetSocketAddress start() {
        ApiCodec codec = new ApiCodec();
        boss = new NioEventLoopGroup(1, new DefaultThreadFactory("sluice-accept", true));
        workers = new NioEventLoopGroup(settings.ioThreads(), new DefaultThreadFactory("sluice-io", true));
        apiExecutors = settings.offloadRequests()
                ? new DefaultEventExecutorGroup(settings.apiThreads(), new DefaultThreadFactory("sluice-api", true))
                : null;
        connections = new DefaultChannelGroup("sluice-connections", ImmediateEventExecutor.INSTANCE);
        SigV4Verifier verifier = settings.accessKeys().isEmpty() ? null : new SigV4Verifier(settings.accessKeys());
        ApiHandler handler = new ApiHandler(router, codec, clock, settings.defaultRegion(), settings.accountId(),
                verifier);
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
                        connections.add(channel);
                        if (settings.tls() != null) {
                            // TLS and cleartext on the same port: the first bytes tell a handshake apart.
                            channel.pipeline().addLast("tls", new OptionalSslHandler(settings.tls()));
                        }
                        channel.pipeline().addLast("sniffer", new ProtocolSniffer(configurer));
                    }
                });
        ChannelFuture bound = bootstrap.bind(settings.bindAddress(), settings.port()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            close();
            Throwable cause = bound.cause();
            throw new UncheckedIOException(new IOException("Could not listen on " + settings.bindAddress() + ":"
                    + settings.port() + ": " + cause.getMessage(), cause));
        }
        serverChannel = bound.channel();
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Closes the port and every connection, and stops every thread the server started. */
    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
            serverChannel = null;
        }
        if (connections != null) {
            for (Channel connection : connections) {
                connection.close().awaitUninterruptibly();
            }
            connections = null;
        }
        // Closed channels still tear their pipelines down, hopping between event loops and the API executors:
        // all groups keep taking tasks for a short quiet period, and stop together.
        List<Future<?>> terminations = new ArrayList<>();
        for (EventExecutorGroup group : new EventExecutorGroup[] {apiExecutors, workers, boss}) {
            if (group != null) {
                terminations.add(group.shutdownGracefully(QUIET_PERIOD_MILLIS, 5_000, TimeUnit.MILLISECONDS));
            }
        }
        terminations.forEach(Future::awaitUninterruptibly);
        boss = null;
        workers = null;
        apiExecutors = null;
    }

}
