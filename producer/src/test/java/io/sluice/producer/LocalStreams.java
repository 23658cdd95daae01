package io.sluice.producer;

import io.sluice.local.LocalClients;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** What the producer's tests share: a producer configuration for a backend-local, and a stream ready to use. */
final class LocalStreams {

    private LocalStreams() {
    }

    /** A producer configuration pointed at the backend, with its static credentials and region. */
    static ProducerConfig.Builder config(LocalClients clients) {
        return ProducerConfig.builder()
                .endpoint(clients.endpoint())
                .region(clients.region().id())
                .credentialsProvider(clients.credentialsProvider());
    }

    /** Creates a stream and waits until it is ACTIVE. */
    static void create(KinesisClient kinesis, String name, int shards) {
        kinesis.createStream(b -> b.streamName(name).shardCount(shards));
        kinesis.waiter().waitUntilStreamExists(b -> b.streamName(name));
    }
}
