package io.sluice.local.internal.firehose.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Firehose ingest log on disk: segments, the watermark, torn and damaged frames. */
class IngestLogTest {

    @TempDir
    Path dir;

    static List<SourceRecord> records(long first, int count) {
        List<SourceRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long seq = first + i;
            records.add(new SourceRecord(seq, RecordIds.of(seq), 1000 + seq,
                    ("record-" + seq).getBytes(StandardCharsets.UTF_8),
                    i % 2 == 0 ? null : new SourceRecord.KinesisOrigin("shardId-000000000001", "key-" + seq,
                            "4959" + seq, i)));
        }
        return records;
    }

    List<Path> segments() throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
    }

    @Test
    void recordsComeBackFromTheWatermarkOnWithTheirOrigins() {
        IngestLog log = IngestLog.open(dir, false, 1024);
        assertThat(log.recover().records()).isEmpty();
        for (int batch = 0; batch < 10; batch++) {
            log.append(records(batch * 10L, 10));
        }
        log.advance(35);
        IngestLog.Recovered recovered = IngestLog.open(dir, false, 1024).recover();
        assertThat(recovered.nextSeq()).isEqualTo(100);
        assertThat(recovered.records()).hasSize(65);
        SourceRecord first = recovered.records().get(0);
        assertThat(first.seq()).isEqualTo(35);
        assertThat(new String(first.data(), StandardCharsets.UTF_8)).isEqualTo("record-35");
        assertThat(first.arrivalMillis()).isEqualTo(1035);
        assertThat(first.recordId()).isEqualTo(RecordIds.of(35));
        assertThat(first.kinesis()).isEqualTo(new SourceRecord.KinesisOrigin("shardId-000000000001", "key-35",
                "495935", 5));
        assertThat(recovered.records().get(1).kinesis()).isNull();
    }

    @Test
    void segmentsWhollyBelowTheWatermarkAreDeleted() throws Exception {
        IngestLog log = IngestLog.open(dir, false, 256);
        for (int batch = 0; batch < 10; batch++) {
            log.append(records(batch * 5L, 5));
        }
        int before = segments().size();
        assertThat(before).isGreaterThan(3);
        log.advance(50);
        assertThat(segments()).hasSize(1);
        assertThat(IngestLog.open(dir, false, 256).recover().records()).isEmpty();
    }

    @Test
    void aTornLastFrameIsCutOffAndTheLogGoesOn() throws Exception {
        IngestLog log = IngestLog.open(dir, false, 1 << 20);
        log.append(records(0, 5));
        Path segment = segments().get(0);
        long whole = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 40, 1, 2, 3}));
        }
        IngestLog reopened = IngestLog.open(dir, false, 1 << 20);
        IngestLog.Recovered recovered = reopened.recover();
        assertThat(recovered.records()).hasSize(5);
        assertThat(Files.size(segment)).isEqualTo(whole);
        reopened.append(records(5, 3));
        assertThat(IngestLog.open(dir, false, 1 << 20).recover().records()).hasSize(8);
    }

    @Test
    void damageInAnEarlierSegmentDoesNotHideTheLaterOnes() throws Exception {
        IngestLog log = IngestLog.open(dir, false, 128);
        for (int batch = 0; batch < 4; batch++) {
            log.append(records(batch * 3L, 3));
        }
        List<Path> segments = segments();
        assertThat(segments).hasSizeGreaterThan(2);
        long firstSize = Files.size(segments.get(0));
        try (FileChannel channel = FileChannel.open(segments.get(0), StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) 0xFF}), 30);
        }
        IngestLog.Recovered recovered = IngestLog.open(dir, false, 128).recover();
        assertThat(Files.size(segments.get(0))).as("not cut: it is not the last").isEqualTo(firstSize);
        assertThat(recovered.records()).extracting(SourceRecord::seq).contains(11L);
        assertThat(recovered.nextSeq()).isEqualTo(12);
    }

    @Test
    void aClosedLogRefusesAppendsAndIgnoresTheWatermark() throws Exception {
        IngestLog log = IngestLog.open(dir, false);
        log.append(records(0, 2));
        log.close();
        log.advance(2);
        assertThat(dir.resolve("watermark")).doesNotExist();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> log.append(records(2, 1)))
                .isInstanceOf(IllegalStateException.class);
    }
}
