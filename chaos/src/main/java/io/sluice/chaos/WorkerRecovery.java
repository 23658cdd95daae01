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
     * One figure per worker fault ({@code {index of the worker, epoch millis}}): milliseconds until its shards were
     * all processed elsewhere; -1 when it held none, or one was never picked up.
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
                        if (line.startsWith("I ") || line.startsWith("E ") || line.startsWith("L ")) {
                            events.add(line.split(" "));
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
                } else {
                    held.remove(event[1]);
                }
            }
            long worst = held.isEmpty() ? -1 : 0;
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
