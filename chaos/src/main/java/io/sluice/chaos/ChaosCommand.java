package io.sluice.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The chaos run's command line: {@code java -jar chaos/target/sluice-chaos.jar --seconds 1800 --fault-every 10}.
 * Exits 0 when nothing acknowledged was lost and nothing was reordered, 1 otherwise.
 */
@Command(name = "sluice-chaos", mixinStandardHelpOptions = true,
        description = "Producers, a consumer fleet and backend-local under seeded faults; checks that nothing "
                + "acknowledged is lost.")
public final class ChaosCommand implements Callable<Integer> {

    @Option(names = "--seed", description = "Seed of the fault schedule (default: random, printed).")
    Long seed;

    @Option(names = "--seconds", description = "How long producers write and faults happen. Default: ${DEFAULT-VALUE}.")
    int seconds = 60;

    @Option(names = "--fault-every", description = "Mean seconds between faults. Default: ${DEFAULT-VALUE}.")
    double faultEvery = 10;

    @Option(names = "--producers", description = "Default: ${DEFAULT-VALUE}.")
    int producers = 2;

    @Option(names = "--keys", description = "Keys per producer. Default: ${DEFAULT-VALUE}.")
    int keys = 25;

    @Option(names = "--rate", description = "Records per second per producer. Default: ${DEFAULT-VALUE}.")
    int rate = 250;

    @Option(names = "--record-bytes", description = "Default: ${DEFAULT-VALUE}.")
    int recordBytes = 200;

    @Option(names = "--workers", description = "Consumer worker processes. Default: ${DEFAULT-VALUE}.")
    int workers = 3;

    @Option(names = "--shards", description = "Shards at the start. Default: ${DEFAULT-VALUE}.")
    int shards = 4;

    @Option(names = "--max-shards", description = "Most open shards resharding goes to. Default: ${DEFAULT-VALUE}.")
    int maxShards = 8;

    @Option(names = "--failover-ms", description = "The consumer's failover time. Default: ${DEFAULT-VALUE}.")
    long failoverMillis = 10_000;

    @Option(names = "--retrieval", description = "How workers read: ${COMPLETION-CANDIDATES} (MIXED: odd-numbered "
            + "workers poll, even-numbered ones use enhanced fan-out). Default: ${DEFAULT-VALUE}.")
    Retrieval retrieval = Retrieval.POLLING;

    @Option(names = "--drain-seconds", description = "Longest wait for the last deliveries. Default: ${DEFAULT-VALUE}.")
    int drainSeconds = 180;

    @Option(names = "--firehose", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Archive the stream with Firehose too (default on; --no-firehose switches it off).")
    boolean firehose;

    @Option(names = "--dir", description = "Where data, logs and the summary go (default: a new temporary folder).")
    Path dir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ChaosCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ChaosSettings settings = settings();
        ChaosReport report = new ChaosRun(settings, System.out).run();
        report.print(System.out);
        try (PrintStream file = new PrintStream(Files.newOutputStream(settings.directory().resolve("summary.txt")),
                true, StandardCharsets.UTF_8)) {
            report.print(file);
        }
        return report.passed() ? 0 : 1;
    }

    ChaosSettings settings() throws IOException {
        long chosen = seed != null ? seed : new java.security.SecureRandom().nextLong() & Long.MAX_VALUE;
        Path directory = dir != null ? dir : Files.createTempDirectory("sluice-chaos-");
        return new ChaosSettings(chosen, Duration.ofSeconds(seconds), Duration.ofMillis((long) (faultEvery * 1000)),
                producers, keys, rate, recordBytes, workers, shards, maxShards, Duration.ofMillis(failoverMillis),
                retrieval, Duration.ofSeconds(drainSeconds), firehose, directory, classPath());
    }

    /** The class path of the child processes: the chaos jar (or, in tests, what {@code sluice.chaos.jar} names). */
    static String classPath() {
        return System.getProperty("sluice.chaos.jar", System.getProperty("java.class.path"));
    }
}
