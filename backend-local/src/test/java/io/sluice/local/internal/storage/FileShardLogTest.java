package io.sluice.local.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileShardLogTest extends ShardLogContract {

    private static final long SMALL_SEGMENTS = 16 * 1024;

    @TempDir
    Path dir;

    private int logs;

    @Override
    protected ShardLog newLog() throws IOException {
        return track(FileShardLog.open(dir.resolve("log-" + logs++), 0, false, SMALL_SEGMENTS));
    }

    private FileShardLog open(Path path) throws IOException {
        return (FileShardLog) track(FileShardLog.open(path, 0, false, SMALL_SEGMENTS));
    }

    private static List<Path> segments(Path path) throws IOException {
        try (Stream<Path> files = Files.list(path)) {
            return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void everyAppendedRecordIsThereAfterReopening() throws IOException {
        Path path = dir.resolve("reopen");
        FileShardLog log = open(path);
        for (int i = 0; i < 50; i++) {
            log.append(records("b" + i, 10, 300), 1_000L + i);
        }
        log.close();
        assertThat(segments(path)).as("small segments roll").hasSizeGreaterThan(5);

        FileShardLog reopened = open(path);
        assertThat(reopened.startPosition()).isZero();
        assertThat(reopened.endPosition()).isEqualTo(500);
        List<StoredRecord> all = reopened.read(0, 1_000, Long.MAX_VALUE);
        assertThat(all).hasSize(500);
        for (int i = 0; i < 500; i++) {
            assertThat(all.get(i).position()).isEqualTo(i);
            assertThat(all.get(i).partitionKey()).isEqualTo("key-b" + (i / 10) + (i % 10));
            assertThat(all.get(i).arrivalMillis()).isEqualTo(1_000L + i / 10);
        }
        assertThat(reopened.append(records("more", 1, 5), 9_999)).isEqualTo(500);
        assertThat(reopened.positionAtOrAfter(1_025)).isEqualTo(250);
    }

    @Test
    void aTornTailIsCutAtOpenAndTheLogGoesOn() throws IOException {
        Path path = dir.resolve("torn");
        FileShardLog log = open(path);
        log.append(records("ok", 3, 50), 1);
        log.close();
        Path segment = segments(path).get(segments(path).size() - 1);
        long goodSize = Files.size(segment);
        // A crash in the middle of writing a frame: its first bytes made it, the rest did not.
        ByteBuffer frames = RecordFrames.encode(records("lost", 1, 50), 3, 2);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(frames.limit(frames.limit() - 7));
        }
        assertThat(Files.size(segment)).isGreaterThan(goodSize);

        FileShardLog recovered = open(path);
        assertThat(Files.size(segment)).as("torn bytes cut off").isEqualTo(goodSize);
        assertThat(recovered.endPosition()).isEqualTo(3);
        assertThat(recovered.append(records("next", 1, 50), 3)).isEqualTo(3);
        assertThat(recovered.read(0, 10, Long.MAX_VALUE)).extracting(StoredRecord::partitionKey)
                .containsExactly("key-ok0", "key-ok1", "key-ok2", "key-next0");
    }

    @Test
    void aFrameWithABadChecksumAtTheTailIsCutToo() throws IOException {
        Path path = dir.resolve("crc");
        FileShardLog log = open(path);
        log.append(records("ok", 2, 50), 1);
        log.append(records("bad", 1, 50), 2);
        log.close();
        Path segment = segments(path).get(0);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            // Flip a data byte of the last frame (the file ends with its data).
            channel.write(ByteBuffer.wrap(new byte[] {0x55}), Files.size(segment) - 3);
        }
        FileShardLog recovered = open(path);
        assertThat(recovered.endPosition()).isEqualTo(2);
    }

    @Test
    void damageBeforeTheLastSegmentStopsTheOpenInsteadOfLosingRecords() throws IOException {
        Path path = dir.resolve("damaged");
        FileShardLog log = open(path);
        for (int i = 0; i < 30; i++) {
            log.append(records("d" + i, 10, 300), i);
        }
        log.close();
        List<Path> files = segments(path);
        assertThat(files.size()).isGreaterThan(2);
        try (FileChannel channel = FileChannel.open(files.get(0), StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(files.get(0)) - 10);
        }
        assertThatThrownBy(() -> FileShardLog.open(path, 0, false, SMALL_SEGMENTS))
                .isInstanceOf(IOException.class).hasMessageContaining("not the last segment");
    }

    @Test
    void retentionDeletesWholeSegmentsButKeepsTheActiveOne() throws IOException {
        Path path = dir.resolve("retention");
        FileShardLog log = open(path);
        for (int i = 0; i < 40; i++) {
            log.append(records("r" + i, 10, 300), 1_000L * i);
        }
        int before = segments(path).size();
        log.trimBefore(20_000);
        int after = segments(path).size();
        assertThat(after).isLessThan(before).isGreaterThan(0);
        assertThat(log.startPosition()).isEqualTo(200);
        assertThat(log.read(0, 1, Long.MAX_VALUE).get(0).position()).isEqualTo(200);

        log.trimBefore(Long.MAX_VALUE);
        assertThat(segments(path)).hasSize(1);
        log.close();
        FileShardLog reopened = open(path);
        assertThat(reopened.endPosition()).as("positions go on after everything expired").isEqualTo(400);
        assertThat(reopened.append(records("new", 1, 3), 99_999)).isEqualTo(400);
    }

    @Test
    void readsRecordsLargerThanTheReadAheadBuffer() throws IOException {
        FileShardLog log = open(dir.resolve("large"));
        log.append(List.of(new AppendRecord("big", new byte[3 * 1024 * 1024]), new AppendRecord("small", new byte[1])),
                1);
        assertThat(log.read(0, 10, Long.MAX_VALUE)).extracting(r -> r.data().length).containsExactly(3 * 1024 * 1024, 1);
        assertThat(log.read(1, 10, Long.MAX_VALUE)).extracting(StoredRecord::partitionKey).containsExactly("small");
    }
}
