package io.sluice.local.internal.firehose.delivery;

import java.io.IOException;

/**
 * Where S3 destinations put their objects: a folder by default, or an S3-compatible endpoint. Implementations are
 * thread-safe.
 */
public interface ObjectStore {

    /**
     * Stores one object whole, replacing any of that key; when it returns, the object is there.
     *
     * @param contentEncoding the object's Content-Encoding (gzip, snappy-java, ...), or {@code null}
     * @throws InvalidKeyException when no object can ever have this key (trying again will not help)
     */
    void put(String bucket, String key, byte[] bytes, String contentEncoding) throws IOException;

    /** A key the store cannot hold, such as one a file system refuses as a file name. */
    final class InvalidKeyException extends IOException {
        private static final long serialVersionUID = 1L;

        public InvalidKeyException(String key, String reason) {
            super("The object key " + key + " cannot be stored: " + reason);
        }
    }
}
