package io.sluice.local.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.local.junit.LocalBackendExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesisanalytics.KinesisAnalyticsClient;
import software.amazon.awssdk.services.kinesisanalytics.model.DiscoverInputSchemaResponse;
import software.amazon.awssdk.services.kinesisanalytics.model.InputStartingPosition;
import software.amazon.awssdk.services.kinesisanalytics.model.RecordColumn;
import software.amazon.awssdk.services.kinesisanalytics.model.RecordFormatType;
import software.amazon.awssdk.services.kinesisanalytics.model.UnableToDetectSchemaException;

/** DiscoverInputSchema on an S3 object (AWS's published CSV example) and on a data stream of JSON records. */
class SchemaDiscoveryTest {

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.createDelay(Duration.ZERO)
            .shardThroughputLimits(false));

    static KinesisAnalyticsClient analytics;
    static KinesisClient kinesis;

    @BeforeAll
    static void clients() {
        analytics = BACKEND.clients().kinesisAnalytics().build();
        kinesis = BACKEND.clients().kinesis().build();
    }

    @AfterAll
    static void close() {
        analytics.close();
        kinesis.close();
    }

    @Test
    void csvObjectOfTheS3Folder() throws Exception {
        Path s3 = BACKEND.backend().s3Directory();
        Files.createDirectories(s3.resolve("energy"));
        Files.writeString(s3.resolve("energy/coal.csv"), """
                year,month,state,producer_type,energy_source,units,consumption\r
                2001,1,AK,TotalElectricPowerIndustry,Coal,ShortTons,47615\r
                2001,1,AK,ElectricGeneratorsElectricUtilities,Coal,ShortTons,16535\r
                2001,1,AK,CombinedHeatandPowerElectricPower,Coal,ShortTons,22890\r
                2001,1,AL,TotalElectricPowerIndustry,Coal,ShortTons,3020601\r
                2001,1,AL,ElectricGeneratorsElectricUtilities,Coal,ShortTons,2987681""");
        DiscoverInputSchemaResponse response = analytics.discoverInputSchema(b -> b.s3Configuration(s -> s
                .bucketARN("arn:aws:s3:::energy").fileKey("coal.csv").roleARN(AnalyticsApiTest.ROLE)));
        assertThat(response.inputSchema().recordFormat().recordFormatType()).isEqualTo(RecordFormatType.CSV);
        assertThat(response.inputSchema().recordFormat().mappingParameters().csvMappingParameters()
                .recordRowDelimiter()).isEqualTo("\r\n");
        assertThat(response.inputSchema().recordEncoding()).isEqualTo("UTF-8");
        assertThat(response.inputSchema().recordColumns()).extracting(RecordColumn::name, RecordColumn::sqlType)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("COL_year", "INTEGER"),
                        org.assertj.core.groups.Tuple.tuple("COL_month", "INTEGER"),
                        org.assertj.core.groups.Tuple.tuple("state", "VARCHAR(4)"),
                        org.assertj.core.groups.Tuple.tuple("producer_type", "VARCHAR(64)"),
                        org.assertj.core.groups.Tuple.tuple("energy_source", "VARCHAR(4)"),
                        org.assertj.core.groups.Tuple.tuple("units", "VARCHAR(16)"),
                        org.assertj.core.groups.Tuple.tuple("consumption", "INTEGER"));
        assertThat(response.parsedInputRecords().get(0)).isEqualTo(Arrays.asList(null, null, "state",
                "producer_type", "energy_source", "units", null));
        assertThat(response.parsedInputRecords().get(1)).containsExactly("2001", "1", "AK",
                "TotalElectricPowerIndustry", "Coal", "ShortTons", "47615");
        assertThat(response.rawInputRecords()).hasSize(1);
    }

    @Test
    void jsonRecordsOfADataStream() {
        StreamRecords.create(kinesis, "discover-json");
        StreamRecords.put(kinesis, "discover-json", List.of(
                "{\"ticker_symbol\":\"AMZN\",\"price\":912.5,\"qty\":3,\"at\":\"2026-01-02 10:00:00\","
                        + "\"buyer\":{\"id\":7},\"tags\":[\"a\"],\"ok\":true}",
                "{\"ticker_symbol\":\"MSFT\",\"price\":100,\"qty\":30000000000,\"at\":\"2026-01-02 10:00:01\","
                        + "\"buyer\":{\"id\":8},\"tags\":[],\"ok\":false,\"user\":\"x\"}"));
        DiscoverInputSchemaResponse response = analytics.discoverInputSchema(b -> b.resourceARN(
                kinesis.describeStreamSummary(s -> s.streamName("discover-json")).streamDescriptionSummary()
                        .streamARN()).roleARN(AnalyticsApiTest.ROLE).inputStartingPositionConfiguration(
                                p -> p.inputStartingPosition(InputStartingPosition.TRIM_HORIZON)));
        assertThat(response.inputSchema().recordFormat().mappingParameters().jsonMappingParameters()
                .recordRowPath()).isEqualTo("$");
        assertThat(response.inputSchema().recordColumns())
                .extracting(RecordColumn::name, RecordColumn::mapping, RecordColumn::sqlType).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ticker_symbol", "$.ticker_symbol", "VARCHAR(4)"),
                        org.assertj.core.groups.Tuple.tuple("price", "$.price", "DOUBLE"),
                        org.assertj.core.groups.Tuple.tuple("qty", "$.qty", "BIGINT"),
                        org.assertj.core.groups.Tuple.tuple("COL_at", "$.at", "TIMESTAMP"),
                        org.assertj.core.groups.Tuple.tuple("buyer_id", "$.buyer.id", "INTEGER"),
                        org.assertj.core.groups.Tuple.tuple("tags", "$.tags[0:]", "VARCHAR(8)"),
                        org.assertj.core.groups.Tuple.tuple("ok", "$.ok", "BOOLEAN"),
                        org.assertj.core.groups.Tuple.tuple("COL_user", "$.user", "VARCHAR(4)"));
        assertThat(response.rawInputRecords()).hasSize(2);
    }

    @Test
    void textThatIsNeitherJsonNorCsvCannotBeDetected() {
        StreamRecords.create(kinesis, "discover-text");
        StreamRecords.put(kinesis, "discover-text", List.of("just some words", "more words"));
        assertThatThrownBy(() -> analytics.discoverInputSchema(b -> b.resourceARN(
                kinesis.describeStreamSummary(s -> s.streamName("discover-text")).streamDescriptionSummary()
                        .streamARN()).roleARN(AnalyticsApiTest.ROLE).inputStartingPositionConfiguration(
                                p -> p.inputStartingPosition(InputStartingPosition.TRIM_HORIZON))))
                .isInstanceOf(UnableToDetectSchemaException.class);
    }
}
