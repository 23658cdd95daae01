package io.sluice.local.internal.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.ErrorCode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PageTokensTest {

    private final PageTokens tokens = new PageTokens();

    private static RequestContext at(long millis, String region) {
        return new RequestContext("r", region, "000000000000", Instant.ofEpochMilli(millis));
    }

    @Test
    void shardTokensCarryWhereTheListingGoesOnAndItsFilter() {
        PageTokens.ShardsPage page = new PageTokens.ShardsPage("eu-west-1", "orders", 12_345, 9, "AT_TIMESTAMP",
                null, 777L);
        String token = tokens.shardsToken(page, at(1_000, "eu-west-1"));
        assertThat(tokens.openShardsToken(token, at(1_000 + PageTokens.LIFETIME_MILLIS, "eu-west-1"))).isEqualTo(page);
    }

    @Test
    void tokensExpireAfterFiveMinutes() {
        String token = tokens.streamsToken("last", at(0, "us-east-1"));
        assertThat(tokens.openStreamsToken(token, at(300_000, "us-east-1"))).isEqualTo("last");
        assertThatThrownBy(() -> tokens.openStreamsToken(token, at(300_001, "us-east-1")))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.EXPIRED_NEXT_TOKEN));
    }

    @Test
    void tokensOfAnotherKindRegionOrWithDamageAreInvalid() {
        String streams = tokens.streamsToken("last", at(0, "us-east-1"));
        assertThatThrownBy(() -> tokens.openShardsToken(streams, at(0, "us-east-1")))
                .hasMessage("Invalid NextToken.");
        assertThatThrownBy(() -> tokens.openStreamsToken(streams, at(0, "eu-west-1")))
                .hasMessage("Invalid NextToken.");
        String damaged = streams.substring(0, 10) + (streams.charAt(10) == 'A' ? 'B' : 'A') + streams.substring(11);
        assertThatThrownBy(() -> tokens.openStreamsToken(damaged, at(0, "us-east-1")))
                .hasMessage("Invalid NextToken.");
    }
}
