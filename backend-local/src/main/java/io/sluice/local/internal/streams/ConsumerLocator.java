package io.sluice.local.internal.streams;

import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.storage.ConsumerMetadata;

/**
 * Finds the consumer a request names, by ConsumerARN or by StreamARN and ConsumerName (or all three, when they
 * agree). A consumer ARN carries the registration time, so an ARN of a consumer that was deregistered and
 * registered again under the same name no longer matches. Thread-safe.
 */
public final class ConsumerLocator {

    /** A consumer, the stream it reads, and its ARN. */
    public record Found(Stream stream, ConsumerMetadata consumer, String arn) {

        public ConsumerStatus status(long nowMillis) {
            return ConsumerStatus.of(consumer, nowMillis);
        }
    }

    private final StreamLocator streams;

    public ConsumerLocator(StreamLocator streams) {
        this.streams = streams;
    }

    public static String arn(Stream stream, ConsumerMetadata consumer) {
        return ConsumerArns.format(stream.arn(), consumer.name(), consumer.arnSeconds());
    }

    /** The named consumer, or ResourceNotFoundException; InvalidArgumentException when the names disagree. */
    public Found require(RequestContext ctx, String streamArn, String consumerName, String consumerArn) {
        if (consumerArn != null) {
            ConsumerArns.Parsed parsed = ConsumerArns.parse(consumerArn);
            if (parsed == null) {
                throw ApiException.resourceNotFound(notFound(consumerArn, ctx));
            }
            if (streamArn != null && !streamArn.equals(parsed.streamArn())) {
                throw ApiException.invalidArgument("ConsumerARN " + consumerArn + " does not belong to stream "
                        + streamArn + ".");
            }
            if (consumerName != null && !consumerName.equals(parsed.consumerName())) {
                throw ApiException.invalidArgument("ConsumerARN " + consumerArn + " does not name consumer "
                        + consumerName + ".");
            }
            Found found = find(ctx, parsed.streamArn(), parsed.consumerName(), consumerArn);
            if (found.consumer().arnSeconds() != parsed.creationSeconds()) {
                throw ApiException.resourceNotFound(notFound(consumerArn, ctx));
            }
            return found;
        }
        if (streamArn == null || consumerName == null) {
            throw ApiException.invalidArgument("Either ConsumerARN or both StreamARN and ConsumerName must be "
                    + "provided.");
        }
        return find(ctx, streamArn, consumerName, consumerName);
    }

    private Found find(RequestContext ctx, String streamArn, String consumerName, String shownName) {
        Stream stream;
        try {
            stream = streams.require(ctx, null, streamArn);
        } catch (ApiException e) {
            throw ApiException.resourceNotFound(notFound(shownName, ctx));
        }
        ConsumerMetadata consumer = stream.metadata().consumer(consumerName, ctx.now().toEpochMilli());
        if (consumer == null) {
            throw ApiException.resourceNotFound(notFound(shownName, ctx));
        }
        return new Found(stream, consumer, arn(stream, consumer));
    }

    private static String notFound(String shownName, RequestContext ctx) {
        return "Consumer " + shownName + ", account " + ctx.accountId() + " not found.";
    }
}
