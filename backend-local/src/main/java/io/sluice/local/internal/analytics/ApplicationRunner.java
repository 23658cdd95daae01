package io.sluice.local.internal.analytics;

import io.micrometer.core.instrument.Tags;
import io.sluice.aggregation.Deaggregator;
import io.sluice.local.internal.analytics.ApplicationState.InputEntry;
import io.sluice.local.internal.analytics.ApplicationState.OutputEntry;
import io.sluice.local.internal.analytics.ApplicationState.ReferenceEntry;
import io.sluice.local.internal.analytics.records.RecordParser;
import io.sluice.local.internal.analytics.records.RowFormatter;
import io.sluice.local.internal.analytics.sql.Program;
import io.sluice.local.internal.analytics.sql.Relation;
import io.sluice.local.internal.analytics.sql.RowException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * One running application: reads its source, turns records into rows of its input in-application streams (ROWTIME
 * from the backend's clock, never going back), runs its pumps, and sends its outputs. Every {@value #TICK_MILLIS}
 * ms the clock moves the program on (windows close) and outputs are flushed; the source is read in rounds, at once
 * again after a round that found records. Where the source was read to is committed only for records whose rows
 * are all out (no window still holds them and the outputs took everything), so a restart replays what was not
 * delivered: at least once. All work runs on the application's own thread; the methods here only schedule it.
 */
final class ApplicationRunner {

    static final long TICK_MILLIS = 100;
    static final long IDLE_ROUND_MILLIS = 200;
    /** Records waiting in outputs beyond which the source is not read (back-pressure). */
    static final int MAX_PENDING = 50_000;
    private static final Logger log = LoggerFactory.getLogger(ApplicationRunner.class);

    private final ApplicationState state;
    private final Program program;
    private final ScheduledExecutorService thread;
    private final Clock clock;
    private final List<OutputSink> outputs = new ArrayList<>();
    private final ShardReader reader;
    /** The source delivery stream's records, or {@code null} for a data stream source. */
    private final DeliveryStreamFeed feed;
    private int nextStream;
    private final InputEntry input;
    private final RecordParser parser;
    private final List<String> inputStreams;
    private final Map<String, String> committed;
    private final java.util.function.Consumer<Map<String, String>> commit;
    private final ArrayDeque<Mark> marks = new ArrayDeque<>();
    private final AtomicLong inputRecords;
    private final AtomicLong inputBytes;
    private final AtomicLong millisBehind;
    private long lastRowtime = Long.MIN_VALUE;
    private volatile boolean stopped;
    private ScheduledFuture<?> ticks;

    /** After rows up to ROWTIME {@code rowtime} went in, shard {@code shardId} had been read to {@code sequence}. */
    private record Mark(long rowtime, String shardId, String sequence) {
    }

    /**
     * @param committed where the source was read to and delivered (shard id to sequence number), updated here
     * @param commit saves {@code committed} when it moves
     * @param feed the source delivery stream's records, or {@code null} for a data stream source
     */
    ApplicationRunner(ApplicationState state, Program program, ScheduledExecutorService thread, Clock clock,
            AnalyticsRuntime.Clients clients, Map<String, String> committed,
            java.util.function.Consumer<Map<String, String>> commit, AnalyticsMeters meters,
            java.util.function.Function<ReferenceEntry, List<Object[]>> references, DeliveryStreamFeed feed) {
        this.state = state;
        this.program = program;
        this.thread = thread;
        this.clock = clock;
        this.committed = committed;
        this.commit = commit;
        this.input = state.inputs().get(0);
        this.parser = RecordParser.of(input.input().inputSchema());
        this.inputStreams = ApplicationPrograms.streamNames(input.input());
        Tags tags = Tags.of("Application", state.name());
        this.inputRecords = meters.counter("KinesisAnalytics.InputRecords", tags.and("Id", input.id()));
        this.inputBytes = meters.counter("KinesisAnalytics.InputBytes", tags.and("Id", input.id()));
        this.millisBehind = meters.counter("KinesisAnalytics.MillisBehindLatest", tags.and("Id", input.id()));
        for (ReferenceEntry reference : state.references()) {
            program.load(reference.source().tableName(), references.apply(reference));
        }
        for (OutputEntry entry : state.outputs()) {
            Relation relation = program.relation(entry.output().name());
            if (relation == null) {
                log.warn("Application {}: output {} names in-application stream {}, which the code does not create;"
                        + " nothing is sent there", state.name(), entry.id(), entry.output().name());
                continue;
            }
            RowFormatter formatter = new RowFormatter(relation.columns(), relation.system(),
                    entry.output().destinationSchema().recordFormatType());
            Tags outTags = tags.and("Id", entry.id());
            AtomicLong records = meters.counter("KinesisAnalytics.OutputRecords", outTags);
            AtomicLong bytes = meters.counter("KinesisAnalytics.OutputBytes", outTags);
            OutputSink sink = entry.output().kinesisStreamsOutput() != null
                    ? new OutputSink(formatter, clients.kinesis(state.region()),
                            entry.output().kinesisStreamsOutput().resourceArn(), null, null, records, bytes)
                    : new OutputSink(formatter, null, null, clients.firehose(state.region()),
                            deliveryStreamName(entry.output().kinesisFirehoseOutput().resourceArn()), records, bytes);
            program.subscribe(entry.output().name(), sink);
            outputs.add(sink);
        }
        this.reader = input.input().kinesisStreamsInput() == null ? null
                : new ShardReader(clients.kinesis(state.region()), input.input().kinesisStreamsInput().resourceArn(),
                        input.startingPosition(), Instant.ofEpochMilli(clock.millis()), new HashMap<>(committed));
        this.feed = feed;
    }

    static String deliveryStreamName(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    ApplicationState state() {
        return state;
    }

    /** Starts the ticks and the reading rounds. */
    void start() {
        ticks = thread.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        thread.execute(this::round);
    }

    /**
     * Stops: no more reading or ticks; what is pending is sent and what was delivered committed, on the
     * application's thread. Does not wait (a request thread may call this, and the last sends go through this
     * backend's own API).
     *
     * @return done when the last flush is
     */
    java.util.concurrent.CompletableFuture<Void> stop() {
        stopped = true;
        if (ticks != null) {
            ticks.cancel(false);
        }
        if (feed != null) {
            feed.close();
        }
        try {
            return java.util.concurrent.CompletableFuture.runAsync(() -> {
                drainFeed();
                flushAndCommit();
            }, thread);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
    }

    private void tick() {
        if (stopped) {
            return;
        }
        try {
            lastRowtime = Math.max(clock.millis(), lastRowtime);
            program.advance(lastRowtime);
            flushAndCommit();
        } catch (RuntimeException e) {
            log.warn("Application {} tick failed", state.name(), e);
        }
    }

    private void round() {
        if (stopped) {
            return;
        }
        boolean found = false;
        try {
            if (pending() < MAX_PENDING && reader != null) {
                for (ShardReader.Batch batch : reader.round()) {
                    millisBehind.set(batch.millisBehindLatest());
                    if (!batch.records().isEmpty()) {
                        found = true;
                        push(batch);
                    }
                }
                flushAndCommit();
            } else if (pending() < MAX_PENDING) {
                found = drainFeed();
                flushAndCommit();
            }
        } catch (RuntimeException e) {
            log.warn("Application {} could not read its source", state.name(), e);
        }
        if (!stopped) {
            thread.schedule(this::round, found ? 0 : IDLE_ROUND_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private int pending() {
        int n = 0;
        for (OutputSink sink : outputs) {
            n += sink.pending();
        }
        return n;
    }

    /** Takes in what the source delivery stream holds for the application; whether there was anything. */
    private boolean drainFeed() {
        boolean found = false;
        DeliveryStreamFeed.Batch batch;
        while (feed != null && (batch = feed.poll()) != null) {
            found = true;
            String stream = inputStreams.get(nextStream++ % inputStreams.size());
            long rowtime = rowtime();
            for (byte[] data : batch.records()) {
                record(stream, rowtime, batch.arrival(), data);
            }
        }
        return found;
    }

    /** The ROWTIME of rows going in now: the clock, never earlier than the last. */
    private long rowtime() {
        long rowtime = Math.max(clock.millis(), lastRowtime);
        lastRowtime = rowtime;
        program.advance(rowtime);
        return rowtime;
    }

    private void push(ShardReader.Batch batch) {
        String stream = inputStreams.get(batch.shardIndex() % inputStreams.size());
        long rowtime = rowtime();
        for (Record record : batch.records()) {
            long arrival = record.approximateArrivalTimestamp().toEpochMilli();
            byte[] raw = record.data().asByteArrayUnsafe();
            for (Deaggregator.UserRecord user : Deaggregator.deaggregate(record.partitionKey(), null, raw)) {
                record(stream, rowtime, arrival, user.data());
            }
        }
        marks.add(new Mark(rowtime, batch.shardId(),
                batch.records().get(batch.records().size() - 1).sequenceNumber()));
    }

    /** One record of the source: its rows into the input stream, or the record into error_stream. */
    private void record(String stream, long rowtime, long arrival, byte[] data) {
        inputRecords.incrementAndGet();
        inputBytes.addAndGet(data.length);
        List<Object[]> rows;
        try {
            rows = parser.parse(data);
        } catch (RowException e) {
            program.inputErrors().reportRecord(e, rowtime, data);
            return;
        }
        for (Object[] values : rows) {
            Object[] row = new Object[values.length + 2];
            row[0] = rowtime;
            row[1] = arrival;
            System.arraycopy(values, 0, row, 2, values.length);
            program.insert(stream, row);
        }
    }

    /** Sends outputs; once they are empty, commits the source positions no window still holds. */
    private void flushAndCommit() {
        boolean all = true;
        for (OutputSink sink : outputs) {
            all &= sink.flush();
        }
        if (!all || marks.isEmpty()) {
            return;
        }
        long held = program.heldSince();
        boolean moved = false;
        while (!marks.isEmpty() && marks.peekFirst().rowtime() < held) {
            Mark mark = marks.pollFirst();
            committed.put(mark.shardId(), mark.sequence());
            moved = true;
        }
        if (moved) {
            commit.accept(committed);
        }
    }
}
