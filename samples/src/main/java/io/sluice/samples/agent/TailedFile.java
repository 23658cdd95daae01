package io.sluice.samples.agent;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One file being tailed, known by its file key (the inode on Linux), so it is followed through a rename. Reads
 * whole lines from where it got to; a file shorter than that was truncated and is read again from its start. Where
 * it may be resumed from ({@link #committed()}) moves only over lines the producer has acknowledged, in order. Not
 * thread-safe: used by the agent's thread.
 */
final class TailedFile {

    /** A line sent, and the offset just after it. */
    private record Sent(long end, CompletableFuture<?> ack, String line) {
    }

    private final Object key;
    private Path path;
    private long readTo;
    private long committed;
    private final ArrayDeque<Sent> inFlight = new ArrayDeque<>();
    private boolean gone;

    TailedFile(Object key, Path path, long committed) {
        this.key = key;
        this.path = path;
        this.readTo = committed;
        this.committed = committed;
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

    /** A line read, with where it ends. */
    record Line(String text, long end) {
    }

    /**
     * The complete lines after what was read (at most {@code max}); a partial last line waits for its end.
     * A file now shorter than what was read was truncated: it is read again from its start.
     */
    List<Line> read(int max) throws IOException {
        List<Line> lines = new ArrayList<>();
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "r")) {
            long length = file.length();
            if (length < readTo) {
                readTo = 0;
                committed = 0;
                inFlight.clear();
            }
            if (length == readTo) {
                return lines;
            }
            file.seek(readTo);
            byte[] buffer = new byte[(int) Math.min(length - readTo, 1 << 20)];
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
            if (!lines.isEmpty()) {
                readTo = lines.get(lines.size() - 1).end();
            }
        }
        return lines;
    }

    void sent(Line line, CompletableFuture<?> ack) {
        inFlight.add(new Sent(line.end(), ack, line.text()));
    }

    /**
     * Moves {@link #committed()} over the acknowledged lines at the head; returns the lines whose put failed, to
     * be sent again (they stay in line, so nothing after them is committed before they are).
     */
    List<String> settle(java.util.function.Function<String, CompletableFuture<?>> resend) {
        List<String> again = new ArrayList<>();
        while (!inFlight.isEmpty() && inFlight.peekFirst().ack().isDone()) {
            Sent head = inFlight.peekFirst();
            if (head.ack().isCompletedExceptionally()) {
                inFlight.pollFirst();
                inFlight.addFirst(new Sent(head.end(), resend.apply(head.line()), head.line()));
                again.add(head.line());
                break;
            }
            inFlight.pollFirst();
            committed = head.end();
        }
        return again;
    }

    boolean idle() {
        return inFlight.isEmpty();
    }
}
