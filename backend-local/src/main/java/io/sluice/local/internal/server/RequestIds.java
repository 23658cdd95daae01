package io.sluice.local.internal.server;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids in AWS's form (a random UUID), drawn from a thread-local generator: {@code UUID.randomUUID()} goes
 * through one shared {@code SecureRandom}, which every request would contend on. The ids only need to be unique
 * enough to find a request in a log, not unguessable. Thread-safe.
 */
final class RequestIds {

    private RequestIds() {
    }

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
