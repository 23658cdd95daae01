package io.sluice.samples.firehose;

import io.sluice.samples.AwsClients;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.CompressionFormat;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.firehose.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Template: archive a Kinesis data stream to files with Firehose. It creates (unless it exists) a delivery stream
 * that reads the data stream and writes compressed objects under a prefix of a bucket, partitioned by hour - on
 * AWS to S3, on backend-local to its S3 folder ({@code <s3-dir>/<bucket>/<prefix>yyyy/MM/dd/HH/...}). Copy it and
 * change the buffering and compression to your needs. Not thread-safe; run once.
 */
@Command(name = "firehose-to-files", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Creates a delivery stream archiving a data stream to compressed files.")
public class FirehoseToFiles implements Callable<Integer> {

    @Option(names = "--stream", required = true, description = "The data stream to archive.")
    String stream;

    @Option(names = "--name", description = "The delivery stream's name. Default: <stream>-archive.")
    String name;

    @Option(names = "--bucket", required = true, description = "Bucket of the files.")
    String bucket;

    @Option(names = "--prefix", description = "Prefix of the files' keys. Default: ${DEFAULT-VALUE}.")
    String prefix = "archive/";

    @Option(names = "--compression", description = "GZIP, ZIP, Snappy, HADOOP_SNAPPY or UNCOMPRESSED. Default: "
            + "${DEFAULT-VALUE}.")
    String compression = "GZIP";

    @Option(names = "--buffer-mb", description = "Buffer size in MB. Default: ${DEFAULT-VALUE}.")
    int bufferMb = 5;

    @Option(names = "--buffer-seconds", description = "Buffer interval in seconds. Default: ${DEFAULT-VALUE}.")
    int bufferSeconds = 60;

    @Option(names = "--role", description = "The IAM role Firehose assumes. Default: ${DEFAULT-VALUE}.")
    String role = "arn:aws:iam::000000000000:role/firehose-archive";

    @Option(names = "--endpoint", description = "Endpoint (backend-local). Default: AWS's.")
    URI endpoint;

    @Option(names = "--region", description = "Region. Default: the SDK's region chain.")
    String region;

    private final AwsClients.Settings defaults;

    /** With the SDK's default credential chain. */
    public FirehoseToFiles() {
        this(null);
    }

    /**
     * With these credentials (tests, backend-local); else the SDK's default chain.
     *
     * @param credentials the client's credentials, or {@code null} for the default chain
     */
    public FirehoseToFiles(software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials) {
        this.defaults = new AwsClients.Settings(credentials);
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the options; {@code --help} lists them
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new FirehoseToFiles()).execute(args));
    }

    @Override
    public Integer call() {
        AwsClients aws = new AwsClients(endpoint, region, defaults.credentials());
        String deliveryStream = name != null ? name : stream + "-archive";
        try (KinesisClient kinesis = aws.configure(KinesisClient.builder()).build();
                FirehoseClient firehose = aws.configure(FirehoseClient.builder()).build()) {
            String streamArn = kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary()
                    .streamARN();
            try {
                firehose.createDeliveryStream(b -> b.deliveryStreamName(deliveryStream)
                        .deliveryStreamType(DeliveryStreamType.KINESIS_STREAM_AS_SOURCE)
                        .kinesisStreamSourceConfiguration(k -> k.kinesisStreamARN(streamArn).roleARN(role))
                        .extendedS3DestinationConfiguration(s -> s.roleARN(role).bucketARN("arn:aws:s3:::" + bucket)
                                .prefix(prefix).compressionFormat(CompressionFormat.fromValue(compression))
                                .bufferingHints(h -> h.sizeInMBs(bufferMb).intervalInSeconds(bufferSeconds))));
                System.out.println("Created delivery stream " + deliveryStream + ": " + stream + " -> s3://" + bucket
                        + "/" + prefix);
            } catch (ResourceInUseException e) {
                System.out.println("Delivery stream " + deliveryStream + " exists already.");
            }
        }
        return 0;
    }
}
