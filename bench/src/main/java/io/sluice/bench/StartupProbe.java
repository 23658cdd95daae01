package io.sluice.bench;

import io.sluice.local.LocalBackend;
import io.sluice.local.LocalClients;
import java.time.Duration;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Run in a fresh JVM: the time from {@code LocalBackend.start()} to the first successful PutRecord, in-process.
 * Prints {@code startup-ms total start client create-and-put}. The SDK's own first-call cost is measured apart by
 * warming a client against a throwaway backend first when {@code --warm-sdk} is given.
 */
public final class StartupProbe {

    private StartupProbe() {
    }

    public static void main(String[] args) {
        boolean warmSdk = args.length > 0 && args[0].equals("--warm-sdk");
        if (warmSdk) {
            try (LocalBackend scratch = LocalBackend.builder().port(0).createDelay(Duration.ZERO).build().start();
                 KinesisClient kinesis = LocalClients.of(scratch).kinesis().build()) {
                kinesis.createStream(b -> b.streamName("warm").shardCount(1));
                kinesis.putRecord(b -> b.streamName("warm").partitionKey("k").data(SdkBytes.fromUtf8String("w")));
            }
        }
        long t0 = System.nanoTime();
        LocalBackend backend = LocalBackend.builder().port(0).createDelay(Duration.ZERO).build().start();
        long t1 = System.nanoTime();
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
}
