package io.sluice.local.internal.firehose;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Readers of what delivery streams take in (Analytics applications whose input is a delivery stream): each
 * accepted batch is passed to every tap of its stream, with its arrival time, on the thread that accepted it.
 * Taps must be quick. Thread-safe.
 */
public final class DeliveryTaps {

    /** A reader of a delivery stream's records. */
    @FunctionalInterface
    public interface Tap {
        void accept(List<byte[]> records, long arrivalMillis);
    }

    private final Map<String, List<Tap>> taps = new ConcurrentHashMap<>();

    private static String key(String region, String name) {
        return region + "/" + name;
    }

    /** Starts passing a delivery stream's records to a tap; closing the result stops it. */
    public AutoCloseable add(String region, String name, Tap tap) {
        taps.computeIfAbsent(key(region, name), k -> new CopyOnWriteArrayList<>()).add(tap);
        return () -> taps.getOrDefault(key(region, name), List.of()).remove(tap);
    }

    void accepted(String region, String name, List<byte[]> records, long arrivalMillis) {
        List<Tap> list = taps.get(key(region, name));
        if (list == null || records.isEmpty()) {
            return;
        }
        for (Tap tap : list) {
            tap.accept(records, arrivalMillis);
        }
    }
}
