package io.sluice.local.internal.protocol;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ValidatorTest {

    @Test
    void passesValidMembersWithoutAMessage() {
        assertThatCode(() -> new Validator()
                .string("streamName", "orders", true, 1, 128, Pattern.compile("[a-z]+"))
                .integer("limit", 5, false, 1, 10)
                .enumeration("type", "A", true, List.of("A", "B"))
                .blob("data", new byte[3], true, 0, 3)
                .list("records", List.of(1, 2), true, 1, 2, null)
                .map("tags", Map.of("k", "v"), false, 1, 10, 1, 5, 0, 5)
                .throwIfInvalid()).doesNotThrowAnyException();
    }

    @Test
    void wordsEachConstraintKindAsAwsDoes() {
        assertThatThrownBy(() -> new Validator().integer("limit", 0, false, 1, 10).throwIfInvalid())
                .isInstanceOf(ApiException.class)
                .hasMessage("1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
                        + "Member must have value greater than or equal to 1");
        assertThatThrownBy(() -> new Validator().blob("data", new byte[4], true, 0, 3).throwIfInvalid())
                .hasMessage("1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=4 cap=4]' at "
                        + "'data' failed to satisfy constraint: Member must have length less than or equal to 3");
        assertThatThrownBy(() -> new Validator().enumeration("type", "C", true, List.of("A", "B")).throwIfInvalid())
                .hasMessage("1 validation error detected: Value 'C' at 'type' failed to satisfy constraint: "
                        + "Member must satisfy enum value set: [A, B]");
        assertThatThrownBy(() -> new Validator().string("name", null, true, 1, 2, null).integer("n", 11, true, 1, 10)
                .throwIfInvalid())
                .hasMessage("2 validation errors detected: Value null at 'name' failed to satisfy constraint: "
                        + "Member must not be null; Value '11' at 'n' failed to satisfy constraint: Member must have "
                        + "value less than or equal to 10");
    }

    @Test
    void reportsAtMostTenFailures() {
        Validator v = new Validator();
        for (int i = 1; i <= 12; i++) {
            v.string("m" + i, "", true, 1, 5, null);
        }
        assertThatThrownBy(v::throwIfInvalid).hasMessageStartingWith("10 validation errors detected: ")
                .hasMessageContaining("'m10'").hasMessageNotContaining("'m11'");
    }
}
