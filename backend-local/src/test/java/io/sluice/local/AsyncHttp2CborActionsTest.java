package io.sluice.local;

/** The Kinesis actions through the SDK v2 ASYNC_HTTP2_CBOR client. */
class AsyncHttp2CborActionsTest extends KinesisActionsContract {

    @Override
    ClientKind kind() {
        return ClientKind.ASYNC_HTTP2_CBOR;
    }
}
