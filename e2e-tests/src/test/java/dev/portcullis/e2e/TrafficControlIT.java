package dev.portcullis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.e2e.support.DashboardApi.Response;
import dev.portcullis.e2e.support.E2eStack;
import dev.portcullis.e2e.support.McpHttp;
import dev.portcullis.launcher.stack.GatewaySettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** End to end: two gateway processes share one Redis count; mock responses and header transforms. */
class TrafficControlIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static E2eStack stack;

    @BeforeAll
    static void start() {
        stack = E2eStack.start("traffic", builder -> builder
                .gateway(GatewaySettings.of("gw-a"))
                .gateway(GatewaySettings.of("gw-b")));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aLimitOfTenPerMinuteAllowsTenCallsInTotalAcrossTwoGateways() throws Exception {
        ObjectNode proxy = (ObjectNode) JSON.readTree("""
                {"id":"limited","name":"Limited","listenPath":"/limited/","upstream":{"url":"%s"},
                 "global":{"rateLimit":{"rate":10,"per":60}}}""".formatted(stack.mockUrl()));
        stack.api().createProxy(proxy);
        String key = stack.api().createKey("limited-agent", List.of("limited")).path("key").asText();
        String urlA = stack.stack().gateway("gw-a").mcpUrl("/limited/");
        String urlB = stack.stack().gateway("gw-b").mcpUrl("/limited/");
        awaitAccepted(urlA, key);
        awaitAccepted(urlB, key);

        List<Integer> statuses = new ArrayList<>();
        Response refused = null;
        for (int i = 0; i < 11; i++) {
            Response response = McpHttp.post(i % 2 == 0 ? urlA : urlB, McpHttp.INITIALIZE, McpHttp.bearer(key));
            statuses.add(response.status());
            if (response.status() == 429) {
                refused = response;
            }
        }

        assertThat(statuses.subList(0, 10)).containsOnly(200);
        assertThat(statuses.get(10)).isEqualTo(429);
        assertThat(refused.json().at("/error/code").asInt()).isEqualTo(-32003);
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
    }

    @Test
    void aMockResponseAnswersWithTheUpstreamDownAndTransformsReachTheUpstream() throws Exception {
        ObjectNode proxy = (ObjectNode) JSON.readTree("""
                {"id":"shaped","name":"Shaped","listenPath":"/shaped/","upstream":{"url":"%s"},
                 "authentication":{"enabled":false},
                 "tools":{"get_anything":{"transformRequestHeaders":{"add":{"X-Added-By":"portcullis"}}},
                          "generate_uuid":{"mockResponse":{"content":[{"type":"text","text":"mocked"}]}}}}"""
                .formatted(stack.mockUrl()));
        stack.api().createProxy(proxy);
        String url = stack.stack().gateway("gw-a").mcpUrl("/shaped/");
        String session = awaitSession(url);

        Response echoed = McpHttp.post(url, call("get_anything"), Map.of("Mcp-Session-Id", session));
        JsonNode headers = echoed.json().at("/result/structuredContent/headers");
        assertThat(headers.path("x-added-by").asText()).as(echoed.body()).isEqualTo("portcullis");

        stack.stack().mock().stop();
        try {
            Response mocked = McpHttp.post(url, call("generate_uuid"), Map.of("Mcp-Session-Id", session));
            assertThat(mocked.status()).isEqualTo(200);
            assertThat(mocked.json().at("/result/content/0/text").asText()).isEqualTo("mocked");
            assertThat(McpHttp.post(url, call("get_users"), Map.of("Mcp-Session-Id", session)).status())
                    .as("a real call with the upstream down").isEqualTo(502);
        } finally {
            stack.stack().mock().start();
        }
    }

    private static String call(String tool) {
        return "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{}}}";
    }

    /** Until the key works on this gateway, without spending the proxy's counted calls (a bad key is not counted). */
    private static void awaitAccepted(String url, String key) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> McpHttp.post(url, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                        McpHttp.bearer(key)).status() != 401);
    }

    private static String awaitSession(String url) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> McpHttp.post(url, McpHttp.INITIALIZE, Map.of()).status() == 200);
        return McpHttp.post(url, McpHttp.INITIALIZE, Map.of()).header("Mcp-Session-Id");
    }
}
