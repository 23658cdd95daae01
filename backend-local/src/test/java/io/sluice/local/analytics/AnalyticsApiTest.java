package io.sluice.local.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.local.junit.LocalBackendExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesisanalytics.KinesisAnalyticsClient;
import software.amazon.awssdk.services.kinesisanalytics.model.ApplicationDetail;
import software.amazon.awssdk.services.kinesisanalytics.model.ApplicationStatus;
import software.amazon.awssdk.services.kinesisanalytics.model.CodeValidationException;
import software.amazon.awssdk.services.kinesisanalytics.model.ConcurrentModificationException;
import software.amazon.awssdk.services.kinesisanalytics.model.Input;
import software.amazon.awssdk.services.kinesisanalytics.model.InputStartingPosition;
import software.amazon.awssdk.services.kinesisanalytics.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesisanalytics.model.KinesisAnalyticsException;
import software.amazon.awssdk.services.kinesisanalytics.model.Output;
import software.amazon.awssdk.services.kinesisanalytics.model.RecordFormatType;
import software.amazon.awssdk.services.kinesisanalytics.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesisanalytics.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesisanalytics.model.Tag;

/** The Analytics API through the SDK's client: lifecycle, versions, limits, errors, tags, and a running filter. */
class AnalyticsApiTest {

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b.createDelay(Duration.ZERO)
            .deleteDelay(Duration.ZERO).updateDelay(Duration.ZERO).shardThroughputLimits(false));

    static final String ROLE = "arn:aws:iam::123456789012:role/analytics";
    static final String FILTER = """
            CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM"
              (symbol VARCHAR(4), sector VARCHAR(12), CHANGE DOUBLE, price DOUBLE);
            CREATE OR REPLACE PUMP "STREAM_PUMP" AS
               INSERT INTO "DESTINATION_SQL_STREAM"
                  SELECT STREAM ticker_symbol, sector, CHANGE, price
                  FROM "SOURCE_SQL_STREAM_001"
                  WHERE sector SIMILAR TO '%TECH%';
            """;

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

    static String stream(String name) {
        return StreamRecords.create(kinesis, name);
    }

    static Input tickerInput(String streamArn) {
        return Input.builder().namePrefix("SOURCE_SQL_STREAM")
                .kinesisStreamsInput(b -> b.resourceARN(streamArn).roleARN(ROLE))
                .inputSchema(s -> s.recordFormat(f -> f.recordFormatType(RecordFormatType.JSON)
                        .mappingParameters(m -> m.jsonMappingParameters(j -> j.recordRowPath("$"))))
                        .recordEncoding("UTF-8")
                        .recordColumns(
                                c -> c.name("TICKER_SYMBOL").mapping("$.TICKER_SYMBOL").sqlType("VARCHAR(4)"),
                                c -> c.name("SECTOR").mapping("$.SECTOR").sqlType("VARCHAR(16)"),
                                c -> c.name("CHANGE").mapping("$.CHANGE").sqlType("REAL"),
                                c -> c.name("PRICE").mapping("$.PRICE").sqlType("REAL")))
                .build();
    }

    static Output streamOutput(String name, String streamArn) {
        return Output.builder().name(name).kinesisStreamsOutput(b -> b.resourceARN(streamArn).roleARN(ROLE))
                .destinationSchema(d -> d.recordFormatType(RecordFormatType.JSON)).build();
    }

    static ApplicationDetail describe(String name) {
        return analytics.describeApplication(b -> b.applicationName(name)).applicationDetail();
    }

    @Test
    void filterApplicationRunsFromCreateToDelete() throws Exception {
        String source = stream("api-ticker");
        String destination = stream("api-tech");
        var created = analytics.createApplication(b -> b.applicationName("filter").applicationDescription("tech")
                .inputs(tickerInput(source)).outputs(streamOutput("DESTINATION_SQL_STREAM", destination))
                .applicationCode(FILTER)).applicationSummary();
        assertThat(created.applicationStatus()).isEqualTo(ApplicationStatus.READY);
        assertThat(created.applicationARN()).isEqualTo(
                "arn:aws:kinesisanalytics:us-east-1:000000000000:application/filter");

        ApplicationDetail detail = describe("filter");
        assertThat(detail.applicationVersionId()).isEqualTo(1L);
        assertThat(detail.inputDescriptions()).singleElement().satisfies(in -> {
            assertThat(in.inputId()).isEqualTo("1.1");
            assertThat(in.inAppStreamNames()).containsExactly("SOURCE_SQL_STREAM_001");
            assertThat(in.inputParallelism().count()).isEqualTo(1);
            assertThat(in.inputStartingPositionConfiguration().inputStartingPosition()).isNull();
            assertThat(in.kinesisStreamsInputDescription().resourceARN()).isEqualTo(source);
        });
        assertThat(detail.outputDescriptions()).singleElement().satisfies(out -> {
            assertThat(out.outputId()).isEqualTo("1.1");
            assertThat(out.name()).isEqualTo("DESTINATION_SQL_STREAM");
        });
        assertThat(detail.applicationCode()).isEqualTo(FILTER);
        assertThat(detail.createTimestamp()).isEqualTo(detail.lastUpdateTimestamp());
        assertThat(analytics.listApplications(b -> b.limit(50)).applicationSummaries())
                .anySatisfy(s -> assertThat(s.applicationName()).isEqualTo("filter"));

        analytics.startApplication(b -> b.applicationName("filter").inputConfigurations(c -> c.id("1.1")
                .inputStartingPositionConfiguration(p -> p.inputStartingPosition(InputStartingPosition.NOW))));
        assertThat(describe("filter").applicationStatus()).isEqualTo(ApplicationStatus.RUNNING);
        assertThat(describe("filter").inputDescriptions().get(0).inputStartingPositionConfiguration()
                .inputStartingPosition()).isEqualTo(InputStartingPosition.NOW);
        assertThatThrownBy(() -> analytics.startApplication(b -> b.applicationName("filter")
                .inputConfigurations(c -> c.id("1.1").inputStartingPositionConfiguration(
                        p -> p.inputStartingPosition(InputStartingPosition.NOW)))))
                .isInstanceOf(ResourceInUseException.class);

        StreamRecords.put(kinesis, "api-ticker", List.of(
                "{\"TICKER_SYMBOL\":\"AMZN\",\"SECTOR\":\"TECHNOLOGY\",\"CHANGE\":1.5,\"PRICE\":900.25}",
                "{\"TICKER_SYMBOL\":\"XOM\",\"SECTOR\":\"ENERGY\",\"CHANGE\":-0.5,\"PRICE\":80.0}",
                "{\"TICKER_SYMBOL\":\"QXZ\",\"SECTOR\":\"FINTECH\",\"CHANGE\":0,\"PRICE\":12.5}"));
        List<String> out = StreamRecords.await(kinesis, "api-tech", 2, Duration.ofSeconds(10));
        assertThat(out).containsExactlyInAnyOrder(
                "{\"SYMBOL\":\"AMZN\",\"SECTOR\":\"TECHNOLOGY\",\"CHANGE\":1.5,\"PRICE\":900.25}",
                "{\"SYMBOL\":\"QXZ\",\"SECTOR\":\"FINTECH\",\"CHANGE\":0.0,\"PRICE\":12.5}");

        analytics.stopApplication(b -> b.applicationName("filter"));
        assertThat(describe("filter").applicationStatus()).isEqualTo(ApplicationStatus.READY);
        analytics.deleteApplication(b -> b.applicationName("filter").createTimestamp(detail.createTimestamp()));
        assertThatThrownBy(() -> describe("filter")).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void configurationChangesNeedTheCurrentVersionAndRespectTheLimits() {
        String source = stream("api-config");
        String a = stream("api-out-a");
        analytics.createApplication(b -> b.applicationName("config").inputs(tickerInput(source))
                .applicationCode(FILTER).tags(Tag.builder().key("team").value("data").build()));
        assertThatThrownBy(() -> analytics.addApplicationOutput(b -> b.applicationName("config")
                .currentApplicationVersionId(7L).output(streamOutput("DESTINATION_SQL_STREAM", a))))
                .isInstanceOf(ConcurrentModificationException.class);
        for (long version = 1; version <= 3; version++) {
            long v = version;
            analytics.addApplicationOutput(b -> b.applicationName("config").currentApplicationVersionId(v)
                    .output(streamOutput("DESTINATION_SQL_STREAM", a)));
        }
        ApplicationDetail detail = describe("config");
        assertThat(detail.applicationVersionId()).isEqualTo(4L);
        assertThat(detail.outputDescriptions()).extracting(o -> o.outputId()).containsExactly("2.1", "3.1", "4.1");
        assertThatThrownBy(() -> analytics.addApplicationOutput(b -> b.applicationName("config")
                .currentApplicationVersionId(4L).output(streamOutput("DESTINATION_SQL_STREAM", a))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("3 outputs");
        analytics.deleteApplicationOutput(b -> b.applicationName("config").currentApplicationVersionId(4L)
                .outputId("3.1"));
        assertThat(describe("config").outputDescriptions()).extracting(o -> o.outputId())
                .containsExactly("2.1", "4.1");
        assertThatThrownBy(() -> analytics.addApplicationInput(b -> b.applicationName("config")
                .currentApplicationVersionId(5L).input(tickerInput(source))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("one streaming source");
        assertThatThrownBy(() -> analytics.updateApplication(b -> b.applicationName("config")
                .currentApplicationVersionId(5L).applicationUpdate(u -> u.applicationCodeUpdate(
                        "CREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"NOWHERE\" SELECT STREAM * FROM "
                                + "\"SOURCE_SQL_STREAM_001\";"))))
                .isInstanceOf(CodeValidationException.class).hasMessageContaining("Stream NOWHERE not found");
        analytics.updateApplication(b -> b.applicationName("config").currentApplicationVersionId(5L)
                .applicationUpdate(u -> u.applicationCodeUpdate(FILTER.replace("%TECH%", "%ENERGY%"))
                        .inputUpdates(i -> i.inputId("1.1").inputParallelismUpdate(p -> p.countUpdate(2)))));
        detail = describe("config");
        assertThat(detail.applicationVersionId()).isEqualTo(6L);
        assertThat(detail.applicationCode()).contains("%ENERGY%");
        assertThat(detail.inputDescriptions().get(0).inAppStreamNames())
                .containsExactly("SOURCE_SQL_STREAM_001", "SOURCE_SQL_STREAM_002");

        String arn = detail.applicationARN();
        analytics.tagResource(b -> b.resourceARN(arn).tags(Tag.builder().key("env").value("test").build()));
        analytics.untagResource(b -> b.resourceARN(arn).tagKeys("team"));
        assertThat(analytics.listTagsForResource(b -> b.resourceARN(arn)).tags())
                .containsExactly(Tag.builder().key("env").value("test").build());
        assertThat(describe("config").applicationVersionId()).isEqualTo(6L);
    }

    @Test
    void badRequestsGetTheirErrors() {
        String source = stream("api-errors");
        assertThatThrownBy(() -> analytics.createApplication(b -> b.applicationName("bad")
                .inputs(tickerInput(source)).applicationCode(FILTER.replace("ticker_symbol,", "nope,"))))
                .isInstanceOf(CodeValidationException.class).hasMessageContaining("Column 'NOPE' not found");
        assertThatThrownBy(() -> analytics.createApplication(b -> b.applicationName("bad name!")))
                .isInstanceOf(KinesisAnalyticsException.class)
                .satisfies(e -> assertThat(((KinesisAnalyticsException) e).awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"))
                .hasMessageContaining("applicationName");
        assertThatThrownBy(() -> analytics.createApplication(b -> b.applicationName("nostream")
                .inputs(tickerInput(source.replace("api-errors", "missing")))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("does not exist");
        analytics.createApplication(b -> b.applicationName("twice"));
        assertThatThrownBy(() -> analytics.createApplication(b -> b.applicationName("twice")))
                .isInstanceOf(ResourceInUseException.class);
        assertThatThrownBy(() -> analytics.startApplication(b -> b.applicationName("twice")
                .inputConfigurations(c -> c.id("1.1").inputStartingPositionConfiguration(
                        p -> p.inputStartingPosition(InputStartingPosition.NOW)))))
                .isInstanceOf(software.amazon.awssdk.services.kinesisanalytics.model
                        .InvalidApplicationConfigurationException.class);
        assertThatThrownBy(() -> analytics.stopApplication(b -> b.applicationName("twice")))
                .isInstanceOf(ResourceInUseException.class);
        assertThatThrownBy(() -> analytics.describeApplication(b -> b.applicationName("nobody")))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
