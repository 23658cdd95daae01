package io.sluice.chaos;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * backend-local as the chaos run's separate process, on a data directory and one fixed port, so that clients
 * find it again after a restart. Per-shard throughput limits stay on, as on AWS. Not thread-safe: the run's
 * fault thread drives it.
 */
final class BackendNode implements AutoCloseable {

    private final String classPath;
    private final Path dataDir;
    private final Path outputFile;
    private final int port;
    private ChildProcess process;

    BackendNode(String classPath, Path dataDir, Path outputFile) throws IOException {
        this.classPath = classPath;
        this.dataDir = dataDir;
        this.outputFile = outputFile;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    Path dataDir() {
        return dataDir;
    }

    /** Starts the backend and waits until it listens; returns the milliseconds that took. */
    long start() throws IOException, InterruptedException {
        long began = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            process = ChildProcess.start("backend", classPath, "1g", "io.sluice.local.cli.LocalBackendCommand",
                    List.of("--port", Integer.toString(port), "--data-dir", dataDir.toString(), "--create-delay",
                            "0", "--log-level", "WARN"),
                    outputFile, line -> { });
            if (process.awaitLine(line -> line.contains("listening on"), 60_000)) {
                return (System.nanoTime() - began) / 1_000_000;
            }
            process.kill();
            if (attempt == 3) {
                throw new IllegalStateException("backend-local did not start; see " + outputFile);
            }
            Thread.sleep(500); // the port may still be held by the killed process's sockets
        }
    }

    /** SIGKILL: acknowledged records must survive it. */
    void kill() throws InterruptedException {
        process.kill();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    long residentBytes() {
        return process == null ? -1 : process.residentBytes();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.close();
        }
    }
}
