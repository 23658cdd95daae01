package io.sluice.local.internal.storage;

import java.util.Arrays;

/**
 * Every n-th record of a segment: its position, file offset and arrival time, to start a scan near a position or
 * a time without reading the segment from its beginning.
 *
 * <p>One writer (holding the log's lock) adds entries; readers run without locks. The writer fills the arrays,
 * then publishes the count; a reader reads the count first and the arrays after, so it never sees fewer entries
 * in the arrays than the count says.
 */
final class SparseIndex {

    private record Entries(long[] positions, long[] offsets, long[] arrivals) {
    }

    private volatile Entries entries = new Entries(new long[16], new long[16], new long[16]);
    private volatile int count;

    void add(long position, long offset, long arrival) {
        Entries e = entries;
        int n = count;
        if (n == e.positions().length) {
            int grown = n * 2;
            e = new Entries(Arrays.copyOf(e.positions(), grown), Arrays.copyOf(e.offsets(), grown),
                    Arrays.copyOf(e.arrivals(), grown));
        }
        e.positions()[n] = position;
        e.offsets()[n] = offset;
        e.arrivals()[n] = arrival;
        entries = e;
        count = n + 1;
    }

    /** The file offset of the last indexed record at or before {@code position}, or 0. */
    long offsetAtOrBefore(long position) {
        int n = count;
        Entries e = entries;
        int i = lastIndexBelow(e.positions(), n, position + 1);
        return i < 0 ? 0 : e.offsets()[i];
    }

    /** The file offset of the last indexed record that arrived before {@code epochMillis}, or 0. */
    long offsetBeforeArrival(long epochMillis) {
        int n = count;
        Entries e = entries;
        int i = lastIndexBelow(e.arrivals(), n, epochMillis);
        return i < 0 ? 0 : e.offsets()[i];
    }

    /** The index of the last of the first {@code n} sorted values below {@code bound}, or -1. */
    private static int lastIndexBelow(long[] sorted, int n, long bound) {
        int low = 0;
        int high = n;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < bound) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low - 1;
    }
}
