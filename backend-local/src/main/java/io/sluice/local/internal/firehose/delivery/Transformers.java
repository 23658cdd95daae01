package io.sluice.local.internal.firehose.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.local.RecordTransformer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the transformation a Lambda processor's {@code LambdaArn} names: a URL is POSTed the event; otherwise
 * the function name (the ARN's {@code function:<name>} part, without a version or alias) is looked up among the
 * registered URLs and transformers, then as a class name on the classpath. Thread-safe.
 */
public final class Transformers {

    /** How long a URL function may take, as Lambda's limit for Firehose. */
    static final Duration URL_TIMEOUT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, RecordTransformer> registered;
    private final Map<String, URI> urls;
    private final Map<String, RecordTransformer> loaded = new ConcurrentHashMap<>();
    private final HttpClient http;

    public Transformers(Map<String, RecordTransformer> registered, Map<String, URI> urls, HttpClient http) {
        this.registered = Map.copyOf(registered);
        this.urls = Map.copyOf(urls);
        this.http = http;
    }

    /** The function name an ARN (or a bare name) gives. */
    static String functionName(String lambdaArn) {
        String name = lambdaArn;
        int function = name.indexOf(":function:");
        if (function >= 0) {
            name = name.substring(function + ":function:".length());
            int qualifier = name.indexOf(':');
            if (qualifier >= 0) {
                name = name.substring(0, qualifier);
            }
        }
        return name;
    }

    /**
     * The transformation a LambdaArn names.
     *
     * @throws NotFoundException when nothing answers to it
     */
    public RecordTransformer resolve(String lambdaArn) throws NotFoundException {
        if (lambdaArn.startsWith("http://") || lambdaArn.startsWith("https://")) {
            URI url = URI.create(lambdaArn);
            return request -> post(url, request);
        }
        String name = functionName(lambdaArn);
        URI registeredUrl = urls.get(name);
        if (registeredUrl != null) {
            return request -> post(registeredUrl, request);
        }
        RecordTransformer transformer = registered.get(name);
        if (transformer != null) {
            return transformer;
        }
        transformer = loaded.get(name);
        if (transformer != null) {
            return transformer;
        }
        transformer = load(name);
        RecordTransformer raced = loaded.putIfAbsent(name, transformer);
        return raced == null ? transformer : raced;
    }

    private static RecordTransformer load(String className) throws NotFoundException {
        try {
            Class<?> type = Class.forName(className, true, Thread.currentThread().getContextClassLoader() == null
                    ? Transformers.class.getClassLoader() : Thread.currentThread().getContextClassLoader());
            if (!RecordTransformer.class.isAssignableFrom(type)) {
                throw new NotFoundException();
            }
            return (RecordTransformer) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            throw new NotFoundException();
        }
    }

    private RecordTransformer.Response post(URI url, RecordTransformer.Request event) throws IOException,
            InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(URL_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(event))).build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("The function at " + url + " answered HTTP " + response.statusCode());
        }
        try {
            return JSON.readValue(response.body(), RecordTransformer.Response.class);
        } catch (IOException e) {
            throw new ResponseException(e.getMessage());
        }
    }

    /** No transformation answers to a LambdaArn. */
    public static final class NotFoundException extends Exception {
        private static final long serialVersionUID = 1L;

        NotFoundException() {
            super(null, null, false, false);
        }
    }

    /** A function answered with something that is not a transformation response; not retried. */
    public static final class ResponseException extends IOException {
        private static final long serialVersionUID = 1L;

        ResponseException(String message) {
            super(message);
        }
    }
}
