package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.local.junit.LocalBackendExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code @Nested} classes share their outer class's backend instead of starting (and leaking) their own. */
@ExtendWith(LocalBackendExtension.class)
class LocalBackendExtensionNestedTest {

    static LocalBackend outer;

    @BeforeAll
    static void remember(LocalBackend backend) {
        outer = backend;
    }

    @Test
    void outerTestSeesTheBackend(LocalBackend backend) {
        assertThat(backend).isSameAs(outer);
    }

    @Nested
    class Inner {
        @Test
        void nestedTestSeesTheSameRunningBackend(LocalBackend backend, LocalClients clients) {
            assertThat(backend).isSameAs(outer);
            assertThat(clients.endpoint()).isEqualTo(outer.endpoint());
        }
    }
}
