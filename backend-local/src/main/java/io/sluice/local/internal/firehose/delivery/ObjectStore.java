package io.sluice.local.internal.firehose.delivery;

import java.io.IOException;

/** Where S3 destinations put their objects: a folder by default. Implementations are thread-safe. */
public interface ObjectStore {

    /** Stores one object whole, replacing any of that key; when it returns, the object is there. */
    void put(String bucket, String key, byte[] bytes) throws IOException;
}
