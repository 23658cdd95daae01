package io.sluice.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A Java child process run from the harness's own class path: its output goes to a file (for a post-mortem) and
 * to a listener; it can be sent lines, stopped gently, or killed with SIGKILL. Thread-safe.
 */
final class ChildProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    /** Lines not yet looked at by {@link #awaitLine}; bounded, so a chatty child cannot fill the heap. */
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>(10_000);

    private ChildProcess(String name, Process process, Path outputFile, Consumer<String> listener)
            throws IOException {
        this.name = name;
        this.process = process;
        PrintWriter file = new PrintWriter(Files.newBufferedWriter(outputFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
        Thread pump = new Thread(() -> {
            try (file; BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    file.println(line);
                    if (!lines.offer(line)) {
                        lines.poll();
                        lines.offer(line);
                    }
                    try {
                        listener.accept(line);
                    } catch (RuntimeException e) {
                        file.println("[harness] could not read that line: " + e);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // The process is gone.
            }
        }, name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code mainClass} with the class path, heap bound and arguments given. */
    static ChildProcess start(String name, String classPath, String maxHeap, String mainClass, List<String> args,
            Path outputFile, Consumer<String> listener) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + maxHeap, "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1",
                "-Daws.disableEc2Metadata=true", "-cp", classPath, mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        return new ChildProcess(name, builder.start(), outputFile, listener);
    }

    /** Waits for a line the predicate accepts; false when the process ended or the time ran out first. */
    boolean awaitLine(Predicate<String> wanted, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(50, TimeUnit.MILLISECONDS);
            if (line != null && wanted.test(line)) {
                return true;
            }
            if (line == null && !process.isAlive() && lines.isEmpty()) {
                return false;
            }
        }
        return false;
    }

    /** Sends one line to the process's standard input; false when it is gone. */
    boolean send(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit status once ended, else -1. */
    int exitValue() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    boolean waitFor(long timeoutMillis) throws InterruptedException {
        return process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** SIGKILL, as a crash: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Resident memory from /proc, in bytes, or -1. */
    long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    String name() {
        return name;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
