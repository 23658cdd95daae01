package io.sluice.samples.agent;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One file being tailed, known by its file key (the inode on Linux) and its first bytes, so it is followed through
 * a rename and a reused inode is not mistaken for it. Reads whole lines from where it got to (a line longer than
 * {@value #WINDOW} bytes goes out in pieces). A file that got shorter than what was read, whose first bytes changed,
 * or that no longer has a line end just before the read position was truncated or replaced: once the lines in
 * flight are acknowledged, it is read again from its start. Where it may be resumed from ({@link #committed()})
 * moves only over lines the producer has acknowledged, in order. Not thread-safe: used by the agent's thread.
 */
final class TailedFile {

    /** The most bytes read at once, and the longest piece of a line sent as one record. */
    static final int WINDOW = 1 << 20;
    /** How many first bytes identify a file. */
    static final int HEAD = 64;

    /** A line sent, and the offset just after it. */
    private record Sent(long end, CompletableFuture<?> ack, String line) {
    }

    /** A line read, with where it ends. */
    record Line(String text, long end) {
    }

    private final Object key;
    private Path path;
    private long readTo;
    private long committed;
    private byte[] head;
    private final ArrayDeque<Sent> inFlight = new ArrayDeque<>();
    private boolean gone;

    /** @param head the file's first bytes when {@code committed} was saved, or {@code null} */
    TailedFile(Object key, Path path, long committed, byte[] head) {
        this.key = key;
        this.path = path;
        this.readTo = committed;
        this.committed = committed;
        this.head = head;
    }

    Object key() {
        return key;
    }

    Path path() {
        return path;
    }

    void path(Path renamed) {
        this.path = renamed;
        this.gone = false;
    }

    /** The file was deleted: nothing more to read from it. */
    void gone() {
        this.gone = true;
    }

    boolean isGone() {
        return gone;
    }

    long committed() {
        return committed;
    }

    /** The first bytes the file had, base64, for the checkpoint. */
    String head() {
        return head == null ? "" : Base64.getEncoder().encodeToString(head);
    }

    /** Whether a file's first bytes agree with a saved head (one may be a prefix of the other: files grow). */
    static boolean sameHead(byte[] saved, byte[] now) {
        int n = Math.min(saved.length, now.length);
        return Arrays.equals(saved, 0, n, now, 0, n);
    }

    static byte[] readHead(RandomAccessFile file, long length) throws IOException {
        byte[] bytes = new byte[(int) Math.min(HEAD, length)];
        file.seek(0);
        file.readFully(bytes);
        return bytes;
    }

    /** The complete lines after what was read (at most {@code max}); a partial last line waits for its end. */
    List<Line> read(int max) throws IOException {
        List<Line> lines = new ArrayList<>();
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "r")) {
            long length = file.length();
            byte[] now = readHead(file, length);
            if (readTo > 0 && replaced(file, length, now)) {
                if (!inFlight.isEmpty()) {
                    return lines;
                }
                readTo = 0;
                committed = 0;
                head = now;
            }
            if (head == null || head.length < now.length) {
                head = now;
            }
            if (length == readTo) {
                return lines;
            }
            file.seek(readTo);
            byte[] buffer = new byte[(int) Math.min(length - readTo, WINDOW)];
            file.readFully(buffer);
            int start = 0;
            for (int i = 0; i < buffer.length && lines.size() < max; i++) {
                if (buffer[i] == '\n') {
                    int end = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
                    lines.add(new Line(new String(buffer, start, end - start, StandardCharsets.UTF_8),
                            readTo + i + 1));
                    start = i + 1;
                }
            }
            if (lines.isEmpty() && buffer.length == WINDOW) {
                // A line longer than the window: its first piece goes out as a record of its own.
                lines.add(new Line(new String(buffer, StandardCharsets.UTF_8), readTo + WINDOW));
            }
            if (!lines.isEmpty()) {
                readTo = lines.get(lines.size() - 1).end();
            }
        } catch (FileNotFoundException e) {
            // Renamed or deleted since the last scan: the next scan finds where it went.
        }
        return lines;
    }

    private boolean replaced(RandomAccessFile file, long length, byte[] now) throws IOException {
        if (length < readTo || (head != null && !sameHead(head, now))) {
            return true;
        }
        file.seek(readTo - 1);
        return file.read() != '\n' && readTo % WINDOW != 0;
    }

    void sent(Line line, CompletableFuture<?> ack) {
        inFlight.add(new Sent(line.end(), ack, line.text()));
    }

    /**
     * Moves {@link #committed()} over the acknowledged lines at the head; a line whose put failed is sent again
     * (it stays first in line, so nothing after it is committed before it is).
     */
    void settle(java.util.function.Function<String, CompletableFuture<?>> resend) {
        while (!inFlight.isEmpty() && inFlight.peekFirst().ack().isDone()) {
            Sent head = inFlight.pollFirst();
            if (head.ack().isCompletedExceptionally()) {
                inFlight.addFirst(new Sent(head.end(), resend.apply(head.line()), head.line()));
                return;
            }
            committed = head.end();
        }
    }

    boolean idle() {
        return inFlight.isEmpty();
    }
}
