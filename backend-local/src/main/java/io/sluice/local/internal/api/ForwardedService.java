package io.sluice.local.internal.api;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A service the backend does not answer itself but passes on whole: requests whose {@code X-Amz-Target} starts
 * with {@link #targetPrefix()} go to {@link #forward}, and its answer goes back to the client unchanged.
 * Implementations are thread-safe.
 */
public interface ForwardedService extends AutoCloseable {

    /** A request as the client sent it. */
    record Request(String method, String uri, List<Map.Entry<String, String>> headers, byte[] body) {
    }

    /** The service's answer. */
    record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {
    }

    String targetPrefix();

    CompletableFuture<Response> forward(Request request);

    @Override
    void close();
}
