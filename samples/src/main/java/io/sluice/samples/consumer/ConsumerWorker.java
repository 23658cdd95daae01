package io.sluice.samples.consumer;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.consumer.ConsumerConfig;
import io.sluice.consumer.InitialPosition;
import io.sluice.consumer.KinesisClientRecord;
import io.sluice.consumer.Scheduler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;

/**
 * Template: a consumer worker. Copy it, put your logic in {@link #handle(List)}, and run as many copies as you
 * need: workers with the same application name share the stream's shards through the lease table (in DynamoDB,
 * created on first start) and take over each other's shards when one stops or dies.
 *
 * <p>Metrics (Micrometer) are served for Prometheus on {@code http://127.0.0.1:<metrics-port>/metrics}. Scale the
 * fleet on {@code MaxMillisBehindLatest}: the worst lag, in milliseconds, over the shards a worker holds. When it
 * grows and stays up, add workers (up to one per shard); when it stays near zero across the fleet, remove some -
 * the others take the shards over within the failover time.
 *
 * <p>Credentials and region come from the SDK's default chains on AWS; {@code --endpoint} (with static
 * credentials from {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}) points it at backend-local. Ctrl-C (or
 * SIGTERM) stops it gracefully: the last handled record of each shard is checkpointed before the leases are
 * released. The metrics endpoint binds {@code --metrics-bind} (loopback by default; use {@code 0.0.0.0} for a
 * Prometheus server on another host).
 * Not thread-safe; one per process.
 */
@Command(name = "consumer-worker", mixinStandardHelpOptions = true, sortOptions = false,
        description = "A Sluice consumer worker: batches, checkpoints every N seconds, Prometheus metrics.")
public class ConsumerWorker implements Callable<Integer> {

    @Option(names = "--application", required = true, description = "Application name (the lease table's).")
    String application;

    @Option(names = "--stream", required = true, description = "Stream to read.")
    String stream;

    @Option(names = "--worker-id", description = "This worker's id. Default: host and process id.")
    String workerId = ProcessHandle.current().pid() + "@" + hostName();

    @Option(names = "--endpoint", description = "Kinesis and DynamoDB endpoint (backend-local). Default: AWS's.")
    URI endpoint;

    @Option(names = "--region", description = "Region. Default: the SDK's region chain.")
    String region;

    @Option(names = "--batch-size", description = "Records per batch. Default: ${DEFAULT-VALUE}.")
    int batchSize = 500;

    @Option(names = "--checkpoint-seconds", description = "Seconds between checkpoints. Default: ${DEFAULT-VALUE}.")
    int checkpointSeconds = 10;

    @Option(names = "--metrics-bind", description = "Address of the Prometheus endpoint. Default: "
            + "${DEFAULT-VALUE}.")
    String metricsBind = "127.0.0.1";

    @Option(names = "--metrics-port", description = "Port of the Prometheus endpoint; 0 picks one. Default: "
            + "${DEFAULT-VALUE}.")
    int metricsPort = 9400;

    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials;
    private KinesisAsyncClient kinesisClient;
    private DynamoDbClient dynamoClient;

    /** A worker whose clients take credentials from the SDK's default chain. */
    public ConsumerWorker() {
        this(null);
    }

    /**
     * A worker whose clients use these credentials (tests, backend-local).
     *
     * @param credentials the clients' credentials
     */
    public ConsumerWorker(software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials) {
        this.credentials = credentials;
    }

    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Scheduler scheduler;
    private volatile HttpServer server;

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the options; {@code --help} lists them
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ConsumerWorker()).execute(args));
    }

    /**
     * Your business logic: one batch of records of one shard, in order. Throwing retries per the policy.
     *
     * @param batch the records, never empty
     */
    protected void handle(List<KinesisClientRecord> batch) {
        System.out.printf("%s: %d records, last %s%n", workerId, batch.size(),
                batch.get(batch.size() - 1).sequenceNumber());
    }

    @Override
    public Integer call() throws Exception {
        start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
        stopped.await();
        return 0;
    }

    /**
     * Starts the metrics endpoint and the worker; returns once the worker runs.
     *
     * @throws IOException when the metrics port cannot be bound
     */
    public void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(metricsBind, metricsPort), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        KinesisAsyncClientBuilder kinesis = KinesisAsyncClient.builder();
        DynamoDbClientBuilder dynamo = DynamoDbClient.builder();
        if (endpoint != null) {
            kinesis.endpointOverride(endpoint);
            dynamo.endpointOverride(endpoint);
        }
        if (region != null) {
            kinesis.region(Region.of(region));
            dynamo.region(Region.of(region));
        }
        if (credentials != null) {
            kinesis.credentialsProvider(credentials);
            dynamo.credentialsProvider(credentials);
        }
        kinesisClient = kinesis.build();
        dynamoClient = dynamo.build();
        Consumer<List<KinesisClientRecord>> logic = this::handle;
        ConsumerConfig config = ConsumerConfig.builder(application, stream).workerId(workerId)
                .initialPosition(InitialPosition.TRIM_HORIZON).meterRegistry(metrics).build();
        scheduler = Scheduler.create(config, () -> new BatchingProcessor(logic, batchSize,
                Duration.ofSeconds(checkpointSeconds), Clock.systemUTC()), kinesisClient, dynamoClient);
        scheduler.start();
    }

    /**
     * The port the metrics endpoint listens on.
     *
     * @return the bound port
     */
    public int metricsPort() {
        return server.getAddress().getPort();
    }

    /** Stops gracefully: batches handled and checkpointed, leases released, the endpoint closed. */
    public void stop() {
        try {
            if (scheduler != null) {
                scheduler.shutdownGracefully(Duration.ofSeconds(30));
                scheduler.close();
            }
        } finally {
            if (kinesisClient != null) {
                kinesisClient.close();
                dynamoClient.close();
            }
            if (server != null) {
                server.stop(0);
            }
            stopped.countDown();
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
