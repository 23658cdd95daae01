package io.sluice.local.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The in-place base64 decoder agrees with the JDK's on every length, and refuses what is not plain base64. */
class Base64CharsTest {

    static byte[] decode(String text) {
        char[] padded = ("xx" + text + "yy").toCharArray();
        return Base64Chars.decode(padded, 2, text.length());
    }

    @Test
    void agreesWithTheJdkDecoder() {
        Random random = new Random(7);
        for (int length = 0; length < 300; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            String text = Base64.getEncoder().encodeToString(data);
            assertThat(decode(text)).as("length %d", length).isEqualTo(data);
        }
    }

    @Test
    void refusesWhatIsNotPlainPaddedBase64() {
        assertThat(decode("QUJD\nREVG")).isNull();
        assertThat(decode("QUJDRA")).isNull();
        assertThat(decode("QUJ*")).isNull();
        assertThat(decode("QU==QUJD")).isNull();
        assertThat(decode("Q===")).isNull();
        assertThat(decode("QUJDé===")).isNull();
    }
}
