package dev.portcullis.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.e2e.support.DashboardApi;
import dev.portcullis.e2e.support.DashboardApi.Response;
import dev.portcullis.e2e.support.E2eStack;
import dev.portcullis.e2e.support.McpHttp;
import dev.portcullis.launcher.stack.GatewayComponent;
import dev.portcullis.launcher.stack.GatewaySettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end: what the agent saw, call by call, is what the access log and the analytics store hold; nothing
 * is lost or doubled when the gateway is killed right after answering or the control plane is down for a while;
 * the gateway's Prometheus series carry the right labels; an agent's trace context reaches the upstream.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GATEWAY = "gw-obs";
    private static final String PROXY = "observed";
    private static final String SINCE = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS)
            .toString();

    private static E2eStack stack;
    private static Path accessLog;
    private static String key;
    private static String url;
    private static String session;
    /** What the agent saw in the mixed run, one entry per tools/call: "tool status". */
    private static final List<String> seen = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        accessLog = Files.createTempDirectory("portcullis-access-").resolve("access.log");
        stack = E2eStack.start("observability", builder -> builder
                .gateway(GatewaySettings.of(GATEWAY).withEnvironment(Map.of("PORTCULLIS_ACCESS_LOG",
                        accessLog.toString()))));
        stack.api().createProxy(JSON.readTree("""
                {"id":"%s","name":"Observed","listenPath":"/observed/","upstream":{"url":"%s"},
                 "tools":{"delete_user":{"block":true},"get_posts":{"rateLimit":{"rate":2,"per":60}}}}"""
                .formatted(PROXY, stack.mockUrl())));
        key = stack.api().createKey("observer-agent", List.of(PROXY)).path("key").asText();
        url = gateway().mcpUrl("/observed/");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> McpHttp.post(url, McpHttp.INITIALIZE, McpHttp.bearer(key)).status() == 200);
        session = McpHttp.post(url, McpHttp.INITIALIZE, McpHttp.bearer(key)).header("Mcp-Session-Id");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    @Order(1)
    void aMixedRunIsLoggedAndCountedCallByCallAndRankedRight() throws Exception {
        int before = records().size();
        call("get_users", "{}", 200);
        call("get_users", "{}", 200);
        call("get_users", "{}", 200);
        call("get_users", "{}", 200);
        call("delete_user", "{\"id\":1}", 403);
        call("get_posts", "{}", 200);
        call("get_posts", "{}", 200);
        call("get_posts", "{}", 429);
        call("no_such_tool", "{}", 200);
        call("slow_response", "{\"delay_seconds\":1}", 200);
        Response anonymous = McpHttp.post(url, toolCall("get_users", "{}"), sessionHeaders(null));
        assertThat(anonymous.status()).isEqualTo(401);
        seen.add("get_users 401");

        List<JsonNode> records = awaitRecords(before + seen.size());
        assertThat(count(toolCalls(records))).isEqualTo(count(seen));

        List<JsonNode> lines = awaitAccessLog(records.size());
        assertThat(count(toolCalls(lines.stream().map(ObservabilityIT::fromAccessLog).toList())))
                .isEqualTo(count(seen));
        JsonNode denied = lines.stream().filter(line -> "delete_user".equals(line.path("mcp_primitive_name").asText()))
                .findFirst().orElseThrow();
        assertThat(denied.path("mcp_error_code").asInt()).isEqualTo(-32002);
        assertThat(denied.path("alias").asText()).isEqualTo("observer-agent");
        assertThat(denied.path("key_id").asText()).isNotBlank();
        assertThat(String.join("\n", Files.readAllLines(accessLog))).doesNotContain(key);

        JsonNode used = primitives("used");
        assertThat(used.path("items").get(0).path("primitive").asText()).isEqualTo("get_users");
        JsonNode failing = primitives("failing");
        assertThat(failing.path("items").get(0).path("errorRate").asDouble()).isEqualTo(1.0);
        assertThat(names(failing)).startsWith("delete_user", "no_such_tool");
        JsonNode slowest = primitives("slowest");
        assertThat(slowest.path("items").get(0).path("primitive").asText()).isEqualTo("slow_response");
    }

    @Test
    @Order(2)
    void aGatewayKilledRightAfterAnsweringStillHasItsRecordCountedOnce() {
        int before = records().size();
        call("get_products", "{}", 200);
        gateway().kill();
        gateway().start();
        await().atMost(Duration.ofSeconds(20)).until(() -> McpHttp.post(url, McpHttp.INITIALIZE,
                McpHttp.bearer(key)).status() == 200);
        List<JsonNode> records = awaitRecords(before + 2);
        assertThat(toolCalls(records).stream().filter("get_products 200"::equals)).hasSize(1);
    }

    @Test
    @Order(3)
    void recordsMadeWhileTheControlPlaneIsDownArriveExactlyOnce() {
        int before = records().size();
        stack.stack().controlPlane().stop();
        try {
            for (int i = 0; i < 5; i++) {
                call("generate_uuid", "{}", 200);
            }
        } finally {
            stack.stack().controlPlane().start();
        }
        List<JsonNode> records = awaitRecords(before + 5);
        assertThat(toolCalls(records).stream().filter("generate_uuid 200"::equals)).hasSize(5);
    }

    @Test
    @Order(4)
    void prometheusSeriesCarryProxyMethodAndPrimitiveLabels() throws Exception {
        Response list = McpHttp.post(url, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}",
                sessionHeaders(key));
        assertThat(list.status()).isEqualTo(200);
        call("get_users", "{}", 200);
        call("delete_user", "{\"id\":1}", 403);
        call("invented_tool_" + System.nanoTime(), "{}", 200);
        String metrics = get(gateway().managementUrl() + "/q/metrics");
        assertThat(metrics).containsPattern("portcullis_mcp_requests_total\\{[^}]*proxy=\"" + PROXY + "\"[^}]*\\}")
                .containsPattern("portcullis_mcp_requests_total\\{[^}]*primitive=\"get_users\"[^}]*\\}")
                .containsPattern("portcullis_mcp_requests_total\\{[^}]*error_code=\"-32002\"[^}]*\\}")
                .containsPattern("portcullis_mcp_requests_total\\{[^}]*primitive=\"other\"[^}]*\\}")
                .doesNotContain("invented_tool_")
                .contains("portcullis_mcp_method_total{")
                .contains("portcullis_mcp_upstream_duration_seconds_bucket{")
                .contains("portcullis_mcp_request_duration_seconds_bucket{")
                .contains("portcullis_config_snapshot_version{");
    }

    @Test
    @Order(5)
    void theAgentsTraceIdReachesTheUpstream() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        Map<String, String> headers = new HashMap<>(sessionHeaders(key));
        headers.put("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
        Response echoed = McpHttp.post(url, toolCall("get_anything", "{}"), headers);
        assertThat(echoed.status()).isEqualTo(200);
        String upstream = echoed.json().at("/result/structuredContent/headers/traceparent").asText();
        assertThat(upstream).startsWith("00-" + traceId + "-");
    }

    private static GatewayComponent gateway() {
        return stack.stack().gateway(GATEWAY);
    }

    private static void call(String tool, String arguments, int expectedStatus) {
        Response response = McpHttp.post(url, toolCall(tool, arguments), sessionHeaders(key));
        assertThat(response.status()).as(tool + ": " + response.body()).isEqualTo(expectedStatus);
        seen.add(tool + " " + response.status());
    }

    private static Map<String, String> sessionHeaders(String bearer) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (bearer != null) {
            headers.put("Authorization", "Bearer " + bearer);
        }
        headers.put("Mcp-Session-Id", session);
        return headers;
    }

    private static String toolCall(String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }

    private static List<JsonNode> records() {
        Response response = stack.api().send("GET", "/api/analytics/records?proxy=" + PROXY + "&size=500&from="
                + SINCE, null, Map.of());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<JsonNode> records = new ArrayList<>();
        DashboardApi.items(response.json()).forEach(records::add);
        return records;
    }

    private static List<JsonNode> awaitRecords(int count) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> records().size() >= count);
        return records();
    }

    private static List<JsonNode> awaitAccessLog(int count) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(accessLog) && Files.readAllLines(accessLog).size() >= count);
        try {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(accessLog)) {
                lines.add(JSON.readTree(line));
            }
            return lines;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** An access-log line in the record's field names, so both compare the same way. */
    private static JsonNode fromAccessLog(JsonNode line) {
        var node = JSON.createObjectNode();
        node.put("status", line.path("status").asInt());
        if (line.hasNonNull("mcp_primitive_name")) {
            node.put("mcpPrimitiveName", line.path("mcp_primitive_name").asText());
        }
        if (line.hasNonNull("mcp_method")) {
            node.put("mcpMethod", line.path("mcp_method").asText());
        }
        return node;
    }

    /** "tool status" of every tools/call record, in order. */
    private static List<String> toolCalls(List<JsonNode> records) {
        return records.stream().filter(record -> "tools/call".equals(record.path("mcpMethod").asText()))
                .map(record -> record.path("mcpPrimitiveName").asText() + " " + record.path("status").asInt())
                .toList();
    }

    private static Map<String, Integer> count(List<String> calls) {
        Map<String, Integer> counts = new HashMap<>();
        calls.forEach(call -> counts.merge(call, 1, Integer::sum));
        return counts;
    }

    private static JsonNode primitives(String sort) {
        Response response = stack.api().send("GET", "/api/analytics/primitives?sort=" + sort + "&proxy=" + PROXY
                + "&primitiveType=tool&resolution=minute&from=" + SINCE, null, Map.of());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.path("items").forEach(item -> names.add(item.path("primitive").asText()));
        return names;
    }

    private static String get(String address) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(address)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
