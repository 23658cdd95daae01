package io.sluice.local;

/** The Kinesis actions through the SDK v2 ASYNC_HTTP2_JSON client. */
class AsyncHttp2JsonActionsTest extends KinesisActionsContract {

    @Override
    ClientKind kind() {
        return ClientKind.ASYNC_HTTP2_JSON;
    }
}
