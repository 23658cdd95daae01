package io.sluice.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The faults of a run and when they happen, all drawn from the seed, so a failing run can be replayed with the
 * same faults in the same order at the same offsets (what the processes do between them is up to the machine).
 * Kinds come in rounds, each round every kind once in a shuffled order, so a short run still has each kind.
 * Immutable and thread-safe.
 */
final class FaultSchedule {

    enum Kind {
        BACKEND_KILL, WORKER_KILL, WORKER_STOP, SPLIT, MERGE, UPDATE_SHARD_COUNT, THROTTLE, SLOW_PROCESSOR
    }

    /** One fault: when (milliseconds after the run started), which kind, and a number that picks its target. */
    record Fault(long atMillis, Kind kind, long pick) {
    }

    private final List<Fault> faults;

    private FaultSchedule(List<Fault> faults) {
        this.faults = List.copyOf(faults);
    }

    /**
     * Faults from {@code firstMillis} on, about every {@code everyMillis} (each gap drawn between half and one and a
     * half times it), until {@code endMillis}.
     */
    static FaultSchedule of(long seed, long firstMillis, long everyMillis, long endMillis) {
        Random random = new Random(seed);
        List<Fault> faults = new ArrayList<>();
        List<Kind> round = new ArrayList<>();
        long at = firstMillis;
        while (at < endMillis) {
            if (round.isEmpty()) {
                round.addAll(List.of(Kind.values()));
                Collections.shuffle(round, random);
            }
            faults.add(new Fault(at, round.remove(0), random.nextLong() & Long.MAX_VALUE));
            at += everyMillis / 2 + (long) (random.nextDouble() * everyMillis);
        }
        return new FaultSchedule(faults);
    }

    List<Fault> faults() {
        return faults;
    }
}
