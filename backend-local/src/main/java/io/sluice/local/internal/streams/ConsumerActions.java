package io.sluice.local.internal.streams;

import io.sluice.local.internal.api.NoContent;
import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.Validator;
import io.sluice.local.internal.storage.ConsumerMetadata;
import io.sluice.local.internal.streams.model.ConsumerActionsModel.Consumer;
import io.sluice.local.internal.streams.model.ConsumerActionsModel.ConsumerDescription;
import io.sluice.local.internal.streams.model.ConsumerActionsModel.ConsumerRequest;
import io.sluice.local.internal.streams.model.ConsumerActionsModel.DescribeStreamConsumerResponse;
import io.sluice.local.internal.streams.model.ConsumerActionsModel.ListStreamConsumersRequest;
import io.sluice.local.internal.streams.model.ConsumerActionsModel.ListStreamConsumersResponse;
import io.sluice.local.internal.streams.model.ConsumerActionsModel.RegisterStreamConsumerRequest;
import io.sluice.local.internal.streams.model.ConsumerActionsModel.RegisterStreamConsumerResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * RegisterStreamConsumer, DescribeStreamConsumer, ListStreamConsumers and DeregisterStreamConsumer. Consumers live
 * in their stream's metadata, so they survive restarts with it. Thread-safe: changes run under the stream's lock.
 */
public final class ConsumerActions {

    /** Consumers a stream may have at once. */
    static final int MAX_CONSUMERS = 20;
    /** Consumers of one stream that may be CREATING at once. */
    static final int MAX_CREATING = 5;
    /** At most this many consumers come back in one page. */
    static final int MAX_PAGE = 100;
    /** Consumers that are gone are forgotten after this long; until then their names keep their ARN times. */
    private static final long FORGET_AFTER_MILLIS = Duration.ofHours(1).toMillis();
    static final Pattern CONSUMER_ARN = Pattern.compile(
            "^(arn):aws.*:kinesis:.*:\\d{12}:.*stream\\/[a-zA-Z0-9_.-]+\\/consumer\\/[a-zA-Z0-9_.-]+:[0-9]+");

    private final StreamLocator streams;
    private final ConsumerLocator consumers;
    private final PageTokens tokens;

    public ConsumerActions(StreamLocator streams, ConsumerLocator consumers, PageTokens tokens) {
        this.streams = streams;
        this.consumers = consumers;
        this.tokens = tokens;
    }

    public RegisterStreamConsumerResponse registerStreamConsumer(RequestContext ctx,
            RegisterStreamConsumerRequest in) {
        Validator v = new Validator()
                .string("streamARN", in.streamArn(), true, 1, KinesisRules.MAX_ARN_LENGTH, KinesisRules.STREAM_ARN)
                .string("consumerName", in.consumerName(), true, 1, KinesisRules.MAX_NAME_LENGTH, KinesisRules.NAME);
        TagRules.validateMap(v, in.tags(), false).throwIfInvalid();
        Map<String, String> tags = in.tags() == null ? Map.of() : in.tags();
        TagRules.checkCharacters(tags.keySet(), tags.values());
        Stream stream = streams.require(ctx, null, in.streamArn());
        long now = ctx.now().toEpochMilli();
        long activeDelay = streams.registry().delays().create().toMillis();
        ConsumerMetadata[] registered = new ConsumerMetadata[1];
        stream.update(m -> {
            StreamStatus status = StreamStatus.of(m, now);
            if (!status.servesRecords()) {
                throw StreamLocator.notActive(stream, status, ctx);
            }
            List<ConsumerMetadata> kept = new ArrayList<>();
            long lastSeconds = Long.MIN_VALUE;
            int live = 0;
            int creating = 0;
            for (ConsumerMetadata c : m.consumers()) {
                if (c.goneAt(now - FORGET_AFTER_MILLIS)) {
                    continue;
                }
                kept.add(c);
                if (c.name().equals(in.consumerName())) {
                    if (!c.goneAt(now)) {
                        throw ApiException.resourceInUse("Consumer " + in.consumerName() + " under stream "
                                + stream.name() + " already exists for account " + ctx.accountId() + ".");
                    }
                    lastSeconds = Math.max(lastSeconds, c.arnSeconds());
                }
                if (!c.goneAt(now)) {
                    live++;
                    if (ConsumerStatus.of(c, now) == ConsumerStatus.CREATING) {
                        creating++;
                    }
                }
            }
            if (live >= MAX_CONSUMERS) {
                throw ApiException.limitExceeded("Stream " + stream.name() + " under account " + ctx.accountId()
                        + " already has " + live + " registered consumers, the most a stream can have.");
            }
            if (creating >= MAX_CREATING) {
                throw ApiException.limitExceeded("Stream " + stream.name() + " under account " + ctx.accountId()
                        + " already has " + creating + " consumers in CREATING status; wait until they are ACTIVE.");
            }
            // A name registered again gets a later ARN time, so ARNs of the old registration stop working.
            long createdAt = Math.max(now, (lastSeconds + 1) * 1000);
            registered[0] = new ConsumerMetadata(in.consumerName(), createdAt, createdAt + activeDelay, null, null,
                    null, tags);
            kept.add(registered[0]);
            return m.toBuilder().consumers(kept).build();
        }, streams.registry().storage());
        return new RegisterStreamConsumerResponse(consumer(stream, registered[0], now));
    }

