package io.sluice.chaos;

import io.sluice.checkpoint.Checkpoint;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The append-only file a chaos worker writes what it was given and what it checkpointed to, one line each:
 * <ul>
 *   <li>{@code I <shard> <seq> <sub> <millis>}: a processor started on the shard from this checkpoint;
 *   <li>{@code B <shard> <millis>}: a batch begins (its records follow);
 *   <li>{@code D <shard> <seq> <sub> <key> <counter>}: a user record was delivered;
 *   <li>{@code C <shard> <seq> <sub> <millis>}: a checkpoint at this position succeeded;
 *   <li>{@code E <shard> <millis>}: the shard ended and {@code SHARD_END} was checkpointed;
 *   <li>{@code L <shard> <millis>}: the lease was lost;
 *   <li>{@code S <shard> <millis>}: the processor finished a graceful shutdown (the lease is released).
 * </ul>
 * Delivered records are written to the file (the operating system's, which outlives a SIGKILL) before the
 * checkpoint that covers them is written, so the log never misses a record a checkpoint passed. Thread-safe.
 */
final class DeliveryLog implements AutoCloseable {

    private final BufferedWriter out;

    private DeliveryLog(BufferedWriter out) {
        this.out = out;
    }

    static DeliveryLog create(Path file) throws IOException {
        return new DeliveryLog(new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), StandardCharsets.UTF_8), 1 << 16));
    }

    synchronized void started(String shard, Checkpoint from) {
        line("I " + shard + " " + from.sequenceNumber() + " " + from.subSequenceNumber() + " "
                + System.currentTimeMillis());
        flush();
    }

    /** Appends the start of a batch; {@link #flush()} writes it out. */
    synchronized void batch(String shard) {
        line("B " + shard + " " + System.currentTimeMillis());
    }

    /** Appends a delivered record; {@link #flush()} writes it out. */
    synchronized void delivered(String shard, String sequence, long sub, String key, long counter) {
        line("D " + shard + " " + sequence + " " + sub + " " + key + " " + counter);
    }

    synchronized void checkpointed(String shard, String sequence, long sub) {
        line("C " + shard + " " + sequence + " " + sub + " " + System.currentTimeMillis());
        flush();
    }

    synchronized void ended(String shard) {
        line("E " + shard + " " + System.currentTimeMillis());
        flush();
    }

    synchronized void shutDown(String shard) {
        line("S " + shard + " " + System.currentTimeMillis());
        flush();
    }

    synchronized void lost(String shard) {
        line("L " + shard + " " + System.currentTimeMillis());
        flush();
    }

    synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void line(String text) {
        try {
            out.write(text);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
