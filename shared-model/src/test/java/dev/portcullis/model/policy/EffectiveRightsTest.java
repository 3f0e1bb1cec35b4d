package dev.portcullis.model.policy;

import dev.portcullis.model.proxy.RateLimit;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EffectiveRightsTest {

    private static final String PROXY = "mock-mcp";

    @Test
    void isEmptyWhenNoPolicyGrantsTheProxy() {
        Policy other = policy("other", null, null, Map.of("elsewhere", right(null, List.of(), List.of())));

        assertThat(EffectiveRights.of(List.of(other), PROXY)).isEmpty();
        assertThat(EffectiveRights.of(List.of(), PROXY)).isEmpty();
    }

    @Test
    void theLimitAllowingMoreRequestsPerSecondWins() {
        Policy slow = policy("slow", new RateLimit(100, 60), new Quota(1000, 86_400),
                Map.of(PROXY, right(new RateLimit(10, 1), List.of(), List.of())));
        Policy fast = policy("fast", new RateLimit(2, 1), new Quota(100, 3_600),
                Map.of(PROXY, right(new RateLimit(500, 60), List.of(), List.of())));

        EffectiveRights merged = EffectiveRights.of(List.of(slow, fast), PROXY).orElseThrow();

        assertThat(merged.policies()).containsExactly("slow", "fast");
        assertThat(merged.rate()).isEqualTo(new RateLimit(2, 1));          // 2/s beats 100/60s
        assertThat(merged.quota()).isEqualTo(new Quota(100, 3_600));       // 100/h beats 1000/day
        assertThat(merged.limit()).isEqualTo(new RateLimit(10, 1));        // 10/s beats 500/60s
    }

    @Test
    void onATieTheBiggerBurstWins() {
        Policy small = policy("small", new RateLimit(1, 1), new Quota(24, 86_400), Map.of(PROXY, right(null,
                List.of(), List.of())));
        Policy big = policy("big", new RateLimit(60, 60), new Quota(1, 3_600), Map.of(PROXY, right(null,
                List.of(), List.of())));

        EffectiveRights merged = EffectiveRights.of(List.of(small, big), PROXY).orElseThrow();

        assertThat(merged.rate()).isEqualTo(new RateLimit(60, 60));
        assertThat(merged.quota()).isEqualTo(new Quota(24, 86_400));
    }

    @Test
    void aPolicyWithoutALimitMakesThatKindUnlimited() {
        Policy limited = policy("limited", new RateLimit(10, 60), new Quota(5, 60),
                Map.of(PROXY, right(new RateLimit(1, 1), List.of(), List.of())));
        Policy open = policy("open", null, null, Map.of(PROXY, right(null, List.of(), List.of())));

        EffectiveRights merged = EffectiveRights.of(List.of(limited, open), PROXY).orElseThrow();

        assertThat(merged.rate()).isNull();
        assertThat(merged.quota()).isNull();
        assertThat(merged.limit()).isNull();
        assertThat(EffectiveRights.of(List.of(limited), PROXY).orElseThrow().limit()).isEqualTo(new RateLimit(1, 1));
    }

    @Test
    void methodAndPrimitiveLimitsMergeByNameKeepingEachMostGenerousOne() {
        Policy a = policy("a", null, null, Map.of(PROXY, right(null,
                List.of(new MethodLimit("tools/call", new RateLimit(10, 60)),
                        new MethodLimit("prompts/get", new RateLimit(5, 60))),
                List.of(new PrimitiveLimit("tool", "generate_report", new RateLimit(1, 1), null),
                        new PrimitiveLimit("resource", "users://list", new RateLimit(3, 60), null)))));
        Policy b = policy("b", null, null, Map.of(PROXY, right(null,
                List.of(new MethodLimit("tools/call", new RateLimit(100, 60))),
                List.of(new PrimitiveLimit("tool", "generate_report", new RateLimit(30, 60), new Quota(50, 86_400)),
                        new PrimitiveLimit("prompt", "generate_report", null, new Quota(7, 60))))));

        EffectiveRights merged = EffectiveRights.of(List.of(a, b), PROXY).orElseThrow();

        assertThat(merged.jsonRpcMethods()).containsExactly(
                new MethodLimit("tools/call", new RateLimit(100, 60)),
                new MethodLimit("prompts/get", new RateLimit(5, 60)));
        assertThat(merged.mcpPrimitives()).containsExactly(
                new PrimitiveLimit("tool", "generate_report", new RateLimit(1, 1), new Quota(50, 86_400)),
                new PrimitiveLimit("resource", "users://list", new RateLimit(3, 60), null),
                new PrimitiveLimit("prompt", "generate_report", null, new Quota(7, 60)));
    }

    @Test
    void keepsEachPolicysAccessListsSeparately() {
        AccessRight blocksDelete = new AccessRight(null, new McpAccessRights(
                new AccessList(List.of(), List.of("delete_.*")), null, null), null, null, null);
        AccessRight allowsAll = right(null, List.of(), List.of());
        Policy a = policy("a", null, null, Map.of(PROXY, blocksDelete, "elsewhere", allowsAll));
        Policy b = policy("b", null, null, Map.of(PROXY, allowsAll));

        EffectiveRights merged = EffectiveRights.of(List.of(a, b), PROXY).orElseThrow();

        assertThat(merged.accessRights()).containsExactly(blocksDelete, allowsAll);
    }

    private static AccessRight right(RateLimit limit, List<MethodLimit> methods, List<PrimitiveLimit> primitives) {
        return new AccessRight(limit, null, null, methods, primitives);
    }

    private static Policy policy(String id, RateLimit rate, Quota quota, Map<String, AccessRight> rights) {
        return new Policy(id, id, rate == null ? null : rate.rate(), rate == null ? null : rate.per(), quota, rights);
    }
}
