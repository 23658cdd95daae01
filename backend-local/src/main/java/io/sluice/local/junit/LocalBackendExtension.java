package io.sluice.local.junit;

import io.sluice.local.LocalBackend;
import io.sluice.local.LocalClients;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that starts one in-memory {@link LocalBackend} per test class on a free loopback port, with
 * streams ACTIVE as soon as they are created, and stops it after the class ({@code @Nested} classes share it).
 *
 * <p>Use it declaratively and take what you need as parameters:
 *
 * <pre>{@code
 * @ExtendWith(LocalBackendExtension.class)
 * class OrdersTest {
 *     @Test
 *     void putsAnOrder(LocalClients clients) {
 *         try (KinesisClient kinesis = clients.kinesis().build()) { ... }
 *     }
 * }
 * }</pre>
 *
 * or register it in a static field to change the backend's settings:
 *
 * <pre>{@code
 * @RegisterExtension
 * static LocalBackendExtension backend = LocalBackendExtension.configured(b -> b.createDelay(Duration.ofMillis(200)));
 * }</pre>
 *
 * <p>Parameters of type {@link LocalBackend} and {@link LocalClients} are resolved. Thread-safety: JUnit calls the
 * callbacks from its own thread; the backend itself is thread-safe.
 */
public final class LocalBackendExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LocalBackendExtension.class);

    private final Consumer<LocalBackend.Builder> customizer;
    private volatile LocalBackend current;

    /** The extension with the test defaults: free port, in memory, no creation or deletion delay. */
    public LocalBackendExtension() {
        this(builder -> { });
    }

    private LocalBackendExtension(Consumer<LocalBackend.Builder> customizer) {
        this.customizer = customizer;
    }

    /**
     * The extension with the test defaults, then {@code customizer} applied to the builder.
     *
     * @param customizer changes the backend's settings
     * @return the extension
     */
    public static LocalBackendExtension configured(Consumer<LocalBackend.Builder> customizer) {
        return new LocalBackendExtension(customizer);
    }

    /**
     * Starts the class's backend, unless an enclosing class already runs one: {@code @Nested} classes share their
     * outer class's backend. JUnit closes it when the class that started it is done.
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        Running running = store.get(key(), Running.class);
        if (running != null) {
            current = running.backend;
            return;
        }
        LocalBackend.Builder builder = LocalBackend.builder()
                .port(0)
                .createDelay(Duration.ZERO)
                .deleteDelay(Duration.ZERO);
        customizer.accept(builder);
        LocalBackend backend = builder.build().start();
        store.put(key(), new Running(backend));
        current = backend;
    }

    /** One key per extension instance, so two registered extensions run two backends. */
    private Object key() {
        return this;
    }

    /**
     * The running backend (between the class's before-all and after-all).
     *
     * @return the backend
     */
    public LocalBackend backend() {
        LocalBackend started = current;
        if (started == null) {
            throw new IllegalStateException("The backend runs only while the test class runs");
        }
        return started;
    }

    /**
     * Client builders for the running backend.
     *
     * @return client builders for the backend
     */
    public LocalClients clients() {
        return LocalClients.of(backend());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalBackend.class || type == LocalClients.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running running = context.getStore(NAMESPACE).get(key(), Running.class);
        if (running == null) {
            throw new ParameterResolutionException("No backend runs for " + context.getDisplayName());
        }
        Class<?> type = parameter.getParameter().getType();
        return type == LocalBackend.class ? running.backend : LocalClients.of(running.backend);
    }

    /**
     * The backend as JUnit keeps it in the store: closed when the class that started it is done. It is both
     * {@code AutoCloseable} (how JUnit 5.13 and later close stored values) and a {@code CloseableResource} (how
     * earlier versions do); closing twice is harmless.
     */
    @SuppressWarnings("deprecation")
    private static final class Running implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final LocalBackend backend;

        Running(LocalBackend backend) {
            this.backend = backend;
        }

        @Override
        public void close() {
            backend.close();
        }
    }
}
