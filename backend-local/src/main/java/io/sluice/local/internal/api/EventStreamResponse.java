package io.sluice.local.internal.api;

/**
 * What an action returns when it answers with an event stream instead of one response body: the server sends the
 * response headers and the {@code initial-response} event, then hands the open response to {@link #start}.
 */
@FunctionalInterface
public interface EventStreamResponse {

    /** Starts pushing events into {@code sink}; called once, on the sink's executor. */
    void start(EventSink sink);
}
