package io.sluice.local.internal.firehose.delivery;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * An HTTP endpoint destination. Immutable.
 *
 * @param url where requests are POSTed
 * @param name the endpoint's name
 * @param accessKey sent as {@code X-Amz-Firehose-Access-Key}, or {@code null}
 * @param gzip whether the body is gzip-compressed (ContentEncoding GZIP)
 * @param commonAttributes sent as {@code X-Amz-Firehose-Common-Attributes}
 * @param retryDuration how long failed requests are retried before the records go to the S3 backup
 */
public record HttpTarget(URI url, String name, String accessKey, boolean gzip, Map<String, String> commonAttributes,
        Duration retryDuration) {
}
