package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

class LocalBackendLifecycleTest {

    @TempDir
    Path dataDir;

    private static Set<String> backendThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("sluice-"))
                .collect(Collectors.toSet());
    }

    @Test
    void closeReleasesEveryThreadThePortAndTheDataDirectory() throws IOException {
        Set<String> before = backendThreads();
        LocalBackend backend = LocalBackend.builder().port(0).dataDirectory(dataDir).build().start();
        int port = backend.port();
        try (KinesisClient kinesis = ClientKind.SYNC_CBOR.create(LocalClients.of(backend))) {
            kinesis.createStream(b -> b.streamName("lifecycle").shardCount(2));
            kinesis.listStreams();
        }
        assertThat(backendThreads()).hasSizeGreaterThan(before.size());
        backend.close();

        // Netty completes an event loop's termination just before its thread exits: allow that moment.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (!backendThreads().equals(before) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(backendThreads()).isEqualTo(before);
        try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
        LocalBackend second = LocalBackend.builder().port(0).dataDirectory(dataDir).build().start();
        second.close();
        backend.close();
    }

    @Test
    void aDataDirectoryServesOneBackendAtATime() {
        try (LocalBackend first = LocalBackend.builder().port(0).dataDirectory(dataDir).build().start()) {
            assertThatThrownBy(() -> LocalBackend.builder().port(0).dataDirectory(dataDir).build().start())
                    .hasMessageContaining("is in use by another backend");
            assertThat(first.isDurable()).isTrue();
        }
    }

    @Test
    void aBusyPortFailsStartCleanly() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Set<String> before = backendThreads();
            assertThatThrownBy(() -> LocalBackend.builder().port(taken.getLocalPort()).build().start())
                    .isInstanceOf(Exception.class);
            assertThat(backendThreads()).isEqualTo(before);
        }
    }

    @Test
    void theBuilderRejectsBadSettingsWhereTheyAreMade() {
        assertThatThrownBy(() -> LocalBackend.builder().port(70_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalBackend.builder().createDelay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalBackend.builder().defaultRegion("US East"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalBackend.builder().fsync(true).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("data directory");
        LocalBackend notStarted = LocalBackend.builder().build();
        assertThatThrownBy(notStarted::endpoint).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void bindsLoopbackByDefault() {
        try (LocalBackend backend = LocalBackend.builder().port(0).build().start()) {
            assertThat(backend.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(backend.region()).isEqualTo("us-east-1");
        }
    }
}
