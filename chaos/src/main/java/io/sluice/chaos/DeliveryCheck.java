package io.sluice.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads every worker's {@link DeliveryLog} and checks what the consumer fleet did against what the producers were
 * told was acknowledged and, when given, against what the stream holds:
 * <ul>
 *   <li>every acknowledged record was delivered at least once (no loss), and so was every record the stream
 *       holds at a position of its shard (none skipped, acknowledged or not);
 *   <li>every delivery is what the stream holds at that position (no record invented, none taken for another);
 *   <li>in each processing session of a shard (a processor's life, from {@code I} to {@code E}, {@code L} or
 *       {@code S}), positions only go forward, and a key's counter goes back only onto a record the stream holds
 *       twice (a producer's retry stores a request's records again when its answer was lost);
 *   <li>a child shard's first delivery comes after every record of its parents was delivered (parent before
 *       child, so a key's order holds across splits and merges);
 *   <li>a session starts at or after every checkpoint its shard had, delivers only what lies after its starting
 *       checkpoint, and checkpoints never go back; so a record is delivered again only if no checkpoint had passed
 *       it; what the lease table holds at the end is at or after every logged checkpoint;
 *   <li>duplicates are counted: redeliveries of a position, and records stored twice by a producer's retry.
 * </ul>
 * Not thread-safe; used once at the end of a run.
 */
final class DeliveryCheck {

    /** The outcome. */
    record Result(long deliveries, long distinctRecords, long lost, List<String> lostExamples,
            long orderViolations, List<String> orderExamples, long backwardByRetries, long checkpointViolations,
            List<String> checkpointExamples, long redeliveries, long producerDuplicates, long sessions,
            long unacknowledgedDelivered, long malformedLines, long lineageChecks, long skipped,
            List<String> skippedExamples) {

        boolean passed() {
            return lost == 0 && orderViolations == 0 && checkpointViolations == 0 && malformedLines == 0
                    && skipped == 0;
        }
    }

    /** A position in a shard, ordered by sequence number then subsequence number. */
    record Position(BigInteger sequence, long sub) implements Comparable<Position> {
        static Position of(String sequence, String sub) {
            return new Position(new BigInteger(sequence), Long.parseLong(sub));
        }

        @Override
        public int compareTo(Position other) {
            int c = sequence.compareTo(other.sequence);
            return c != 0 ? c : Long.compare(sub, other.sub);
        }

        @Override
        public String toString() {
            return sequence + "/" + sub;
        }
    }

    /** What the lease table and the stream say at the end of a run, when known. */
    record Truth(Map<String, Map<Position, String>> stream, Map<String, Set<String>> parents,
            Map<String, String[]> leaseCheckpoints) {
    }

    private record Checkpointed(Position position, long millis, String where) {
    }

    private record Start(String shard, Position from, long millis, String where) {
    }

    /** One processor's life on a shard, inside one worker's log. */
    private static final class Session {
        final Position start;
        final String where;
        Position last;
        long batchMillis;
        final List<String> keys = new ArrayList<>();
        long[] counters = new long[64];

        Session(Position start, String where) {
            this.start = start;
            this.where = where;
        }

        void add(String key, long counter) {
            if (keys.size() == counters.length) {
                counters = Arrays.copyOf(counters, counters.length * 2);
            }
            counters[keys.size()] = counter;
            keys.add(key);
        }
    }

    private final Map<String, BitSet> delivered = new HashMap<>();
    private final Map<String, Map<Position, String>> recordAt = new HashMap<>();
    private final Map<String, Position> firstPositionOf = new HashMap<>();
    private final Set<String> storedTwice = new HashSet<>();
    private final Map<String, List<Checkpointed>> checkpoints = new HashMap<>();
    private final Map<String, Long> firstDeliveryMillis = new HashMap<>();
    private final Map<String, Long> lastNewDeliveryMillis = new HashMap<>();
    private final List<Start> starts = new ArrayList<>();
    private final List<Session> allSessions = new ArrayList<>();
    private final List<String> orderExamples = new ArrayList<>();
    private final List<String> checkpointExamples = new ArrayList<>();
    private final List<String> skippedExamples = new ArrayList<>();
    private long deliveries;
    private long orderViolations;
    private long checkpointViolations;
    private long backwardByRetries;
    private long redeliveries;
    private long producerDuplicates;
    private long malformedLines;
    private long lineageChecks;
    private long skipped;

    static Result check(List<Path> logs, Map<String, BitSet> acknowledged) throws IOException {
        return check(logs, acknowledged, null);
    }

    static Result check(List<Path> logs, Map<String, BitSet> acknowledged, Truth truth) throws IOException {
        DeliveryCheck check = new DeliveryCheck();
        for (Path log : logs) {
            check.read(log);
        }
        return check.result(acknowledged, truth);
    }

