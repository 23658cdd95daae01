package io.sluice.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * How long the fleet took to pick up a killed or stopped worker's shards, from the delivery logs: for each such
 * fault, the time from the fault to the last of the worker's shards starting on another worker. Stateless.
 *
 * <p>A worker's log says which shards it still held: those it started ({@code I}) and did not end or lose ({@code E},
 * {@code L}) afterwards; a graceful stop's {@code S} lines are the hand-over being measured. A processor busy in a long
 * batch has not yet been told of a lease that another worker took meanwhile (for balance), so a shard that another
 * worker had already started before the fault is not counted: it had moved before the fault, not because of it.
 * Nor is a shard nobody started after the victim that is finished at the end of the run: the victim checkpointed
 * its {@code SHARD_END} and died before logging {@code E}. Leases the victim held whose processor had not started
 * (a child waiting for its parents) are not measured.
 */
final class WorkerRecovery {

    private WorkerRecovery() {
    }

    /**
     * One figure per worker fault ({@code {index of the worker's log, epoch millis}}) whose worker still held shards:
     * milliseconds until they were all processed elsewhere, or -1 when one never was.
     *
     * @param finished whether a shard is finished at the end of the run (its lease is at {@code SHARD_END} or gone)
     */
    static List<Long> measure(List<Path> logs, List<long[]> faults, Predicate<String> finished) throws IOException {
        Map<Integer, List<String[]>> events = new HashMap<>();
        for (int i = 0; i < logs.size(); i++) {
            events.put(i, read(logs.get(i)));
        }
        List<Long> result = new ArrayList<>();
        for (long[] fault : faults) {
            int victim = (int) fault[0];
            long at = fault[1];
            Map<String, Long> held = new HashMap<>(); // shard -> when the victim started it
            for (String[] event : events.get(victim)) {
                if (event[0].equals("I")) {
                    held.put(event[1], Long.parseLong(event[4]));
                } else if (!event[0].equals("S")) {
                    held.remove(event[1]); // ended or lost; S is the graceful stop itself, which hands it over
                }
            }
            long worst = 0;
            boolean counted = false;
            for (Map.Entry<String, Long> shard : held.entrySet()) {
                long next = firstStartElsewhere(events, victim, shard.getKey(), shard.getValue());
                if (next != Long.MAX_VALUE && next < at) {
                    continue; // another worker had taken it before the fault
                }
                if (next == Long.MAX_VALUE && finished.test(shard.getKey())) {
                    continue; // the victim finished it: nobody else ever started it, and it is done
                }
                counted = true;
                if (next == Long.MAX_VALUE) {
                    worst = -1;
                    break;
                }
                worst = Math.max(worst, next - at);
            }
            if (counted) {
                result.add(worst);
            }
        }
        return result;
    }

    /** When a worker other than the victim first started the shard after the victim did (MAX_VALUE: never). */
    private static long firstStartElsewhere(Map<Integer, List<String[]>> events, int victim, String shard,
            long after) {
        long first = Long.MAX_VALUE;
        for (Map.Entry<Integer, List<String[]>> other : events.entrySet()) {
            if (other.getKey() == victim) {
                continue;
            }
            for (String[] event : other.getValue()) {
                if (event[0].equals("I") && event[1].equals(shard)) {
                    long time = Long.parseLong(event[4]);
                    if (time >= after) {
                        first = Math.min(first, time);
                    }
                }
            }
        }
        return first;
    }

    /** The whole I, E, L and S lines of a log (a SIGKILL may cut its last line short). */
    private static List<String[]> read(Path log) throws IOException {
        List<String[]> events = new ArrayList<>();
        if (!Files.exists(log)) {
            return events;
        }
        try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(" ");
                boolean whole = f[0].equals("I") ? f.length == 5 : f.length == 3;
                if (whole && (f[0].equals("I") || f[0].equals("E") || f[0].equals("L") || f[0].equals("S"))) {
                    events.add(f);
                }
            }
        }
        return events;
    }
}
