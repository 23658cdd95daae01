package io.sluice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server under test, run as its own process; its endpoint is read from the "listening on URL" line it prints. */
final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on (https?://\\S+)");

    final String name;
    private final Process process;
    private final URI endpoint;
    private final List<String> output = new ArrayList<>();

    private ServerProcess(String name, Process process) throws IOException, InterruptedException {
        this.name = name;
        this.process = process;
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                    }
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // gone
            }
        }, name + "-output");
        pump.setDaemon(true);
        pump.start();
        URI found = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (found == null && System.nanoTime() < deadline && process.isAlive()) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            Matcher m = line == null ? null : LISTENING.matcher(line);
            if (m != null && m.find()) {
                found = URI.create(m.group(1));
            }
        }
        if (found == null) {
            process.destroyForcibly();
            synchronized (output) {
                throw new IllegalStateException(name + " did not start: " + output);
            }
        }
        endpoint = found;
    }

    static ServerProcess start(String name, List<String> command, Path workingDirectory)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        return new ServerProcess(name, builder.start());
    }

    URI endpoint() {
        return endpoint;
    }

    long pid() {
        return process.pid();
    }

    /** Resident memory of the process, from /proc, in MiB. */
    long residentMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** CPU seconds the process has used so far (user + system), from /proc. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Java heap in use after a full GC, in MiB (Java servers only), or -1. */
    long javaHeapAfterGcMiB() {
        try {
            run(List.of(jcmd(), Long.toString(process.pid()), "GC.run"));
            String info = run(List.of(jcmd(), Long.toString(process.pid()), "GC.heap_info"));
            Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
            return m.find() ? Long.parseLong(m.group(1)) / 1024 : -1;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static String jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
