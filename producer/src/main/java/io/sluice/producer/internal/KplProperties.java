package io.sluice.producer.internal;

import io.sluice.producer.ProducerConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a KPL {@code .properties} file into a {@link ProducerConfig.Builder}: the KPL's key names and units
 * (milliseconds, bytes, percent), so an application can move over with its file unchanged.
 *
 * <p>Stateless and thread-safe.
 */
public final class KplProperties {

    private static final Logger LOG = LoggerFactory.getLogger(KplProperties.class);

    /** KPL settings about its native process, its CloudWatch upload or its threading: nothing to do here. */
    private static final Set<String> IGNORED = Set.of("CloudwatchEndpoint", "CloudwatchPort",
            "CredentialsRefreshDelay", "EnableCoreDumps", "LogLevel", "MetricsGranularity", "MetricsLevel",
            "MetricsNamespace", "MetricsUploadDelay", "MinConnections", "NativeExecutable", "StsEndpoint", "StsPort",
            "TempDirectory", "ThreadingModel", "ThreadPoolSize", "UserRecordTimeoutInMillis", "ProxyHost",
            "ProxyPort", "ProxyUserName", "ProxyPassword", "CertificatePath");

    private static final Map<String, BiConsumer<ProducerConfig.Builder, String>> SETTERS = setters();

    private KplProperties() {
    }

    /** Reads the file as UTF-8 properties. */
    public static ProducerConfig.Builder load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return apply(properties, ProducerConfig.builder());
    }

    /**
     * Applies every property to the builder.
     *
     * @throws IllegalArgumentException naming the key, for an unknown key or a bad value
     */
    public static ProducerConfig.Builder apply(Properties properties, ProducerConfig.Builder builder) {
        String host = null;
        String port = null;
        for (String key : new TreeMap<>(toMap(properties)).keySet()) {
            String value = properties.getProperty(key).trim();
            if (key.equals("KinesisEndpoint")) {
                host = value;
            } else if (key.equals("KinesisPort")) {
                port = value;
            } else if (IGNORED.contains(key)) {
                LOG.info("KPL setting {} has no meaning for Sluice's producer and is ignored", key);
            } else {
                BiConsumer<ProducerConfig.Builder, String> setter = SETTERS.get(key);
                if (setter == null) {
                    throw new IllegalArgumentException("Unknown producer setting " + key + " (known: "
                            + new TreeMap<>(SETTERS).keySet() + ", KinesisEndpoint, KinesisPort)");
                }
                try {
                    setter.accept(builder, value);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("Bad value for " + key + ": " + e.getMessage(), e);
                }
            }
        }
        if (host != null) {
            builder.endpoint(endpoint(host, port));
        } else if (port != null) {
            throw new IllegalArgumentException("KinesisPort is set without KinesisEndpoint");
        }
        return builder;
    }

    private static URI endpoint(String host, String port) {
        if (host.contains("://")) {
            return URI.create(port == null ? host : host + ":" + port);
        }
        int number = port == null ? 443 : parseLong("KinesisPort", port, 1, 65_535).intValue();
        return URI.create("https://" + host + ":" + number);
    }

    private static Map<String, String> toMap(Properties properties) {
        Map<String, String> map = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        return map;
    }

    private static Map<String, BiConsumer<ProducerConfig.Builder, String>> setters() {
        Map<String, BiConsumer<ProducerConfig.Builder, String>> m = new TreeMap<>();
        m.put("AggregationEnabled", (b, v) -> b.aggregationEnabled(parseBoolean(v)));
        m.put("AggregationMaxCount", (b, v) -> b.aggregationMaxCount(parseLong("AggregationMaxCount", v,
                Long.MIN_VALUE, Long.MAX_VALUE)));
        m.put("AggregationMaxSize", (b, v) -> b.aggregationMaxSize(parseInt(v)));
        m.put("CollectionMaxCount", (b, v) -> b.collectionMaxCount(parseInt(v)));
        m.put("CollectionMaxSize", (b, v) -> b.collectionMaxSize(parseInt(v)));
        m.put("ConnectTimeout", (b, v) -> b.connectTimeout(millis(v)));
        m.put("FailIfThrottled", (b, v) -> b.failIfThrottled(parseBoolean(v)));
        m.put("MaxConnections", (b, v) -> b.maxConnections(parseInt(v)));
        m.put("RateLimit", (b, v) -> b.rateLimit(parseLong("RateLimit", v, Long.MIN_VALUE, Long.MAX_VALUE)));
        m.put("RecordMaxBufferedTime", (b, v) -> b.recordMaxBufferedTime(millis(v)));
        m.put("RecordTtl", (b, v) -> b.recordTtl(millis(v)));
        m.put("Region", ProducerConfig.Builder::region);
        m.put("RequestTimeout", (b, v) -> b.requestTimeout(millis(v)));
        m.put("VerifyCertificate", (b, v) -> b.verifyCertificate(parseBoolean(v)));
        m.put("MaxBufferedBytes", (b, v) -> b.maxBufferedBytes(parseLong("MaxBufferedBytes", v, Long.MIN_VALUE,
                Long.MAX_VALUE)));
        m.put("MaxBufferedRecords", (b, v) -> b.maxBufferedRecords(parseInt(v)));
        m.put("MaxBlockTime", (b, v) -> b.maxBlockTime(millis(v)));
        m.put("RetryBaseDelay", (b, v) -> b.retryBaseDelay(millis(v)));
        m.put("RetryMaxDelay", (b, v) -> b.retryMaxDelay(millis(v)));
        m.put("CloseTimeout", (b, v) -> b.closeTimeout(millis(v)));
        return Map.copyOf(m);
    }

    private static boolean parseBoolean(String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("not true or false: " + value);
    }

    private static int parseInt(String value) {
        return parseLong("value", value, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue();
    }

    private static Duration millis(String value) {
        return Duration.ofMillis(parseLong("milliseconds", value, 0, Long.MAX_VALUE));
    }

    private static Long parseLong(String what, String value, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: " + value, e);
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(what + " must be " + min + " to " + max + ": " + value);
        }
        return parsed;
    }
}
