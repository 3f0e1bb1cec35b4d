package dev.portcullis.gateway.runtime.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.portcullis.gateway.runtime.ConsumerIdentity;
import dev.portcullis.gateway.request.McpRoute;
import dev.portcullis.gateway.request.MessageKind;
import dev.portcullis.gateway.request.PrimitiveType;
import dev.portcullis.model.policy.Policy;
import dev.portcullis.model.proxy.ProxyDefinition;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RateLimitRulesTest {

    private static final ProxyDefinition PROXY = ProxyDefinition.parse("""
            {"id":"mock","name":"mock","listenPath":"/mock/","upstream":{"url":"http://127.0.0.1:1"},
             "global":{"rateLimit":{"rate":1000,"per":60}},
             "operations":{"tools/call":{"rateLimit":{"rate":500,"per":60}}},
             "tools":{"generate_report":{"rateLimit":{"rate":50,"per":60}}},
             "resources":{"users://*":{"rateLimit":{"rate":40,"per":60}}}}""");

    private static final Policy NARROW = Policy.parse("""
            {"id":"narrow","name":"narrow","rate":100,"per":60,"quota":{"max":1000,"renewalSeconds":86400},
             "accessRights":{"mock":{"limit":{"rate":200,"per":60},
               "jsonRpcMethods":[{"name":"tools/call","limit":{"rate":100,"per":60}}],
               "mcpPrimitives":[{"type":"tool","name":"generate_report","limit":{"rate":10,"per":60},
                                 "quota":{"max":20,"renewalSeconds":3600}}]}}}""");

    private static final Policy WIDE = Policy.parse("""
            {"id":"wide","name":"wide","rate":300,"per":60,
             "accessRights":{"mock":{"limit":{"rate":100,"per":60},
               "mcpPrimitives":[{"type":"tool","name":"generate_report","limit":{"rate":30,"per":60}}]}}}""");

    private static final long NOW = 7_200_500;

    private final RateLimitRules rules = RateLimitRules.compile(List.of(PROXY), List.of(NARROW, WIDE));

    private static McpRoute call(String tool) {
        return new McpRoute(MessageKind.REQUEST, IntNode.valueOf(1), "tools/call", PrimitiveType.TOOL, tool);
    }

    private static ConsumerIdentity key(String id, String... policies) {
        return new ConsumerIdentity(id, id + "-alias", List.of(policies));
    }

    @Test
    void aToolCallCountsAgainstEverySharedAndConsumerLevelAtOnce() {
        List<Counter> counters = rules.counters("mock", call("generate_report"), key("k1", "narrow"), NOW);
        assertThat(counters).extracting(Counter::key, Counter::kind, Counter::limit, Counter::periodMs).containsExactly(
                tuple("{p:mock}:global", Counter.Kind.RATE, 1000L, 60_000L),
                tuple("{p:mock}:op:tools/call", Counter.Kind.RATE, 500L, 60_000L),
                tuple("{p:mock}:tool:generate_report", Counter.Kind.RATE, 50L, 60_000L),
                tuple("{c:k:k1}:rate", Counter.Kind.RATE, 100L, 60_000L),
                tuple("{c:k:k1}:proxy:mock", Counter.Kind.RATE, 200L, 60_000L),
                tuple("{c:k:k1}:method:mock:tools/call", Counter.Kind.RATE, 100L, 60_000L),
                tuple("{c:k:k1}:tool:mock:generate_report", Counter.Kind.RATE, 10L, 60_000L),
                tuple("{c:k:k1}:tool:mock:generate_report:quota:7200000", Counter.Kind.QUOTA, 20L, 3_600_000L),
                tuple("{c:k:k1}:quota:0", Counter.Kind.QUOTA, 1000L, 86_400_000L));
        assertThat(counters.get(7).periodEnd()).isEqualTo(10_800_000);
    }

    @Test
    void theMostGenerousPolicyLimitWinsAndAPolicyWithoutOneLiftsIt() {
        List<Counter> counters = rules.counters("mock", call("generate_report"), key("k2", "narrow", "wide"), NOW);
        assertThat(counters).extracting(Counter::key, Counter::limit).contains(
                tuple("{c:k:k2}:rate", 300L),
                tuple("{c:k:k2}:proxy:mock", 200L),
                tuple("{c:k:k2}:method:mock:tools/call", 100L),
                tuple("{c:k:k2}:tool:mock:generate_report", 30L),
                tuple("{c:k:k2}:tool:mock:generate_report:quota:7200000", 20L));
        assertThat(counters).extracting(Counter::key).doesNotContain("{c:k:k2}:quota:0");
    }

    @Test
    void anAnonymousCallerIsCountedOnSharedLimitsOnly() {
        assertThat(rules.counters("mock", call("get_users"), null, NOW)).extracting(Counter::key)
                .containsExactly("{p:mock}:global", "{p:mock}:op:tools/call");
    }

    @Test
    void aResourcePrefixIsCountedUnderItsConfiguredKeyNotTheRequestedUri() {
        McpRoute read = new McpRoute(MessageKind.REQUEST, IntNode.valueOf(1), "resources/read",
                PrimitiveType.RESOURCE, "users://42");
        assertThat(rules.counters("mock", read, null, NOW)).extracting(Counter::key)
                .containsExactly("{p:mock}:global", "{p:mock}:resource:users://*");
    }

    @Test
    void tokenSubjectsAndKeyIdsNeverShareCounters() {
        ConsumerIdentity token = new ConsumerIdentity(ConsumerIdentity.Kind.JWT, "k1", null, List.of("narrow"),
                Set.of());
        assertThat(rules.counters("mock", call("get_users"), token, NOW)).extracting(Counter::key)
                .contains("{c:t:k1}:rate");
        ConsumerIdentity odd = new ConsumerIdentity(ConsumerIdentity.Kind.JWT, "a}b:{c", null, List.of("narrow"),
                Set.of());
        assertThat(rules.counters("mock", call("get_users"), odd, NOW).get(2).key())
                .matches("\\{c:t:h[0-9a-f]{64}}:rate");
    }

    @Test
    void aProxyWithoutLimitsCostsNoCounter() {
        ProxyDefinition plain = ProxyDefinition.parse("""
                {"id":"plain","name":"plain","listenPath":"/plain/","upstream":{"url":"http://127.0.0.1:1"}}""");
        RateLimitRules none = RateLimitRules.compile(List.of(plain), List.of(NARROW));
        assertThat(none.counters("plain", call("get_users"), key("k1", "narrow"), NOW)).isEmpty();
    }
}
