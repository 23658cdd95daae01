package io.sluice.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads every worker's {@link DeliveryLog} and checks what the consumer fleet did against what the producers were
 * told was acknowledged:
 * <ul>
 *   <li>every acknowledged record was delivered at least once (no loss);
 *   <li>in each processing session of a shard (a processor's life), positions only go forward, and a key's
 *       counter goes back only onto a record the stream holds twice (a producer's retry stores a request's
 *       records again when its answer was lost); a record stored once never comes after a higher counter;
 *   <li>a session starts at or after every checkpoint the shard had when it started, and delivers only what lies
 *       after its starting checkpoint, so a record is delivered again only if no checkpoint had passed it;
 *   <li>duplicates are counted: redeliveries of a position (after a failover or restart) and records stored twice
 *       by a producer's retry.
 * </ul>
 * Not thread-safe; used once at the end of a run.
 */
final class DeliveryCheck {

    /** The outcome. */
    record Result(long deliveries, long distinctRecords, long lost, List<String> lostExamples,
            long orderViolations, List<String> orderExamples, long backwardByRetries, long checkpointViolations,
            List<String> checkpointExamples, long redeliveries, long producerDuplicates, long sessions,
            long unacknowledgedDelivered, Map<String, BitSet> deliveredByKey) {

        boolean passed() {
            return lost == 0 && orderViolations == 0 && checkpointViolations == 0;
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
    }

    private record Checkpointed(Position position, long millis) {
    }

    private record Start(String shard, String sequence, long sub, long millis, String where) {
    }

    private final Map<String, BitSet> delivered = new HashMap<>();
    private final Map<String, Set<Position>> positionsByShard = new HashMap<>();
    private final Map<String, Map<String, Position>> positionOfRecord = new HashMap<>();
    private final Map<String, List<Checkpointed>> checkpoints = new HashMap<>();
    private final List<Start> starts = new ArrayList<>();
    private final List<String> orderExamples = new ArrayList<>();
    private long deliveries;
    private long orderViolations;
    private long redeliveries;
    private long producerDuplicates;
    private long beforeStart;
    private final List<String> checkpointExamples = new ArrayList<>();

    /** One processor's life on a shard, inside one worker's log. */
    private static final class Session {
        final Position start;
        final String where;
        Position last;
        final List<String> keys = new ArrayList<>();
        long[] counters = new long[64];

        Session(Position start, String where) {
            this.start = start;
            this.where = where;
        }

        void add(String key, long counter) {
            if (keys.size() == counters.length) {
                counters = java.util.Arrays.copyOf(counters, counters.length * 2);
            }
            counters[keys.size()] = counter;
            keys.add(key);
        }
    }

    private final List<Session> allSessions = new ArrayList<>();
    private final Set<String> storedTwice = new HashSet<>();
    private long backwardByRetries;

    static Result check(List<Path> logs, Map<String, BitSet> acknowledged) throws IOException {
        DeliveryCheck check = new DeliveryCheck();
        for (Path log : logs) {
            check.read(log);
        }
        return check.result(acknowledged);
    }

    private void read(Path log) throws IOException {
        Map<String, Session> sessions = new HashMap<>();
        String worker = log.getFileName().toString();
        // A worker killed mid-write may leave a last line without its end: read only whole lines.
        long whole = wholeLinesLength(log);
        try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(
                new java.io.BufferedInputStream(Files.newInputStream(log)) {
                    private long left = whole;

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
                }, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                String[] f = line.split(" ");
                if (f.length < 3) {
                    continue;
                }
                String shard = f[1];
                switch (f[0]) {
                    case "I" -> {
                        if (f.length < 5) {
                            continue; // malformed
                        }
                        Position start = isDigits(f[2]) ? Position.of(f[2], f[3]) : null;
                        Session session = new Session(start, worker + ":" + number);
                        sessions.put(shard, session);
                        allSessions.add(session);
                        starts.add(new Start(shard, f[2], Long.parseLong(f[3]), Long.parseLong(f[4]),
                                worker + ":" + number));
                    }
                    case "D" -> {
                        if (f.length < 6) {
                            continue;
                        }
                        delivery(sessions.get(shard), shard, Position.of(f[2], f[3]), f[4], Long.parseLong(f[5]),
                                worker + ":" + number);
                    }
                    case "C" -> {
                        if (f.length < 5) {
                            continue;
                        }
                        checkpoints.computeIfAbsent(shard, k -> new ArrayList<>())
                                .add(new Checkpointed(Position.of(f[2], f[3]), Long.parseLong(f[4])));
                    }
                    default -> {
                        // E and L end nothing the check needs.
                    }
                }
            }
        }
    }

    private static long wholeLinesLength(Path log) throws IOException {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(log)) {
            long size = channel.size();
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            for (long at = size - 1; at >= 0; at--) {
                one.clear();
                channel.read(one, at);
                if (one.get(0) == '\n') {
                    return at + 1;
                }
            }
            return 0;
        }
    }

    private static boolean isDigits(String text) {
        return !text.isEmpty() && text.chars().allMatch(Character::isDigit);
    }

    private void delivery(Session session, String shard, Position position, String key, long counter,
            String where) {
        deliveries++;
        if (session == null) {
            note(orderExamples, where + ": a record delivered outside a session");
            orderViolations++;
            return;
        }
        if (session.start != null && position.compareTo(session.start) <= 0) {
            beforeStart++;
            note(checkpointExamples, where + ": " + shard + " " + position + " at or before the session's start "
                    + session.start);
        }
        if (session.last != null && position.compareTo(session.last) <= 0) {
            orderViolations++;
            note(orderExamples, where + ": " + shard + " position " + position + " after " + session.last);
        }
        session.last = position;
        session.add(key.intern(), counter);
        if (!positionsByShard.computeIfAbsent(shard, k -> new HashSet<>()).add(position)) {
            redeliveries++;
        } else {
            Position earlier = positionOfRecord.computeIfAbsent(key, k -> new HashMap<>())
                    .putIfAbsent(Long.toString(counter), position);
            if (earlier != null) {
                producerDuplicates++;
                storedTwice.add(key + " " + counter);
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

    private Result result(Map<String, BitSet> acknowledged) {
        checkOrder();
        long checkpointViolations = beforeStart;
        for (Start start : starts) {
            Position from = isDigits(start.sequence()) ? new Position(new BigInteger(start.sequence()), start.sub())
                    : null;
            for (Checkpointed c : checkpoints.getOrDefault(start.shard(), List.of())) {
                if (c.millis() < start.millis() && (from == null || c.position().compareTo(from) > 0)) {
                    checkpointViolations++;
                    note(checkpointExamples, start.where() + ": " + start.shard() + " started at "
                            + start.sequence() + "/" + start.sub() + " though " + c.position()
                            + " was checkpointed before");
                    break;
                }
            }
        }
        long lost = 0;
        List<String> lostExamples = new ArrayList<>();
        long distinct = 0;
        long unacknowledged = 0;
        for (Map.Entry<String, BitSet> e : acknowledged.entrySet()) {
            BitSet missing = (BitSet) e.getValue().clone();
            BitSet got = delivered.getOrDefault(e.getKey(), new BitSet());
            missing.andNot(got);
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
                backwardByRetries, checkpointViolations, checkpointExamples, redeliveries, producerDuplicates, starts.size(),
                unacknowledged, delivered);
    }
}
