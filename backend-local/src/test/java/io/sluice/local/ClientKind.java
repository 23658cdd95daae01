package io.sluice.local;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The ways a test talks to the backend: the SDK v2 sync client (HTTP/1.1) and async client (HTTP/2), each in CBOR
 * (the SDK's default) and in JSON. Async clients are wrapped so a test can call them as a {@link KinesisClient}:
 * every call still goes through the async client over HTTP/2.
 */
public enum ClientKind {
    SYNC_CBOR(false, true),
    SYNC_JSON(false, false),
    ASYNC_HTTP2_CBOR(true, true),
    ASYNC_HTTP2_JSON(true, false);

    private static final Object CBOR_SETTING = new Object();

    private final boolean async;
    private final boolean cbor;

    ClientKind(boolean async, boolean cbor) {
        this.async = async;
        this.cbor = cbor;
    }

    public boolean isCbor() {
        return cbor;
    }

    public KinesisClient create(LocalClients clients) {
        if (!async) {
            return build(() -> clients.kinesis().build());
        }
        KinesisAsyncClient asyncClient = build(() -> clients.kinesisAsync().build());
        return (KinesisClient) Proxy.newProxyInstance(KinesisClient.class.getClassLoader(),
                new Class<?>[] {KinesisClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        asyncClient.close();
                        return null;
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(asyncClient, args);
                    }
                    Method target = KinesisAsyncClient.class.getMethod(method.getName(), method.getParameterTypes());
                    try {
                        Object result = target.invoke(asyncClient, args);
                        return result instanceof CompletableFuture<?> future ? future.join() : result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } catch (CompletionException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The SDK's async client (HTTP/2) in this kind's encoding, for calls only it can make (SubscribeToShard). */
    public KinesisAsyncClient createAsync(LocalClients clients) {
        return build(() -> clients.kinesisAsync().build());
    }

    /**
     * Builds a client in this kind's encoding. The SDK reads {@code aws.cborEnabled} once, when {@code build()}
     * runs, so the property is set only around that call.
     */
    private <T> T build(Supplier<T> builder) {
        synchronized (CBOR_SETTING) {
            String previous = System.getProperty("aws.cborEnabled");
            System.setProperty("aws.cborEnabled", Boolean.toString(cbor));
            try {
                return builder.get();
            } finally {
                if (previous == null) {
                    System.clearProperty("aws.cborEnabled");
                } else {
                    System.setProperty("aws.cborEnabled", previous);
                }
            }
        }
    }
}
