package dev.portcullis.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.gateway.runtime.CompiledProxy;
import dev.portcullis.gateway.upstream.SecretResolver;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.model.json.Json;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class RouteMiddlewareTest {

    private final CompiledProxy proxy = CompiledProxy.compile(TestProxies.definition("p", "/p/", "http://127.0.0.1:1", """
            "global":{"requestSizeLimit":1000},
            "operations":{"tools/call":{"timeoutMs":5000,"requestSizeLimit":2000,"track":true,
               "circuitBreaker":{"threshold":0.5,"sampleSize":4,"coolDownSeconds":10},
               "transformRequestHeaders":{"add":{"X-Level":"operation","X-Op":"1"}}},
              "prompts/get":{"ignoreAuthentication":true}},
            "tools":{"slow":{"timeoutMs":300,"doNotTrack":true,
               "circuitBreaker":{"threshold":1,"sampleSize":2,"coolDownSeconds":1,"halfOpen":false},
               "transformRequestHeaders":{"add":{"X-Level":"primitive"},"remove":["X-Op"]}},
             "small":{"requestSizeLimit":100,"mockResponse":{"ok":true}}},
            "resources":{"users://*":{"timeoutMs":700}},"""), SecretResolver.LITERAL);

    private RouteSettings resolve(String method, PrimitiveType type, String name) {
        return proxy.middleware().resolve(new McpRoute(MessageKind.REQUEST, Json.mapper().valueToTree(1), method,
                type, name));
    }

    @Test
    void primitiveSettingsWinOverTheOperationsAndTheOperationsOverTheProxyDefaults() {
        RouteSettings slow = resolve("tools/call", PrimitiveType.TOOL, "slow");
        RouteSettings other = resolve("tools/call", PrimitiveType.TOOL, "get_users");

        assertThat(proxy.timeoutMs(slow)).isEqualTo(300);
        assertThat(proxy.timeoutMs(other)).isEqualTo(5000);
        assertThat(proxy.timeoutMs(resolve("tools/list", PrimitiveType.NONE, null))).isEqualTo(30000);
        assertThat(slow.breaker().scope()).isEqualTo("tool:slow");
        assertThat(slow.breaker().settings().halfOpen()).isFalse();
        assertThat(other.breaker().scope()).isEqualTo("operation:tools/call");
        assertThat(slow.tracking()).isEqualTo(Tracking.DO_NOT_TRACK);
        assertThat(other.tracking()).isEqualTo(Tracking.TRACK);
    }

    @Test
    void sizeLimitsResolvePerRouteAndTheLargestBoundsReading() {
        assertThat(proxy.requestSizeLimit(resolve("tools/call", PrimitiveType.TOOL, "small"))).isEqualTo(100);
        assertThat(proxy.requestSizeLimit(resolve("tools/call", PrimitiveType.TOOL, "x"))).isEqualTo(2000);
        assertThat(proxy.requestSizeLimit(resolve("ping", PrimitiveType.NONE, null))).isEqualTo(1000);
        assertThat(proxy.requestSizeLimit()).isEqualTo(2000);
    }

    @Test
    void headerEditsApplyOperationThenPrimitive() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        resolve("tools/call", PrimitiveType.TOOL, "slow").requestEdits().forEach(edits -> edits.applyTo(headers,
                variable -> null));

        assertThat(headers.get("X-Level")).isEqualTo("primitive");
        assertThat(headers.contains("X-Op")).isFalse();
    }

    @Test
    void resourcePrefixesIgnoreAuthenticationAndMocksResolve() {
        assertThat(proxy.timeoutMs(resolve("resources/read", PrimitiveType.RESOURCE, "users://42"))).isEqualTo(700);
        assertThat(resolve("prompts/get", PrimitiveType.PROMPT, "any").ignoreAuthentication()).isTrue();
        assertThat(resolve("tools/call", PrimitiveType.TOOL, "slow").ignoreAuthentication()).isFalse();
        assertThat(resolve("tools/call", PrimitiveType.TOOL, "small").mockResponse().path("ok").asBoolean()).isTrue();
        assertThat(resolve("tools/list", PrimitiveType.NONE, null)).isSameAs(RouteSettings.NONE);
    }

    @Test
    void unchangedBreakerSettingsGiveEqualSlotsAcrossSnapshots() {
        CompiledProxy again = CompiledProxy.compile(proxy.definition(), SecretResolver.LITERAL);
        McpRoute route = new McpRoute(MessageKind.REQUEST, null, "tools/call", PrimitiveType.TOOL, "slow");

        assertThat(again.middleware().resolve(route).breaker()).isEqualTo(proxy.middleware().resolve(route).breaker());
    }
}
