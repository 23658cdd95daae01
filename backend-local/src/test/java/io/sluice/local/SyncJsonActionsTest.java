package io.sluice.local;

/** The Kinesis actions through the SDK v2 SYNC_JSON client. */
class SyncJsonActionsTest extends KinesisActionsContract {

    @Override
    ClientKind kind() {
        return ClientKind.SYNC_JSON;
    }
}
