package io.sluice.samples.quickstart;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

/**
 * Realistic click events as JSON: an event id, a user, the page, where the user came from, the device and the time.
 * Pages follow a skewed popularity, as real traffic does. Not thread-safe (one generator per producer thread).
 */
final class ClickEvents {

    static final String[] PAGES = {"/", "/products", "/products/kayak", "/products/paddle", "/cart", "/checkout",
        "/search", "/blog/rivers", "/about", "/help"};
    private static final String[] REFERRERS = {"direct", "search", "social", "email", "ads"};
    private static final String[] DEVICES = {"mobile", "desktop", "tablet"};

    private final Random random;
    private long next;

    ClickEvents(long seed) {
        this.random = new Random(seed);
    }

    /** A click: its partition key (the user) and its JSON. */
    record Click(long id, String user, String page, byte[] json) {
    }

    Click next(long epochMillis) {
        long id = next++;
        String user = "user-" + random.nextInt(5_000);
        // Skewed: the home page and product pages get most clicks.
        String page = PAGES[Math.min(PAGES.length - 1, (int) Math.abs(random.nextGaussian() * 3))];
        String json = String.format(Locale.ROOT, "{\"event_id\":%d,\"user\":\"%s\",\"page\":\"%s\","
                + "\"referrer\":\"%s\",\"device\":\"%s\",\"ts\":%d}", id, user, page,
                REFERRERS[random.nextInt(REFERRERS.length)], DEVICES[random.nextInt(DEVICES.length)], epochMillis);
        return new Click(id, user, page, json.getBytes(StandardCharsets.UTF_8));
    }
}
