package io.sluice.bench;

import com.sun.net.httpserver.HttpServer;
import io.sluice.local.LocalBackend;
import io.sluice.local.LocalClients;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Run in a fresh JVM: the time from {@code LocalBackend.start()} to the first successful PutRecord, in-process.
 * Prints {@code startup-ms total start client create-and-put}.
 *
 * <p>With {@code --warm-sdk}, the AWS SDK is first used once against a throwaway JDK HTTP server (not the
 * backend), as in a test JVM that has already made an SDK call: the figure then shows the backend's own start-up,
 * with the backend's classes still cold. With {@code --second-start}, a backend has run and stopped in the JVM
 * before, as for the second test class of a suite.
 */
public final class StartupProbe {

    private StartupProbe() {
    }

    public static void main(String[] args) throws IOException {
        java.util.List<String> options = java.util.List.of(args);
        if (options.contains("--warm-sdk")) {
            warmSdk();
        }
        if (options.contains("--second-start")) {
            // As a later test class in the same JVM: one backend has run and stopped before.
            try (LocalBackend first = LocalBackend.builder().port(0).createDelay(Duration.ZERO).build().start();
                 KinesisClient kinesis = LocalClients.of(first).kinesis().build()) {
                kinesis.createStream(b -> b.streamName("first").shardCount(1));
                kinesis.putRecord(b -> b.streamName("first").partitionKey("k").data(SdkBytes.fromUtf8String("f")));
            }
        }
        if (Boolean.getBoolean("startup.mark")) {
            System.out.println("MARK start");
        }
        long t0 = System.nanoTime();
        LocalBackend backend = LocalBackend.builder().port(0).createDelay(Duration.ZERO).build().start();
        long t1 = System.nanoTime();
        if (Boolean.getBoolean("startup.mark")) {
            System.out.println("MARK started");
        }
        KinesisClient kinesis = LocalClients.of(backend).kinesis().build();
        long t2 = System.nanoTime();
        kinesis.createStream(b -> b.streamName("startup").shardCount(1));
        kinesis.putRecord(b -> b.streamName("startup").partitionKey("k").data(SdkBytes.fromUtf8String("first")));
        long t3 = System.nanoTime();
        System.out.printf("startup-ms %.1f %.1f %.1f %.1f%n", (t3 - t0) / 1e6, (t1 - t0) / 1e6, (t2 - t1) / 1e6,
                (t3 - t2) / 1e6);
        kinesis.close();
        backend.close();
    }

    /** One CreateStream and one PutRecord through the SDK against a server that answers an empty CBOR map. */
    private static void warmSdk() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] emptyMap = {(byte) 0xA0};
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-cbor-1.1");
            exchange.sendResponseHeaders(200, emptyMap.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(emptyMap);
            }
        });
        server.start();
        try (KinesisClient kinesis = KinesisClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .build()) {
            kinesis.createStream(b -> b.streamName("warm").shardCount(1));
            kinesis.putRecord(b -> b.streamName("warm").partitionKey("k").data(SdkBytes.fromUtf8String("w")));
        } finally {
            server.stop(0);
        }
    }
}
