package io.sluice.local.internal.dynamodb;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import io.sluice.local.internal.api.ForwardedService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DynamoDB, for the lease tables of consumer fleets: AWS's DynamoDB Local, run in this process on first use and
 * reached through the backend's own port ({@code X-Amz-Target: DynamoDB_20120810.*}), so a fleet needs one
 * endpoint for everything.
 *
 * <p>DynamoDB Local's request handler is served by a Jetty server of our own, bound to 127.0.0.1 on a free port
 * (its stock server listens on every interface), with one database shared by all credentials and regions, in
 * memory or under the data directory. Its telemetry is never configured, so it sends none. Requests are passed on
 * byte for byte and the answers come back unchanged.
 *
 * <p>Thread-safe: start-up happens once, on a thread of its own under a lifecycle lock; request threads only take
 * this object's monitor briefly, to find the start-up's future. Forwarding is asynchronous.
 */
public final class DynamoDbLocal implements ForwardedService {

    private static final Logger log = LoggerFactory.getLogger(DynamoDbLocal.class);
    public static final String TARGET_PREFIX = "DynamoDB_20120810";
    /** Headers the JDK client sets itself or refuses to forward. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "keep-alive", "transfer-encoding", "te", "http2-settings");

    private static final java.util.regex.Pattern CREDENTIAL_KEY =
            java.util.regex.Pattern.compile("Credential=[^/,\\s]*/");
    private static final String FORWARDED_ACCESS_KEY = "sluicelocal";

    private final Path directory;
    /** Guards start-up and shutdown, which are slow; never taken on a Netty thread. */
    private final Object lifecycle = new Object();
    private Server server;
    private LocalDynamoDBRequestHandler handler;
    private URI endpoint;
    private volatile HttpClient client;
    private volatile boolean closed;
    /** Guarded by this object's monitor, which is held only briefly. */
    private CompletableFuture<URI> starting;

    /** @param directory where tables are kept, or {@code null} to keep them in memory */
    public DynamoDbLocal(Path directory) {
        this.directory = directory;
    }

    @Override
    public String targetPrefix() {
        return TARGET_PREFIX;
    }

    /** Starts DynamoDB Local unless it runs already; returns where it listens. */
    URI start() {
        synchronized (lifecycle) {
            return startLocked();
        }
    }

    private URI startLocked() {
        if (closed) {
            throw new IllegalStateException("DynamoDB Local was stopped");
        }
        if (endpoint != null) {
            return endpoint;
        }
        long started = System.nanoTime();
        try {
            String path = null;
            if (directory != null) {
                Files.createDirectories(directory);
                path = directory.toString();
            }
            handler = new LocalDynamoDBRequestHandler(0, directory == null, path, true, false);
            Server jetty = new Server();
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            jetty.addConnector(connector);
            ContextHandler context = new ContextHandler();
            context.setHandler(new LocalDynamoDBServerHandler(handler, null));
            jetty.setHandler(new ContextHandlerCollection(context));
            server = jetty;
            jetty.start();
            endpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
            client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
        } catch (Exception e) {
            stop();
            synchronized (this) {
                starting = null; // the next request tries again
            }
            throw new IllegalStateException("Could not start DynamoDB Local: " + e.getMessage(), e);
        }
        log.info("DynamoDB Local started in {} ms ({})", (System.nanoTime() - started) / 1_000_000,
                directory == null ? "in memory" : "tables in " + directory);
        return endpoint;
    }

    @Override
    public CompletableFuture<Response> forward(Request request) {
        return started().thenCompose(base -> send(base, request));
    }

    /**
     * Where DynamoDB Local listens, once it runs. The first call starts it on a thread of its own (it takes about
     * a second), so the Netty thread that got the request is not held up.
     */
    private synchronized CompletableFuture<URI> started() {
        if (starting == null) {
            starting = CompletableFuture.supplyAsync(this::start, runnable -> {
                Thread thread = new Thread(runnable, "sluice-dynamodb-start");
                thread.setDaemon(true);
                thread.start();
            });
        }
        return starting;
    }

    private CompletableFuture<Response> send(URI base, Request request) {
        URI target = base.resolve(request.uri().startsWith("/") ? request.uri().substring(1) : request.uri());
        HttpRequest.Builder out = HttpRequest.newBuilder(target)
                .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()))
                .timeout(Duration.ofMinutes(1));
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey();
            if (name.equalsIgnoreCase("authorization")) {
                out.header(name, anyKey(header.getValue()));
            } else if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                out.header(name, header.getValue());
            }
        }
        HttpClient current = client;
        if (current == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("DynamoDB Local was stopped"));
        }
        return current.sendAsync(out.build(), HttpResponse.BodyHandlers.ofByteArray()).thenApply(answer -> {
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            answer.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")
                        && !name.equalsIgnoreCase("date") && !name.equalsIgnoreCase("server")) {
                    values.forEach(value -> headers.add(Map.entry(name, value)));
                }
            });
            return new Response(answer.statusCode(), headers, answer.body());
        }).exceptionally(e -> {
            throw new CompletionException("DynamoDB Local did not answer", e);
        });
    }

    /**
     * The signature with its access key replaced by a plain one. DynamoDB Local refuses keys that are not letters
     * and digits (local users often pick "test-key" or the like), and with one shared database the key means
     * nothing to it; the backend has already verified the signature when it verifies signatures at all.
     */
    static String anyKey(String authorization) {
        return CREDENTIAL_KEY.matcher(authorization).replaceFirst("Credential=" + FORWARDED_ACCESS_KEY + "/");
    }

    @Override
    public void close() {
        closed = true;
        synchronized (lifecycle) {
            stop();
        }
        synchronized (this) {
            starting = null;
        }
    }

    private void stop() {
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                log.warn("Could not stop DynamoDB Local's server", e);
            }
            server = null;
        }
        if (handler != null) {
            handler.shutdown();
            handler = null;
        }
        // Java 17's HttpClient has no close(): its selector thread ends once the client is unreachable.
        client = null;
        endpoint = null;
    }
}
