package io.sluice.local.internal.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class ShardIteratorsTest {

    @Test
    void roundTripsAndStaysWithinTheModelsLengthForTheLongestNames() {
        ShardIterators.Position position = new ShardIterators.Position("ap-southeast-2", "s".repeat(128),
                1_795_428_930_123L, 1234, 987_654_321L, 1_795_428_999_000L);
        String iterator = ShardIterators.encode(position);
        assertThat(iterator.length()).isLessThanOrEqualTo(512);
        assertThat(ShardIterators.decode(iterator)).isEqualTo(position);
    }

    @Test
    void aDamagedOrInventedIteratorDecodesToNothing() {
        String iterator = ShardIterators.encode(new ShardIterators.Position("us-east-1", "orders", 1, 0, 5, 10));
        byte[] bytes = Base64.getDecoder().decode(iterator);
        bytes[bytes.length / 2] ^= 1;
        assertThat(ShardIterators.decode(Base64.getEncoder().encodeToString(bytes))).isNull();
        assertThat(ShardIterators.decode("not base64 !")).isNull();
        assertThat(ShardIterators.decode("")).isNull();
        assertThat(ShardIterators.decode(Base64.getEncoder().encodeToString(new byte[40]))).isNull();
        assertThat(ShardIterators.decode(iterator.substring(0, iterator.length() - 4))).isNull();
    }
}
