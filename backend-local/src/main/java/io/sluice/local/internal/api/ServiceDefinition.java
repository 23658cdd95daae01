package io.sluice.local.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The actions one AWS API answers under its {@code X-Amz-Target} prefix (for example {@code Kinesis_20131202}).
 * Immutable once built.
 */
public final class ServiceDefinition {

    private final String targetPrefix;
    private final Map<String, Operation<?, ?>> operations;

    private ServiceDefinition(String targetPrefix, Map<String, Operation<?, ?>> operations) {
        this.targetPrefix = targetPrefix;
        this.operations = Map.copyOf(operations);
    }

    public static Builder builder(String targetPrefix) {
        return new Builder(targetPrefix);
    }

    public String targetPrefix() {
        return targetPrefix;
    }

    /** The action of that name, or {@code null}. */
    public Operation<?, ?> operation(String action) {
        return operations.get(action);
    }

    public Set<String> actions() {
        return operations.keySet();
    }

    /** Collects the actions of one service. Not thread-safe. */
    public static final class Builder {
        private final String targetPrefix;
        private final Map<String, Operation<?, ?>> operations = new LinkedHashMap<>();

        private Builder(String targetPrefix) {
            this.targetPrefix = targetPrefix;
        }

        public <I, O> Builder action(String name, Class<I> inputType, Operation.Handler<I, O> handler) {
            if (operations.putIfAbsent(name, new Operation<>(name, inputType, handler)) != null) {
                throw new IllegalArgumentException("Action defined twice: " + name);
            }
            return this;
        }

        public ServiceDefinition build() {
            return new ServiceDefinition(targetPrefix, operations);
        }
    }
}
