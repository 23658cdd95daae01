package io.sluice.local.internal.analytics;

import io.sluice.local.internal.firehose.DeliveryTaps;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records a source delivery stream takes in, held for an application's thread. It taps the stream as soon as
 * the application is started (before its thread runs), so nothing taken in after StartApplication is missed. At
 * most {@value #MAX_RECORDS} records wait; beyond that the application is too far behind and records are dropped
 * with a warning (a delivery stream keeps no records to read again). Thread-safe.
 */
final class DeliveryStreamFeed implements AutoCloseable {

    static final int MAX_RECORDS = 200_000;
    private static final Logger log = LoggerFactory.getLogger(DeliveryStreamFeed.class);

    /** Records taken in together, and when. */
    record Batch(List<byte[]> records, long arrival) {
    }

    private final ConcurrentLinkedQueue<Batch> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger held = new AtomicInteger();
    private final AutoCloseable registration;

    /** @param arn the delivery stream's ARN */
    DeliveryStreamFeed(DeliveryTaps taps, String arn, String application) {
        String region = arn.split(":")[3];
        String name = arn.substring(arn.lastIndexOf('/') + 1);
        this.registration = taps.add(region, name, (records, arrival) -> {
            if (held.addAndGet(records.size()) > MAX_RECORDS) {
                held.addAndGet(-records.size());
                log.warn("Application {} is behind its delivery stream {}: {} records dropped", application, name,
                        records.size());
                return;
            }
            queue.add(new Batch(List.copyOf(records), arrival));
        });
    }

    /** The next batch, or {@code null}. */
    Batch poll() {
        Batch batch = queue.poll();
        if (batch != null) {
            held.addAndGet(-batch.records().size());
        }
        return batch;
    }

    @Override
    public void close() {
        try {
            registration.close();
        } catch (Exception e) {
            log.debug("Tap not closed", e);
        }
    }
}
