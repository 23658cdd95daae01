package io.sluice.local.internal.api;

import io.sluice.local.internal.protocol.ApiException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where an event-stream response goes: the open HTTP response of one SubscribeToShard call. The server implements
 * it over a Netty channel; services push events through it.
 *
 * <p>Thread-safety: every method may be called from any thread, but a service should run its pushing logic on
 * {@link #executor()}, which is serial for one response, so events stay in order and need no locking.
 */
public interface EventSink {

    /** The serial executor of this response. */
    Executor executor();

    /** Whether the client can take more now (HTTP/2 flow control and socket buffers). */
    boolean writable();

    /** Runs {@code task} on {@link #executor()} once the response is writable again (or closed). */
    void whenWritable(Runnable task);

    /** Sends an event whose payload is {@code payload} encoded as JSON. */
    void event(String eventType, Object payload);

    /** Sends a modelled exception and ends the response. */
    void exception(ApiException error);

    /** Ends the response normally. */
    void complete();

    /** Whether the response is still open (not ended, and the client has not gone away). */
    boolean isOpen();

    /** Runs {@code task} on {@link #executor()} when the response ends for any reason. */
    void onClose(Runnable task);

    /** Runs {@code task} on {@link #executor()} after a delay. */
    ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit);
}
