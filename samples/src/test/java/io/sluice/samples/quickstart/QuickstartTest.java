package io.sluice.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The quickstart end to end, shorter: every acknowledged event consumed, files archived, windows emitted. */
class QuickstartTest {

    @Test
    void theWholePipelineRunsAndChecksItself() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int exit = new CommandLine(new Quickstart(out)).execute("--duration", "4", "--rate", "500", "--shards", "3",
                "--no-progress");
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isZero();
        assertThat(printed).contains("Produced and acknowledged: 2,000 click events")
                .contains("Consumed: 2,000 distinct events")
                .contains("PASS: every event was acknowledged and consumed")
                .containsPattern("Firehose files in .*clickstream-archive: [1-9]")
                .containsPattern("Analytics windows emitted to page-counts: [1-9]");
    }

    @Test
    void badOptionsAreRefused() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CommandLine command = new CommandLine(new Quickstart(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        command.setErr(new java.io.PrintWriter(bytes, true));
        assertThat(command.execute("--rate", "0")).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("must be positive");
    }
}
