package io.sluice.local.internal.streams;

/** Shard ids {@code shardId-000000000000}: formatting and AWS's lenient parsing. Stateless. */
public final class ShardIds {

    private ShardIds() {
    }

    private static final String PREFIX = "shardId-";
    private static final int DIGITS = 12;

    public static String format(int index) {
        String digits = Integer.toString(index);
        StringBuilder out = new StringBuilder(PREFIX.length() + DIGITS).append(PREFIX);
        for (int i = digits.length(); i < DIGITS; i++) {
            out.append('0');
        }
        return out.append(digits).toString();
    }

    /**
     * The shard index an id names, read as AWS reads it: the digits after the first dash (or the whole text when
     * there is none), so {@code shardId-000000000001}, {@code shard-1} and {@code 1} all name shard 1. Returns -1
     * when the text names no shard.
     */
    public static int parse(String shardId) {
        if (shardId == null) {
            return -1;
        }
        int dash = shardId.indexOf('-');
        String digits = dash < 0 ? shardId : shardId.substring(dash + 1);
        if (digits.isEmpty() || digits.length() > 12) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value > Integer.MAX_VALUE ? -1 : (int) value;
    }
}
