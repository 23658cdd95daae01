package io.sluice.local.internal.analytics;

import io.sluice.aggregation.Deaggregator;
import io.sluice.local.internal.analytics.model.AnalyticsModel.DiscoverInputSchemaRequest;
import io.sluice.local.internal.analytics.model.AnalyticsModel.DiscoverInputSchemaResponse;
import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.ErrorCode;
import io.sluice.local.internal.protocol.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * DiscoverInputSchema: samples up to {@value #SAMPLES} records of a data stream (from its start for
 * TRIM_HORIZON and LAST_STOPPED_POINT, from the request's time for NOW) or reads an object of the S3 folder, and
 * infers a schema with {@link SchemaDiscovery}. Thread-safe.
 */
final class DiscoveryActions {

    static final int SAMPLES = 100;
    /** How long sampling at NOW waits for records to arrive. */
    static final long WAIT_MILLIS = 3_000;

    private final AnalyticsRuntime.Clients clients;
    private final Path s3Directory;
    private final Resources resources;

    private final java.util.concurrent.Executor work;

    /** @param work where sampling runs: it calls this backend's own API, so never on a request's thread */
    DiscoveryActions(AnalyticsRuntime.Clients clients, Path s3Directory, Resources resources,
            java.util.concurrent.Executor work) {
        this.work = work;
        this.clients = clients;
        this.s3Directory = s3Directory;
        this.resources = resources;
    }

    java.util.concurrent.CompletableFuture<DiscoverInputSchemaResponse> discover(RequestContext ctx,
            DiscoverInputSchemaRequest in) {
        Validator v = new Validator().string("resourceARN", in.resourceArn(), false, 1, 2048, AnalyticsRules.ARN)
                .string("roleARN", in.roleArn(), false, 1, 2048, AnalyticsRules.ROLE);
        if (in.startingPosition() != null) {
            v.enumeration("inputStartingPositionConfiguration.inputStartingPosition",
                    in.startingPosition().inputStartingPosition(), false, AnalyticsRules.POSITIONS);
        }
        if (in.s3Configuration() != null) {
            v.string("s3Configuration.roleARN", in.s3Configuration().roleArn(), true, 1, 2048, AnalyticsRules.ROLE)
                    .string("s3Configuration.bucketARN", in.s3Configuration().bucketArn(), true, 1, 2048,
                            AnalyticsRules.ARN)
                    .string("s3Configuration.fileKey", in.s3Configuration().fileKey(), true, 1, 1024, null);
        }
        v.throwIfInvalid();
        if (in.s3Configuration() != null) {
            return java.util.concurrent.CompletableFuture.completedFuture(infer(List.of(object(
                    in.s3Configuration().bucketArn(), in.s3Configuration().fileKey()))));
        }
        if (in.resourceArn() == null) {
            throw ApiException.invalidArgument("DiscoverInputSchema needs a ResourceARN or an S3Configuration.");
        }
        if (in.resourceArn().contains(":firehose:")) {
            throw ApiException.invalidArgument("backend-local discovers schemas from data streams and S3 "
                    + "objects; delivery streams keep no records to sample.");
        }
        if (!resources.streamExists(ctx, in.resourceArn())) {
            throw ApiException.invalidArgument("Kinesis stream " + in.resourceArn() + " does not exist.");
        }
        String position = in.startingPosition() == null || in.startingPosition().inputStartingPosition() == null
                ? "NOW" : in.startingPosition().inputStartingPosition();
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> infer(sample(ctx, in.resourceArn(),
                position)), work);
    }

    private static DiscoverInputSchemaResponse infer(List<byte[]> samples) {
        List<String> raw = samples.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        SchemaDiscovery.Result result = SchemaDiscovery.discover(samples);
        if (result == null) {
            throw new ApiException(ErrorCode.UNABLE_TO_DETECT_SCHEMA, samples.isEmpty()
                    ? "No data found in the streaming source to discover a schema from."
                    : "Data format is not valid. Kinesis Analytics is not able to detect schema for the given "
                            + "streaming source.");
        }
        return new DiscoverInputSchemaResponse(result.schema(), result.parsed(), null, raw);
    }

    private byte[] object(String bucketArn, String key) {
        if (!bucketArn.startsWith("arn:aws:s3:::")) {
            throw ApiException.invalidArgument("BucketARN must be an S3 bucket ARN: " + bucketArn);
        }
        Path file = s3Directory.resolve(bucketArn.substring("arn:aws:s3:::".length())).resolve(key).normalize();
        if (!file.startsWith(s3Directory)) {
            throw ApiException.invalidArgument("Invalid FileKey " + key);
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw ApiException.invalidArgument("Could not read s3://" + bucketArn.substring("arn:aws:s3:::".length())
                    + "/" + key + ": " + e.getClass().getSimpleName() + ". Please check the validity of the S3 "
                    + "location you provided.");
        }
    }

    /**
     * Samples the stream: at NOW, what arrives in the next {@value #WAIT_MILLIS} ms (or until there are enough);
     * else from each shard's start.
     */
    private List<byte[]> sample(RequestContext ctx, String streamArn, String position) {
        KinesisClient kinesis = clients.kinesis(ctx.region());
        List<byte[]> samples = new ArrayList<>();
        List<String> iterators = new ArrayList<>();
        for (Shard shard : kinesis.listShards(b -> b.streamARN(streamArn)).shards()) {
            iterators.add("NOW".equals(position)
                    ? kinesis.getShardIterator(b -> b.streamARN(streamArn).shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(ctx.now())).shardIterator()
                    : kinesis.getShardIterator(b -> b.streamARN(streamArn).shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        do {
            for (int i = 0; i < iterators.size() && samples.size() < SAMPLES; i++) {
                String current = iterators.get(i);
                if (current == null) {
                    continue;
                }
                var response = kinesis.getRecords(b -> b.shardIterator(current).limit(SAMPLES));
                iterators.set(i, response.nextShardIterator());
                for (Record record : response.records()) {
                    for (Deaggregator.UserRecord user : Deaggregator.deaggregate(record.partitionKey(), null,
                            record.data().asByteArrayUnsafe())) {
                        if (samples.size() < SAMPLES) {
                            samples.add(user.data());
                        }
                    }
                }
            }
            if (!"NOW".equals(position) || samples.size() >= SAMPLES) {
                break;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        return samples;
    }
}
