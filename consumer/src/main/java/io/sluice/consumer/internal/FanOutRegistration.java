package io.sluice.consumer.internal;

import io.sluice.consumer.ConsumerException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * Finds or registers the application's enhanced fan-out consumer on the stream and waits until it is ACTIVE, as
 * the KCL does at start: DescribeStreamSummary for the stream's ARN, DescribeStreamConsumer, and
 * RegisterStreamConsumer when there is none (another worker registering at the same moment is fine).
 *
 * <p>Stateless and thread-safe.
 */
final class FanOutRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(FanOutRegistration.class);
    private static final long POLL_MILLIS = 250;

    private FanOutRegistration() {
    }

    /** The consumer's ARN, once ACTIVE. */
    static String ensureActive(KinesisAsyncClient kinesis, StreamRef stream, String consumerName, Duration timeout,
            Clock clock) {
        String streamArn = stream.isArn() ? stream.nameOrArn()
                : kinesis.describeStreamSummary(b -> stream.apply(b)).join().streamDescriptionSummary().streamARN();
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            ConsumerDescription consumer = describeOrRegister(kinesis, streamArn, consumerName);
            if (consumer != null && consumer.consumerStatus() == ConsumerStatus.ACTIVE) {
                return consumer.consumerARN();
            }
            if (clock.instant().isAfter(deadline)) {
                throw new ConsumerException("Stream consumer " + consumerName + " on " + streamArn
                        + " did not become ACTIVE within " + timeout, true, null);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConsumerException("Interrupted while waiting for stream consumer " + consumerName, false, e);
            }
        }
    }

    private static ConsumerDescription describeOrRegister(KinesisAsyncClient kinesis, String streamArn, String name) {
        try {
            return kinesis.describeStreamConsumer(b -> b.streamARN(streamArn).consumerName(name)).join()
                    .consumerDescription();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof ResourceNotFoundException)) {
                throw e;
            }
        }
        try {
            kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName(name)).join();
            LOG.info("Registered stream consumer {} on {}", name, streamArn);
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof ResourceInUseException)) {
                throw e;
            }
        }
        return null;
    }
}
