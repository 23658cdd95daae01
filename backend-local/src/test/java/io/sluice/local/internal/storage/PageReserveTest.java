package io.sluice.local.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PageReserveTest {

    @Test
    void handsOutWholePagesOrLargerAndStopsItsThreadOnClose() throws Exception {
        long before = reserveThreads();
        PageReserve reserve = new PageReserve(4);
        assertThat(reserveThreads()).isEqualTo(before + 1);
        for (int i = 0; i < 20; i++) {
            ByteBuffer page = reserve.take(100);
            assertThat(page.capacity()).isEqualTo(PageReserve.PAGE_BYTES);
            assertThat(page.isDirect()).isTrue();
            assertThat(page.getLong(PageReserve.PAGE_BYTES - 8)).as("pages come zeroed").isZero();
        }
        assertThat(reserve.take(PageReserve.PAGE_BYTES + 1).capacity()).isEqualTo(PageReserve.PAGE_BYTES + 1);
        reserve.close();
        assertThat(reserveThreads()).isEqualTo(before);
    }

    private static long reserveThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("sluice-page-reserve")).count();
    }
}
