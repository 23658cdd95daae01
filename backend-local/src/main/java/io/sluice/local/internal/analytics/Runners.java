package io.sluice.local.internal.analytics;

/**
 * What the API asks of the running side: applications start, stop, take a new configuration while running, or
 * go away. Implementations are thread-safe and return quickly (the work happens on the applications' threads).
 */
interface Runners {

    /** Starts an application; its inputs carry their starting positions. */
    void start(ApplicationState state);

    /** Stops an application, keeping where its input was read to (LAST_STOPPED_POINT). */
    void stop(ApplicationState state);

    /** A running application's configuration changed: it goes on from where it was with the new one. */
    void restart(ApplicationState state);

    /** A deleted application: stopped, its positions dropped. */
    void delete(ApplicationState state);
}
