package io.sluice.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How long the fleet took to pick up a killed or stopped worker's shards, from the delivery logs: for each such
 * fault, the time from the fault to the last of the worker's shards starting on another worker. Stateless.
 */
final class WorkerRecovery {

    private WorkerRecovery() {
    }

    /**
     * One figure per worker fault ({@code {index of the worker, epoch millis}}) whose worker held shards:
     * milliseconds until they were all processed elsewhere, or -1 when one never was.
     */
    static List<Long> measure(List<WorkerNode> workers, List<long[]> faults) throws IOException {
        Map<Integer, List<String[]>> lines = new HashMap<>();
        for (int i = 0; i < workers.size(); i++) {
            List<String[]> events = new ArrayList<>();
            Path log = workers.get(i).log;
            if (Files.exists(log)) {
                try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        String[] f = line.split(" ");
                        boolean whole = f[0].equals("I") ? f.length == 5 : f.length == 3;
                        if (whole && (f[0].equals("I") || f[0].equals("E") || f[0].equals("L")
                                || f[0].equals("S"))) {
                            events.add(f);
                        }
                    }
                }
            }
            lines.put(i, events);
        }
        List<Long> result = new ArrayList<>();
        for (long[] fault : faults) {
            int victim = (int) fault[0];
            long at = fault[1];
            Set<String> held = new HashSet<>();
            for (String[] event : lines.get(victim)) {
                if (event[0].equals("I")) {
                    held.add(event[1]);
                } else if (!event[0].equals("S")) {
                    held.remove(event[1]); // ended or lost; a graceful stop (S) hands the shard over
                }
            }
            if (held.isEmpty()) {
                continue; // it held nothing to recover
            }
            long worst = 0;
            for (String shard : held) {
                long first = Long.MAX_VALUE;
                for (Map.Entry<Integer, List<String[]>> other : lines.entrySet()) {
                    if (other.getKey() == victim) {
                        continue;
                    }
                    for (String[] event : other.getValue()) {
                        if (event[0].equals("I") && event[1].equals(shard) && event.length >= 5) {
                            long time = Long.parseLong(event[4]);
                            if (time >= at) {
                                first = Math.min(first, time);
                            }
                        }
                    }
                }
                worst = first == Long.MAX_VALUE ? -1 : Math.max(worst, first - at);
                if (worst < 0) {
                    break;
                }
            }
            result.add(worst);
        }
        return result;
    }
}