    private void read(Path log) throws IOException {
        Map<String, Session> sessions = new HashMap<>();
        String worker = log.getFileName().toString();
        // A worker killed mid-write may leave a last line without its end: read only whole lines.
        try (BufferedReader in = new BufferedReader(new InputStreamReader(wholeLines(log), StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                String where = worker + ":" + number;
                try {
                    readLine(line.split(" "), sessions, where);
                } catch (RuntimeException e) {
                    malformedLines++;
                    note(orderExamples, where + ": malformed line '" + line + "'");
                }
            }
        }
    }

    private void readLine(String[] f, Map<String, Session> sessions, String where) {
        String shard = f[1];
        switch (f[0]) {
            case "I" -> {
                Position start = isDigits(f[2]) ? Position.of(f[2], f[3]) : null;
                long millis = Long.parseLong(f[4]);
                Session session = new Session(start, where);
                sessions.put(shard, session);
                allSessions.add(session);
                starts.add(new Start(shard, start, millis, where));
            }
            case "B" -> {
                Session session = sessions.get(shard);
                long millis = Long.parseLong(f[2]);
                if (session != null) {
                    session.batchMillis = millis;
                }
            }
            case "D" -> delivery(sessions.get(shard), shard, Position.of(f[2], f[3]), f[4], Long.parseLong(f[5]),
                    where);
            case "C" -> checkpoints.computeIfAbsent(shard, k -> new ArrayList<>())
                    .add(new Checkpointed(Position.of(f[2], f[3]), Long.parseLong(f[4]), where));
            case "E", "L", "S" -> {
                Long.parseLong(f[2]);
                sessions.remove(shard);
            }
            default -> throw new IllegalArgumentException("unknown line");
        }
    }

    private static InputStream wholeLines(Path log) throws IOException {
        long whole;
        try (FileChannel channel = FileChannel.open(log)) {
            whole = 0;
            ByteBuffer one = ByteBuffer.allocate(1);
            for (long at = channel.size() - 1; at >= 0; at--) {
                one.clear();
                channel.read(one, at);
                if (one.get(0) == '\n') {
                    whole = at + 1;
                    break;
                }
            }
        }
        long limit = whole;
        return new java.io.BufferedInputStream(Files.newInputStream(log)) {
            private long left = limit;

            @Override
            public synchronized int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                left--;
                return super.read();
            }

            @Override
            public synchronized int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
    }

    private static boolean isDigits(String text) {
        return !text.isEmpty() && text.chars().allMatch(Character::isDigit);
    }

    private void delivery(Session session, String shard, Position position, String key, long counter,
            String where) {
        deliveries++;
        if (session == null) {
            orderViolations++;
            note(orderExamples, where + ": a record delivered outside a session (after its end or lease loss)");
            return;
        }
        if (session.start != null && position.compareTo(session.start) <= 0) {
            checkpointViolations++;
            note(checkpointExamples, where + ": " + shard + " " + position + " at or before the session's start "
                    + session.start);
        }
        if (session.last != null && position.compareTo(session.last) <= 0) {
            orderViolations++;
            note(orderExamples, where + ": " + shard + " position " + position + " after " + session.last);
        }
        session.last = position;
        session.add(key.intern(), counter);
        String record = key + " " + counter;
        String before = recordAt.computeIfAbsent(shard, k -> new HashMap<>()).putIfAbsent(position, record);
        if (before != null) {
            redeliveries++;
            if (!before.equals(record)) {
                orderViolations++;
                note(orderExamples, where + ": " + shard + " " + position + " held " + before + " and then "
                        + record);
            }
        } else {
            firstDeliveryMillis.merge(shard, session.batchMillis, Math::min);
            lastNewDeliveryMillis.merge(shard, session.batchMillis, Math::max);
            Position earlier = firstPositionOf.putIfAbsent(record, position);
            if (earlier != null) {
                producerDuplicates++;
                storedTwice.add(record);
            }
        }
        delivered.computeIfAbsent(key, k -> new BitSet()).set(Math.toIntExact(counter));
    }

    private static void note(List<String> examples, String text) {
        if (examples.size() < 10) {
            examples.add(text);
        }
    }

    /**
     * Within a session a key's counter may step back only onto a record the stream holds twice (a producer's retry
     * of a request whose answer was lost stores its records again, after the later ones); a record stored once
     * that comes after a higher counter of its key was reordered.
     */
    private void checkOrder() {
        for (Session session : allSessions) {
            Map<String, Long> highest = new HashMap<>();
            for (int i = 0; i < session.keys.size(); i++) {
                String key = session.keys.get(i);
                long counter = session.counters[i];
                Long high = highest.get(key);
                if (high != null && counter < high) {
                    if (storedTwice.contains(key + " " + counter)) {
                        backwardByRetries++;
                    } else {
                        orderViolations++;
                        note(orderExamples, session.where + ": key " + key + " counter " + counter + " after "
                                + high + " (stored once)");
                    }
                }
                if (high == null || counter > high) {
                    highest.put(key, counter);
                }
            }
        }
    }

    /** Sessions start at or after every earlier checkpoint; a shard's checkpoints never go back in time order. */
    private void checkCheckpoints() {
        for (Start start : starts) {
            for (Checkpointed c : checkpoints.getOrDefault(start.shard(), List.of())) {
                if (c.millis() < start.millis() && (start.from() == null || c.position().compareTo(start.from()) > 0)) {
                    checkpointViolations++;
                    note(checkpointExamples, start.where() + ": " + start.shard() + " started at " + start.from()
                            + " though " + c.position() + " was checkpointed before (" + c.where() + ")");
                    break;
                }
            }
        }
        for (Map.Entry<String, List<Checkpointed>> e : checkpoints.entrySet()) {
            List<Checkpointed> inTime = new ArrayList<>(e.getValue());
            inTime.sort((a, b) -> Long.compare(a.millis(), b.millis()));
            for (int i = 1; i < inTime.size(); i++) {
                if (inTime.get(i).position().compareTo(inTime.get(i - 1).position()) < 0
                        && inTime.get(i).millis() > inTime.get(i - 1).millis()) {
                    checkpointViolations++;
                    note(checkpointExamples, inTime.get(i).where() + ": " + e.getKey() + " checkpoint went back to "
                            + inTime.get(i).position() + " from " + inTime.get(i - 1).position());
                }
            }
        }
    }

    private void checkTruth(Truth truth) {
        for (Map.Entry<String, Map<Position, String>> shard : truth.stream().entrySet()) {
            Map<Position, String> delivered = recordAt.getOrDefault(shard.getKey(), Map.of());
            for (Map.Entry<Position, String> stored : shard.getValue().entrySet()) {
                if (!delivered.containsKey(stored.getKey())) {
                    skipped++;
                    note(skippedExamples, shard.getKey() + " " + stored.getKey() + " (" + stored.getValue() + ")");
                }
            }
        }
        for (Map.Entry<String, Map<Position, String>> shard : recordAt.entrySet()) {
            Map<Position, String> stored = truth.stream().getOrDefault(shard.getKey(), Map.of());
            for (Map.Entry<Position, String> d : shard.getValue().entrySet()) {
                String there = stored.get(d.getKey());
                if (!d.getValue().equals(there)) {
                    orderViolations++;
                    note(orderExamples, shard.getKey() + " " + d.getKey() + ": delivered " + d.getValue()
                            + " but the stream holds " + there);
                }
            }
        }
        for (Map.Entry<String, Set<String>> child : truth.parents().entrySet()) {
            Long childFirst = firstDeliveryMillis.get(child.getKey());
            if (childFirst == null) {
                continue;
            }
            for (String parent : child.getValue()) {
                Long parentLast = lastNewDeliveryMillis.get(parent);
                if (parentLast == null) {
                    continue;
                }
                lineageChecks++;
                if (childFirst < parentLast) {
                    orderViolations++;
                    note(orderExamples, child.getKey() + " delivered from " + childFirst + " ms though its parent "
                            + parent + " delivered new records until " + parentLast + " ms");
                }
            }
        }
        for (Map.Entry<String, String[]> lease : truth.leaseCheckpoints().entrySet()) {
            String[] at = lease.getValue();
            if (!isDigits(at[0])) {
                continue; // SHARD_END, or a sentinel of a shard nobody checkpointed
            }
            Position held = Position.of(at[0], at[1]);
            for (Checkpointed c : checkpoints.getOrDefault(lease.getKey(), List.of())) {
                if (c.position().compareTo(held) > 0) {
                    checkpointViolations++;
                    note(checkpointExamples, "lease " + lease.getKey() + " ends at " + held + " though " + c.position()
                            + " was checkpointed (" + c.where() + ")");
                    break;
                }
            }
        }
    }

    private Result result(Map<String, BitSet> acknowledged, Truth truth) {
        checkOrder();
        checkCheckpoints();
        if (truth != null) {
            checkTruth(truth);
        }
        long lost = 0;
        List<String> lostExamples = new ArrayList<>();
        long distinct = 0;
        long unacknowledged = 0;
        for (Map.Entry<String, BitSet> e : acknowledged.entrySet()) {
            BitSet missing = (BitSet) e.getValue().clone();
            missing.andNot(delivered.getOrDefault(e.getKey(), new BitSet()));
            lost += missing.cardinality();
            for (int c = missing.nextSetBit(0); c >= 0 && lostExamples.size() < 10; c = missing.nextSetBit(c + 1)) {
                lostExamples.add(e.getKey() + " " + c);
            }
        }
        for (Map.Entry<String, BitSet> e : delivered.entrySet()) {
            distinct += e.getValue().cardinality();
            BitSet extra = (BitSet) e.getValue().clone();
            extra.andNot(acknowledged.getOrDefault(e.getKey(), new BitSet()));
            unacknowledged += extra.cardinality();
        }
        return new Result(deliveries, distinct, lost, lostExamples, orderViolations, orderExamples,
                backwardByRetries, checkpointViolations, checkpointExamples, redeliveries, producerDuplicates,
                starts.size(), unacknowledged, malformedLines, lineageChecks, skipped, skippedExamples);
    }
}
