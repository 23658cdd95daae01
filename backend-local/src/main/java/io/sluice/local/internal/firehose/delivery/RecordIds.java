package io.sluice.local.internal.firehose.delivery;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * The ids PutRecord and PutRecordBatch return: opaque, unique per delivery stream, and the same when a record is
 * replayed from the log (they name its sequence number). Stateless.
 */
public final class RecordIds {

    private RecordIds() {
    }

    public static String of(long seq) {
        ByteBuffer bytes = ByteBuffer.allocate(24).putLong(0x536C75696365L).putLong(seq).putLong(~seq);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
