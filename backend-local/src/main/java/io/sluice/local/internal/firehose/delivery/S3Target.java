package io.sluice.local.internal.firehose.delivery;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where and how objects of one S3 destination (or backup) are written: bucket, prefixes, compression, extension
 * and time zone. Makes object keys as AWS does: {@code <evaluated prefix><stream>-<version>-yyyy-MM-dd-HH-mm-ss-
 * <uuid><extension>}. Immutable and thread-safe.
 *
 * @param bucket the bucket's name (from BucketARN)
 * @param prefix the Prefix, already holding the default time prefix where AWS adds one
 * @param errorPrefix the ErrorOutputPrefix, or the default error prefix
 * @param compression the CompressionFormat
 * @param extension the extension keys end with (FileExtension, or the compression's)
 * @param zone the CustomTimeZone, UTC by default
 */
public record S3Target(String bucket, PrefixExpression prefix, PrefixExpression errorPrefix,
        Compression compression, String extension, ZoneId zone) {

    private static final DateTimeFormatter SUFFIX_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss");
    private static final String RANDOM_ALPHABET = "0123456789abcdef";
    /** The length of {@code !{firehose:random-string}}: 11 characters, lowercase hex as in AWS's examples. */
    public static final int RANDOM_STRING_LENGTH = 11;

    /** The key of a delivered object whose oldest record arrived at {@code time}. */
    public String objectKey(String streamName, int version, Instant time, Map<String, String> partitionKeys) {
        return prefix.evaluate(time, zone, partitionKeys, null, S3Target::randomString)
                + suffix(streamName, version, time);
    }

    /** The key of an object of records that failed with {@code errorOutputType}. */
    public String errorKey(String streamName, int version, Instant time, Map<String, String> partitionKeys,
            String errorOutputType) {
        return errorPrefix.evaluate(time, zone, partitionKeys, errorOutputType, S3Target::randomString)
                + suffix(streamName, version, time);
    }

    private String suffix(String streamName, int version, Instant time) {
        return streamName + "-" + version + "-" + SUFFIX_TIME.format(time.atZone(zone)) + "-" + UUID.randomUUID()
                + extension;
    }

    static String randomString() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] chars = new char[RANDOM_STRING_LENGTH];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = RANDOM_ALPHABET.charAt(random.nextInt(RANDOM_ALPHABET.length()));
        }
        return new String(chars);
    }
}
