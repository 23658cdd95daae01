package io.sluice.samples.analytics;

import io.sluice.samples.AwsClients;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesisanalytics.KinesisAnalyticsClient;
import software.amazon.awssdk.services.kinesisanalytics.model.ApplicationDetail;
import software.amazon.awssdk.services.kinesisanalytics.model.InputStartingPosition;
import software.amazon.awssdk.services.kinesisanalytics.model.RecordColumn;
import software.amazon.awssdk.services.kinesisanalytics.model.RecordFormatType;
import software.amazon.awssdk.services.kinesisanalytics.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesisanalytics.model.SourceSchema;

/**
 * Template: deploy a Kinesis Data Analytics (SQL) application. It reads the SQL from a file (or the bundled
 * per-page, per-minute count), takes the input schema from {@code --column} options or discovers it from the
 * input stream's records (DiscoverInputSchema), creates the application with the input stream and an output stream
 * for {@code DESTINATION_SQL_STREAM} and starts it. When the application exists, it updates only its code (the
 * input and outputs stay) and starts it if it is stopped. It runs the same
 * against AWS (while the service lasts) and against backend-local. Not thread-safe; run once.
 */
@Command(name = "sql-application", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Deploys and starts a Kinesis Data Analytics (SQL) application.")
public class SqlApplication implements Callable<Integer> {

    static final String BUNDLED = "/analytics/page-counts.sql";

    @Option(names = "--name", required = true, description = "Application name.")
    String name;

    @Option(names = "--input-stream", required = true, description = "Data stream of JSON records to read.")
    String inputStream;

    @Option(names = "--output-stream", required = true, description = "Data stream DESTINATION_SQL_STREAM goes to.")
    String outputStream;

    @Option(names = "--sql", description = "SQL file. Default: the bundled per-page, per-minute count.")
    Path sql;

    @Option(names = "--column", description = "An input column NAME=SQLTYPE (JSON path $.NAME); repeat it. "
            + "Default: discovered from the input stream.")
    List<String> columns = new ArrayList<>();

    @Option(names = "--position", description = "NOW, TRIM_HORIZON or LAST_STOPPED_POINT. Default: "
            + "${DEFAULT-VALUE}.")
    String position = "NOW";

    @Option(names = "--role", description = "The IAM role the application assumes. Default: ${DEFAULT-VALUE}.")
    String role = "arn:aws:iam::000000000000:role/analytics";

    @Option(names = "--endpoint", description = "Endpoint (backend-local). Default: AWS's.")
    URI endpoint;

    @Option(names = "--region", description = "Region. Default: the SDK's region chain.")
    String region;

    private final AwsClients.Settings defaults;

    /** With the SDK's default credential chain. */
    public SqlApplication() {
        this(null);
    }

    /**
     * With these credentials (tests, backend-local); else the SDK's default chain.
     *
     * @param credentials the client's credentials, or {@code null} for the default chain
     */
    public SqlApplication(software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials) {
        this.defaults = new AwsClients.Settings(credentials);
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the options; {@code --help} lists them
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new SqlApplication()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        AwsClients aws = new AwsClients(endpoint, region, defaults.credentials());
        String code = code();
        try (KinesisClient kinesis = aws.configure(KinesisClient.builder()).build();
                KinesisAnalyticsClient analytics = aws.configure(KinesisAnalyticsClient.builder()).build()) {
            String input = arn(kinesis, inputStream);
            String output = arn(kinesis, outputStream);
            ApplicationDetail existing = describe(analytics);
            if (existing != null) {
                analytics.updateApplication(b -> b.applicationName(name)
                        .currentApplicationVersionId(existing.applicationVersionId())
                        .applicationUpdate(u -> u.applicationCodeUpdate(code)));
                System.out.println("Updated the code of " + name + " (version " + (existing.applicationVersionId() + 1)
                        + "); its input and outputs stay as they are.");
                if ("READY".equals(existing.applicationStatusAsString())) {
                    start(analytics, existing.inputDescriptions().get(0).inputId());
                }
                return 0;
            }
            SourceSchema schema = schema(analytics, input);
            analytics.createApplication(b -> b.applicationName(name).applicationCode(code)
                    .inputs(i -> i.namePrefix("SOURCE_SQL_STREAM")
                            .kinesisStreamsInput(k -> k.resourceARN(input).roleARN(role)).inputSchema(schema))
                    .outputs(o -> o.name("DESTINATION_SQL_STREAM")
                            .kinesisStreamsOutput(k -> k.resourceARN(output).roleARN(role))
                            .destinationSchema(d -> d.recordFormatType(RecordFormatType.JSON))));
            start(analytics, describe(analytics).inputDescriptions().get(0).inputId());
            System.out.println("Started " + name + ": " + inputStream + " -> " + outputStream + " with columns "
                    + schema.recordColumns().stream().map(c -> c.name() + " " + c.sqlType()).toList());
        }
        return 0;
    }

    private void start(KinesisAnalyticsClient analytics, String inputId) {
        analytics.startApplication(b -> b.applicationName(name).inputConfigurations(c -> c.id(inputId)
                .inputStartingPositionConfiguration(p -> p.inputStartingPosition(
                        InputStartingPosition.fromValue(position)))));
        System.out.println("Started " + name + " at " + position + ".");
    }

    private String code() throws IOException {
        if (sql != null) {
            return Files.readString(sql, StandardCharsets.UTF_8);
        }
        try (InputStream in = SqlApplication.class.getResourceAsStream(BUNDLED)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private ApplicationDetail describe(KinesisAnalyticsClient analytics) {
        try {
            return analytics.describeApplication(b -> b.applicationName(name)).applicationDetail();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    /** The columns given, or what DiscoverInputSchema finds in the stream's records. */
    private SourceSchema schema(KinesisAnalyticsClient analytics, String input) {
        if (columns.isEmpty()) {
            return analytics.discoverInputSchema(b -> b.resourceARN(input).roleARN(role)
                    .inputStartingPositionConfiguration(p -> p.inputStartingPosition(
                            InputStartingPosition.TRIM_HORIZON))).inputSchema();
        }
        List<RecordColumn> given = new ArrayList<>();
        for (String column : columns) {
            int eq = column.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--column needs NAME=SQLTYPE: "
                        + column);
            }
            String columnName = column.substring(0, eq);
            given.add(RecordColumn.builder().name(columnName).sqlType(column.substring(eq + 1))
                    .mapping("$." + columnName).build());
        }
        return SourceSchema.builder().recordFormat(f -> f.recordFormatType(RecordFormatType.JSON)
                .mappingParameters(m -> m.jsonMappingParameters(j -> j.recordRowPath("$"))))
                .recordEncoding("UTF-8").recordColumns(given).build();
    }

    private static String arn(KinesisClient kinesis, String stream) {
        return kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamARN();
    }
}
