package io.sluice.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The runnable jar's command line as a user meets it. */
class CommandLineIT {

    private static String[] run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", BackendProcess.jar().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String[] {Integer.toString(process.exitValue()), output};
    }

    @Test
    void helpListsTheOptions() throws Exception {
        String[] result = run("--help");
        assertThat(result[0]).isEqualTo("0");
        assertThat(result[1]).contains("--port", "--bind", "--data-dir", "--in-memory", "--create-delay",
                "--log-level", "--fsync");
    }

    @Test
    void badOptionsAreRefusedWithAReason() throws Exception {
        String[] badDuration = run("--create-delay", "soon");
        assertThat(badDuration[0]).isEqualTo("2");
        assertThat(badDuration[1]).contains("Not a duration: 'soon'");
        String[] both = run("--in-memory", "--data-dir", "/tmp/x");
        assertThat(both[0]).isEqualTo("2");
        assertThat(both[1]).contains("mutually exclusive");
    }

    @Test
    void theLogLevelOptionQuietsTheLog() throws Exception {
        try (BackendProcess quiet = BackendProcess.start("--log-level", "WARN")) {
            assertThat(quiet.output()).noneMatch(line -> line.contains(" INFO "));
        }
        try (BackendProcess normal = BackendProcess.start()) {
            assertThat(normal.printed(" INFO  LocalBackend - Sluice backend-local listening on")).isTrue();
        }
    }
}