    public DescribeStreamConsumerResponse describeStreamConsumer(RequestContext ctx, ConsumerRequest in) {
        validate(in);
        ConsumerLocator.Found found = consumers.require(ctx, in.streamArn(), in.consumerName(), in.consumerArn());
        ConsumerMetadata c = found.consumer();
        return new DescribeStreamConsumerResponse(new ConsumerDescription(c.name(), found.arn(),
                found.status(ctx.now().toEpochMilli()).name(), Instant.ofEpochMilli(c.createdAtMillis()),
                found.stream().arn()));
    }

    public NoContent deregisterStreamConsumer(RequestContext ctx, ConsumerRequest in) {
        validate(in);
        ConsumerLocator.Found found = consumers.require(ctx, in.streamArn(), in.consumerName(), in.consumerArn());
        long now = ctx.now().toEpochMilli();
        long goneAt = now + streams.registry().delays().delete().toMillis();
        found.stream().update(m -> {
            List<ConsumerMetadata> changed = new ArrayList<>();
            for (ConsumerMetadata c : m.consumers()) {
                boolean target = c.name().equals(found.consumer().name()) && c.arnSeconds() == found.consumer().arnSeconds();
                changed.add(target && c.deleteRequestedAtMillis() == null ? c.withDeletion(now, goneAt) : c);
            }
            return m.toBuilder().consumers(changed).build();
        }, streams.registry().storage());
        // Its subscriptions notice at their next look, which this triggers.
        found.stream().signalAll();
        return NoContent.INSTANCE;
    }

    public ListStreamConsumersResponse listStreamConsumers(RequestContext ctx, ListStreamConsumersRequest in) {
        new Validator()
                .string("streamARN", in.streamArn(), true, 1, KinesisRules.MAX_ARN_LENGTH, KinesisRules.STREAM_ARN)
                .string("nextToken", in.nextToken(), false, 1, 1_048_576, null)
                .integer("maxResults", in.maxResults(), false, 1, 10_000)
                .throwIfInvalid();
        if (in.nextToken() != null && in.streamCreationTimestamp() != null) {
            throw ApiException.invalidArgument("NextToken and StreamCreationTimestamp cannot be provided together.");
        }
        Stream stream = streams.require(ctx, null, in.streamArn());
        long created = stream.metadata().createdAtMillis();
        if (in.streamCreationTimestamp() != null && in.streamCreationTimestamp().toEpochMilli() != created) {
            throw ApiException.resourceNotFound(StreamLocator.notFound(stream.name(), ctx));
        }
        String after = in.nextToken() == null ? null
                : tokens.openConsumersToken(in.nextToken(), stream.arn(), created, ctx);
        long now = ctx.now().toEpochMilli();
        int limit = Math.min(in.maxResults() == null ? MAX_PAGE : in.maxResults(), MAX_PAGE);
        List<ConsumerMetadata> live = new ArrayList<>(stream.metadata().liveConsumers(now));
        live.sort(Comparator.comparing(ConsumerMetadata::name));
        List<Consumer> page = new ArrayList<>();
        boolean more = false;
        for (ConsumerMetadata c : live) {
            if (after != null && c.name().compareTo(after) <= 0) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(consumer(stream, c, now));
        }
        String next = more ? tokens.consumersToken(stream.arn(), created,
                page.get(page.size() - 1).consumerName(), ctx) : null;
        return new ListStreamConsumersResponse(page, next);
    }

    private static void validate(ConsumerRequest in) {
        new Validator()
                .string("streamARN", in.streamArn(), false, 1, KinesisRules.MAX_ARN_LENGTH, KinesisRules.STREAM_ARN)
                .string("consumerName", in.consumerName(), false, 1, KinesisRules.MAX_NAME_LENGTH, KinesisRules.NAME)
                .string("consumerARN", in.consumerArn(), false, 1, KinesisRules.MAX_ARN_LENGTH, CONSUMER_ARN)
                .throwIfInvalid();
    }

    private static Consumer consumer(Stream stream, ConsumerMetadata c, long now) {
        return new Consumer(c.name(), ConsumerLocator.arn(stream, c), ConsumerStatus.of(c, now).name(),
                Instant.ofEpochMilli(c.createdAtMillis()));
    }
}
