package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration: the KPL's defaults, validation at the call that errs, and KPL properties files. */
class ProducerConfigTest {

    @Test
    void defaultsAreTheKpls() {
        ProducerConfig config = ProducerConfig.defaults();
        assertThat(config.aggregationEnabled()).isTrue();
        assertThat(config.aggregationMaxCount()).isEqualTo(4_294_967_295L);
        assertThat(config.aggregationMaxSize()).isEqualTo(51_200);
        assertThat(config.collectionMaxCount()).isEqualTo(500);
        assertThat(config.collectionMaxSize()).isEqualTo(5_242_880);
        assertThat(config.recordMaxBufferedTime()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.recordTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.rateLimit()).isEqualTo(150);
        assertThat(config.maxConnections()).isEqualTo(24);
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofMillis(6_000));
        assertThat(config.failIfThrottled()).isFalse();
    }

    @Test
    void aBadValueIsRefusedByItsSetterWithItsName() {
        assertThatThrownBy(() -> ProducerConfig.builder().collectionMaxCount(501))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("collectionMaxCount must be 1 to 500: 501");
        assertThatThrownBy(() -> ProducerConfig.builder().aggregationMaxSize(2_000_000))
                .hasMessageStartingWith("aggregationMaxSize must be 64 to 1048576");
        assertThatThrownBy(() -> ProducerConfig.builder().recordTtl(Duration.ofMillis(1)))
                .hasMessageStartingWith("recordTtl must be");
        assertThatThrownBy(() -> ProducerConfig.builder().endpoint(URI.create("ftp://x")))
                .hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> ProducerConfig.builder().maxBufferedBytes(8L * 1024 * 1024).build())
                .hasMessageContaining("leaves -2097152 bytes for records");
        assertThat(ProducerConfig.defaults().maxInFlightBytes()).isEqualTo(5L * 1024 * 1024);
        assertThat(ProducerConfig.defaults().maxBufferedRecordBytes()).isEqualTo(22L * 1024 * 1024);
        assertThatThrownBy(() -> ProducerConfig.builder().retryBaseDelay(Duration.ofSeconds(2))
                .retryMaxDelay(Duration.ofSeconds(1)).build()).hasMessageContaining("retryMaxDelay");
    }

    @Test
    void aKplPropertiesFileConfiguresTheProducer(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("default_config.properties");
        Files.writeString(file, String.join("\n",
                "# a KPL file, unchanged",
                "AggregationEnabled = false",
                "AggregationMaxCount = 1000",
                "AggregationMaxSize = 100000",
                "CollectionMaxCount = 200",
                "CollectionMaxSize = 1048576",
                "RecordMaxBufferedTime = 250",
                "RecordTtl = 60000",
                "RateLimit = 90",
                "MaxConnections = 8",
                "RequestTimeout = 3000",
                "FailIfThrottled = true",
                "Region = eu-west-1",
                "KinesisEndpoint = localhost",
                "KinesisPort = 4567",
                "VerifyCertificate = false",
                "MetricsLevel = none",
                "NativeExecutable = /opt/kpl",
                "MaxBufferedBytes = 33554432",
                "MaxBlockTime = 500"));
        ProducerConfig config = ProducerConfig.fromKplProperties(file).build();
        assertThat(config.aggregationEnabled()).isFalse();
        assertThat(config.aggregationMaxCount()).isEqualTo(1_000);
        assertThat(config.aggregationMaxSize()).isEqualTo(100_000);
        assertThat(config.collectionMaxCount()).isEqualTo(200);
        assertThat(config.collectionMaxSize()).isEqualTo(1_048_576);
        assertThat(config.recordMaxBufferedTime()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.recordTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.rateLimit()).isEqualTo(90);
        assertThat(config.maxConnections()).isEqualTo(8);
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.failIfThrottled()).isTrue();
        assertThat(config.region()).contains("eu-west-1");
        assertThat(config.endpoint()).contains(URI.create("https://localhost:4567"));
        assertThat(config.verifyCertificate()).isFalse();
        assertThat(config.maxBufferedBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(config.maxBlockTime()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aBadOrUnknownPropertyIsNamed() {
        Properties bad = new Properties();
        bad.setProperty("RecordTtl", "soon");
        assertThatThrownBy(() -> ProducerConfig.fromKplProperties(bad))
                .hasMessageStartingWith("Bad value for RecordTtl: not a whole number: soon");
        Properties range = new Properties();
        range.setProperty("CollectionMaxCount", "1000");
        assertThatThrownBy(() -> ProducerConfig.fromKplProperties(range))
                .hasMessageContaining("CollectionMaxCount").hasMessageContaining("1 to 500");
        Properties unknown = new Properties();
        unknown.setProperty("RecordTTL", "1000");
        assertThatThrownBy(() -> ProducerConfig.fromKplProperties(unknown))
                .hasMessageStartingWith("Unknown producer setting RecordTTL");
    }
}
