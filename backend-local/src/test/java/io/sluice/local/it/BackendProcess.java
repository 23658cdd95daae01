package io.sluice.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runnable jar started as a child process, as a user starts it. Its output is collected; the endpoint is read
 * from the line it prints when it listens.
 */
final class BackendProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://[^ ]+)");

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final URI endpoint;

    private BackendProcess(Process process) throws IOException, InterruptedException {
        this.process = process;
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                    }
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // The process is gone.
            }
        }, "backend-output");
        pump.setDaemon(true);
        pump.start();
        URI found = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (found == null && System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    found = URI.create(m.group(1));
                }
            } else if (!process.isAlive()) {
                break;
            }
        }
        if (found == null) {
            process.destroyForcibly();
            throw new IllegalStateException("The backend did not start; it printed: " + output());
        }
        this.endpoint = found;
    }

    /** The shaded jar the build made (Failsafe passes its path). */
    static Path jar() {
        Path jar = Paths.get(System.getProperty("sluice.local.jar", "target/sluice-local.jar"));
        assertThat(jar).as("run through 'mvn verify', which builds the runnable jar first").exists();
        return jar;
    }

    static BackendProcess start(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-jar");
        command.add(jar().toString());
        command.add("--port");
        command.add("0");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        return new BackendProcess(builder.start());
    }

    URI endpoint() {
        return endpoint;
    }

    long pid() {
        return process.pid();
    }

    List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed by the process. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    /** SIGTERM, as a service manager stops it; returns the exit code. */
    int terminate() throws InterruptedException {
        // Through the handle: Process.destroy() would also close our end of its output, losing its last lines.
        process.toHandle().destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stops within 30 s of SIGTERM").isTrue();
        return process.exitValue();
    }

    boolean printed(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (output().stream().anyMatch(line -> line.contains(text))) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    static Path lastSegment(Path dataDir, String shardDir) throws IOException {
        try (var files = Files.walk(dataDir)) {
            return files.filter(p -> p.getParent().getFileName().toString().equals(shardDir)
                    && p.toString().endsWith(".seg")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }
}
