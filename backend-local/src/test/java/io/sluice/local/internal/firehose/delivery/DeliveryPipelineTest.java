package io.sluice.local.internal.firehose.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.local.MutableClock;
import io.sluice.local.RecordTransformer;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's accounting, step by step: work runs only when the test runs it, so the moments between a
 * delivery and the next are observable. Objects go to a real folder; the log is the real log.
 */
class DeliveryPipelineTest {

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05Z"));
    final Queue<Runnable> work = new ArrayDeque<>();
    final Executor queued = work::add;
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    PipelineEnvironment env(Map<String, RecordTransformer> transformers) {
        return new PipelineEnvironment(clock, queued, queued, timer, new S3Folder(dir.resolve("s3")),
                new SimpleMeterRegistry(), new Transformers(transformers, Map.of(), HttpClient.newHttpClient()),
                HttpClient.newHttpClient());
    }

    static S3Target target(String bucket) {
        return new S3Target(bucket, PrefixExpression.parse("data/"),
                PrefixExpression.parse("errors/!{firehose:error-output-type}/"), Compression.UNCOMPRESSED, "",
                ZoneOffset.UTC);
    }

    static DeliverySettings settings(Duration interval, boolean backup, ProcessingChain processing) {
        return new DeliverySettings("unit", "arn:aws:firehose:us-east-1:000000000000:deliverystream/unit", null,
                "us-east-1", 1, 5L << 20, interval, target("main"), null, backup, backup ? target("backup") : null,
                5L << 20, interval, processing, null);
    }

