package io.sluice.local.internal.analytics;

import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The applications of the backend by region and name, kept in the {@link AnalyticsStore}. Changes to applications
 * are serialized by one lock (configuration calls are rare). A deleted application stays DELETING for the delete
 * delay and is gone after. Thread-safe.
 */
final class ApplicationRegistry {

    /** Applications allowed per region, AWS's default quota. */
    static final int LIMIT = 50;

    private final AnalyticsStore store;
    private final Map<String, ApplicationState> applications = new TreeMap<>();

    ApplicationRegistry(AnalyticsStore store) {
        this.store = store;
        for (ApplicationState state : store.load()) {
            applications.put(key(state.region(), state.name()), state);
        }
    }

    AnalyticsStore store() {
        return store;
    }

    private static String key(String region, String name) {
        return region + "/" + name;
    }

    /** The application, or {@code null} if there is none (or its deletion has finished). */
    synchronized ApplicationState find(String region, String name, long now) {
        ApplicationState state = applications.get(key(region, name));
        if (state != null && ApplicationState.DELETING.equals(state.status()) && now >= state.settlesAt()) {
            applications.remove(key(region, name));
            store.delete(state);
            return null;
        }
        return state;
    }

    /** The application, or ResourceNotFoundException as AWS words it. */
    ApplicationState require(RequestContext ctx, String name) {
        ApplicationState state = find(ctx.region(), name, ctx.now().toEpochMilli());
        if (state == null) {
            throw notFound(ctx, name);
        }
        return state;
    }

    static ApiException notFound(RequestContext ctx, String name) {
        return ApiException.resourceNotFound("Application " + name + " is not found in account " + ctx.accountId()
                + ".");
    }

    synchronized void create(RequestContext ctx, ApplicationState state) {
        long now = ctx.now().toEpochMilli();
        if (find(state.region(), state.name(), now) != null) {
            throw ApiException.resourceInUse("Application " + state.name() + " already exists.");
        }
        if (list(state.region(), now).size() >= LIMIT) {
            throw ApiException.limitExceeded("Exceeded the number of applications allowed (" + LIMIT + ").");
        }
        store.save(state);
        applications.put(key(state.region(), state.name()), state);
    }

    /**
     * Changes an application under the lock: {@code change} sees the current state and returns the next (or throws).
     *
     * @return the new state
     */
    synchronized ApplicationState change(RequestContext ctx, String name, UnaryOperator<ApplicationState> change) {
        ApplicationState current = require(ctx, name);
        ApplicationState next = change.apply(current);
        if (next != current) {
            store.save(next);
            applications.put(key(next.region(), next.name()), next);
        }
        return next;
    }

    /** The applications of a region, by name. */
    synchronized List<ApplicationState> list(String region, long now) {
        List<ApplicationState> out = new ArrayList<>();
        for (ApplicationState state : new ArrayList<>(applications.values())) {
            if (state.region().equals(region) && find(region, state.name(), now) != null) {
                out.add(state);
            }
        }
        return out;
    }

    /** Every application, for the runtime to restart those that were running. */
    synchronized List<ApplicationState> all() {
        return new ArrayList<>(applications.values());
    }
}
