package dev.portcullis.gateway.filter.ratelimit;

import dev.portcullis.gateway.runtime.limits.Counter;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LocalLimiterTest {

    private final LocalLimiter limiter = new LocalLimiter();

    @Test
    void dividesEachLimitByTheLiveGateways() {
        Counter tenPerMinute = Counter.rate("{p:x}:global", 10, 60, "proxy-wide rate limit");
        int allowed = 0;
        for (int i = 0; i < 10; i++) {
            if (limiter.consume(List.of(tenPerMinute), 1_000, 2) instanceof LimitDecision.Allowed) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(5);
    }

    @Test
    void aDividedLimitIsNeverBelowOne() {
        Counter one = Counter.rate("{p:x}:global", 1, 60, "proxy-wide rate limit");
        assertThat(limiter.consume(List.of(one), 1_000, 5)).isInstanceOf(LimitDecision.Allowed.class);
        assertThat(limiter.consume(List.of(one), 1_000, 5)).isInstanceOf(LimitDecision.Refused.class);
    }

    @Test
    void aRefusalConsumesNoCounter() {
        Counter roomy = Counter.rate("{c:k:a}:rate", 100, 60, "your policy rate limit");
        Counter quota = Counter.quota("{c:k:a}:quota", 1, 3600, 1_000, "your policy quota");
        assertThat(limiter.consume(List.of(roomy, quota), 1_000, 1)).isInstanceOf(LimitDecision.Allowed.class);
        LimitDecision refused = limiter.consume(List.of(roomy, quota), 1_000, 1);
        assertThat(refused).isInstanceOf(LimitDecision.Refused.class);
        assertThat(((LimitDecision.Refused) refused).counter()).isEqualTo(quota);
        LimitDecision.Allowed roomyAlone = (LimitDecision.Allowed) limiter.consume(List.of(roomy), 1_000, 1);
        assertThat(roomyAlone.headers().remaining()).as("only the first request was counted").isEqualTo(98);
    }

    @Test
    void aQuotaRenewsWithItsPeriod() {
        Counter inFirst = Counter.quota("{c:k:a}:quota", 1, 10, 1_000, "your policy quota");
        assertThat(limiter.consume(List.of(inFirst), 1_000, 1)).isInstanceOf(LimitDecision.Allowed.class);
        LimitDecision.Refused refused = (LimitDecision.Refused) limiter.consume(List.of(inFirst), 2_000, 1);
        assertThat(refused.retryAfterMs()).isEqualTo(8_000);
        Counter inSecond = Counter.quota("{c:k:a}:quota", 1, 10, 10_000, "your policy quota");
        assertThat(limiter.consume(List.of(inSecond), 10_000, 1)).isInstanceOf(LimitDecision.Allowed.class);
    }

    @Test
    void reportsTheTightestCounter() {
        Counter loose = Counter.rate("{p:x}:global", 100, 60, "proxy-wide rate limit");
        Counter tight = Counter.rate("{c:k:a}:rate", 3, 60, "your policy rate limit");
        LimitDecision.Allowed allowed = (LimitDecision.Allowed) limiter.consume(List.of(loose, tight), 1_000, 1);
        assertThat(allowed.headers()).isEqualTo(new LimitHeaders(3, 2, 20));
    }
}
