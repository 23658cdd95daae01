package io.sluice.local;

/** The Kinesis actions through the SDK v2 SYNC_CBOR client. */
class SyncCborActionsTest extends KinesisActionsContract {

    @Override
    ClientKind kind() {
        return ClientKind.SYNC_CBOR;
    }
}
