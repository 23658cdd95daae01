package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.local.junit.LocalBackendExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

@ExtendWith(LocalBackendExtension.class)
class LocalBackendExtensionTest {

    @Test
    void resolvesTheBackendAndReadyClientsWithStreamsActiveAtOnce(LocalBackend backend, LocalClients clients) {
        assertThat(clients.endpoint()).isEqualTo(backend.endpoint());
        assertThat(backend.endpoint().getPort()).isPositive();
        assertThat(clients.region().id()).isEqualTo("us-east-1");
        try (KinesisClient kinesis = clients.kinesis().build()) {
            kinesis.createStream(b -> b.streamName("extension").shardCount(1));
            assertThat(kinesis.describeStreamSummary(b -> b.streamName("extension")).streamDescriptionSummary()
                    .streamStatus()).isEqualTo(StreamStatus.ACTIVE);
        }
    }

    @Test
    void everyTestOfTheClassSharesOneBackend(LocalClients clients) {
        try (KinesisClient kinesis = clients.kinesis().build()) {
            kinesis.createStream(b -> b.streamName("extension-2").shardCount(1));
            assertThat(kinesis.listStreams().streamNames()).contains("extension-2");
        }
    }
}