    static List<byte[]> records(String prefix, int count) {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add((prefix + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return records;
    }

    void runAll() {
        while (!work.isEmpty()) {
            work.poll().run();
        }
    }

    long savedWatermark(Path log) throws Exception {
        return Long.parseLong(Files.readString(log.resolve("watermark")).trim());
    }

    @Test
    void replayedRecordsStayOwedUntilEachOfThemIsDelivered() throws Exception {
        Path logDir = dir.resolve("log");
        DeliveryPipeline first = new DeliveryPipeline(settings(Duration.ofSeconds(900), false, null),
                IngestLog.open(logDir, false, 4096), env(Map.of()));
        for (int batch = 0; batch < 3; batch++) {
            assertThat(first.accept(records("b" + batch + "-", 500), clock.millis(), true)).hasSize(500);
        }
        // A crash: the first pipeline is dropped without closing; the next start replays its log.
        DeliveryPipeline second = new DeliveryPipeline(settings(Duration.ZERO, false, null),
                IngestLog.open(logDir, false, 4096), env(Map.of()));
        assertThat(work).as("one object per replayed run of 500").hasSize(3);
        work.poll().run();
        second.tick();
        assertThat(savedWatermark(logDir)).isEqualTo(500);

        IngestLog.Recovered afterSecondCrash = IngestLog.open(logDir, false, 4096).recover();
        assertThat(afterSecondCrash.records()).hasSize(1000);
        assertThat(afterSecondCrash.records().get(0).seq()).isEqualTo(500);

        runAll();
        second.tick();
        assertThat(savedWatermark(logDir)).isEqualTo(1500);
        assertThat(second.pendingBytes()).isZero();
        assertThat(IngestLog.open(logDir, false, 4096).recover().records()).isEmpty();
        try (var segments = Files.list(logDir)) {
            assertThat(segments.filter(p -> p.toString().endsWith(".log")).count())
                    .as("segments below the watermark are deleted but the newest").isEqualTo(1);
        }
    }

    @Test
    void everyCopyIsOwedItsDeliveryWithDeaggregationAndBackup() throws Exception {
        ProcessingChain chain = new ProcessingChain(new ProcessingChain.Deaggregation(true, null), null, false);
        Path logDir = dir.resolve("log");
        DeliveryPipeline pipeline = new DeliveryPipeline(settings(Duration.ZERO, true, chain),
                IngestLog.open(logDir, false), env(Map.of()));
        List<byte[]> input = List.of("{\"a\":1}{\"a\":2} {\"a\":3}".getBytes(StandardCharsets.UTF_8),
                "   ".getBytes(StandardCharsets.UTF_8), "{\"b\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(pipeline.accept(input, clock.millis(), true)).hasSize(3);
        assertThat(pipeline.idle()).isFalse();
        runAll();
        pipeline.tick();
        assertThat(pipeline.idle()).isTrue();
        assertThat(pipeline.pendingBytes()).isZero();
        assertThat(savedWatermark(logDir)).isEqualTo(3);
        assertThat(text(dir.resolve("s3/main"))).isEqualTo("{\"a\":1}{\"a\":2}{\"a\":3}{\"b\":1}");
        assertThat(text(dir.resolve("s3/backup"))).isEqualTo("{\"a\":1}{\"a\":2} {\"a\":3}   {\"b\":1}");
    }

    @Test
    void droppedRecordsAreDoneAndMoveTheWatermark() throws Exception {
        RecordTransformer dropAll = request -> new RecordTransformer.Response(request.records().stream()
                .map(r -> RecordTransformer.OutputRecord.dropped(r.recordId())).toList());
        ProcessingChain chain = new ProcessingChain(null,
                new ProcessingChain.LambdaStep("drop-all", 0, 1 << 20, Duration.ZERO), false);
        Path logDir = dir.resolve("log");
        DeliveryPipeline pipeline = new DeliveryPipeline(settings(Duration.ofSeconds(60), false, chain),
                IngestLog.open(logDir, false), env(Map.of("drop-all", dropAll)));
        pipeline.accept(records("x", 10), clock.millis(), true);
        runAll();
        pipeline.tick();
        assertThat(pipeline.idle()).isTrue();
        assertThat(pipeline.pendingBytes()).isZero();
        assertThat(savedWatermark(logDir)).isEqualTo(10);
        assertThat(dir.resolve("s3/main")).doesNotExist();
    }

    @Test
    void bufferedRecordsWaitForTheIntervalOnTheClock() throws Exception {
        DeliveryPipeline pipeline = new DeliveryPipeline(settings(Duration.ofSeconds(60), false, null), null,
                env(Map.of()));
        pipeline.accept(records("t", 3), clock.millis(), true);
        clock.advance(Duration.ofSeconds(59));
        pipeline.tick();
        assertThat(work).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        pipeline.tick();
        runAll();
        assertThat(text(dir.resolve("s3/main"))).isEqualTo("t0\nt1\nt2\n");
        assertThat(pipeline.idle()).isTrue();
    }

    @Test
    void anUpdateSendsWhatWasBufferedUnderTheOldSettings() throws Exception {
        DeliveryPipeline pipeline = new DeliveryPipeline(settings(Duration.ofSeconds(60), false, null), null,
                env(Map.of()));
        pipeline.accept(records("old", 2), clock.millis(), true);
        DeliverySettings next = new DeliverySettings("unit", "arn", null, "us-east-1", 2, 5L << 20,
                Duration.ofSeconds(60), target("main"), null, false, null, 5L << 20, Duration.ofSeconds(60), null,
                null);
        pipeline.update(next);
        pipeline.accept(records("new", 2), clock.millis(), true);
        runAll();
        List<String> keys = keys(dir.resolve("s3/main"));
        assertThat(keys).singleElement().asString().contains("unit-1-");
        clock.advance(Duration.ofSeconds(60));
        pipeline.tick();
        runAll();
        assertThat(keys(dir.resolve("s3/main"))).hasSize(2).anyMatch(k -> k.contains("unit-2-"));
    }

    static List<String> keys(Path bucket) throws Exception {
        try (var files = Files.walk(bucket)) {
            return files.filter(Files::isRegularFile).map(p -> bucket.relativize(p).toString()).sorted().toList();
        }
    }

    static String text(Path bucket) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String key : keys(bucket)) {
            out.append(Files.readString(bucket.resolve(key)));
        }
        return out.toString();
    }
}
