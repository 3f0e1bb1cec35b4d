package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.HeaderDispatchingUpstream;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.gateway.observe.RequestObservers;
import dev.portcullis.gateway.observe.accesslog.AccessLogLine;
import dev.portcullis.model.analytics.AnalyticsRecord;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.key.KeyTokens;
import dev.portcullis.model.policy.Policy;
import io.vertx.core.Vertx;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MCP 2026-07-28 requests on a listen path that also serves 2025 sessions, in front of an upstream that dispatches
 * on the mirrored headers: a header that disagrees with the body (or is missing, repeated or malformed) is refused
 * with 400, -32020 and never reaches the upstream; an unsupported version is 400, -32022; methods the revision
 * removed go to the upstream, which answers them.
 */
class StatelessRevisionIT {

    private static final String PATH = "/rev/mcp";
    private static final String META = """
            "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
             "io.modelcontextprotocol/clientInfo":{"name":"it","version":"1"}}""";

    private static final String NO_TOOLS_KEY = TestSnapshots.newToken();
    private static final Queue<AnalyticsRecord> RECORDS = new ConcurrentLinkedQueue<>();

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static HeaderDispatchingUpstream upstream;
    private static TestFeed feed;
    private static RunningGateway gateway;
    private static AgentClient agent;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = HeaderDispatchingUpstream.start(vertx, """
                {"resultType":"complete","supportedVersions":["2026-07-28"],"capabilities":{"tools":{},"prompts":{}}}""", """
                [{"name":"execute_sql","inputSchema":{"type":"object","properties":{
                   "region":{"type":"string","x-mcp-header":"Region"},"query":{"type":"string"}}}},
                 {"name":"get_user","inputSchema":{"type":"object"}}]""");
        feed = TestFeed.start(vertx);
        TestSnapshots snapshots = new TestSnapshots();
        feed.publish(snapshots.signWithPolicies(1, List.of(
                        TestProxies.definition("rev", "/rev/", upstream.url(), """
                                "authentication":{"enabled":false},"tools":{"delete_user":{"block":true}},"""),
                        TestProxies.definition("rev-keyed", "/rev-keyed/", upstream.url())),
                List.of(new KeyEntry("no-tools", "no-tools", KeyTokens.hash(NO_TOOLS_KEY), null,
                        List.of("rev-keyed"), List.of("no-tools"))),
                List.of(Policy.parse("""
                        {"id":"no-tools","name":"no-tools","accessRights":{"rev-keyed":{
                          "jsonRpcMethodsAccessRights":{"blocked":["tools/.*"]}}}}"""))));
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir,
                new RequestObservers(List.of((observation, request) -> RECORDS.add(request.record()))));
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        agent = new AgentClient(gateway.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, gateway, feed, upstream);
    }

    @BeforeEach
    void forgetEarlierRequests() {
        upstream.clear();
        RECORDS.clear();
    }

    @Test
    void toolCallWhoseNameHeaderNamesABlockedToolNeverReachesTheUpstream() throws Exception {
        HttpResponse<String> answer = send(call("get_user"), "MCP-Protocol-Version", "2026-07-28",
                "Mcp-Method", "tools/call", "Mcp-Name", "delete_user");

        assertHeaderMismatch(answer, "Mcp-Name");
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void pingCarryingToolCallHeadersIsRefusedWhateverTheRevision() throws Exception {
        String ping = """
                {"jsonrpc":"2.0","id":7,"method":"ping"}""";

        HttpResponse<String> legacy = send(ping, "Mcp-Method", "tools/call", "Mcp-Name", "delete_user");
        HttpResponse<String> modern = send(ping, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
                "Mcp-Name", "delete_user");

        assertHeaderMismatch(legacy, "Mcp-Method");
        assertHeaderMismatch(modern, "Mcp-Method");
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void repeatedNameHeadersAreRefused() throws Exception {
        HttpResponse<String> answer = send(call("get_user"), "MCP-Protocol-Version", "2026-07-28",
                "Mcp-Method", "tools/call", "Mcp-Name", "get_user", "Mcp-Name", "delete_user");

        assertHeaderMismatch(answer, "Mcp-Name");
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void repeatedParamHeadersAreRefused() throws Exception {
        HttpResponse<String> answer = send(call("get_user"), "MCP-Protocol-Version", "2026-07-28",
                "Mcp-Method", "tools/call", "Mcp-Name", "get_user", "Mcp-Param-Region", "eu",
                "Mcp-Param-Region", "us");

        assertHeaderMismatch(answer, "Mcp-Param-Region");
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void statelessRequestsWithoutTheirStandardHeadersAreRefused() throws Exception {
        HttpResponse<String> noMethod = send(call("get_user"), "MCP-Protocol-Version", "2026-07-28",
                "Mcp-Name", "get_user");
        HttpResponse<String> noName = send(call("get_user"), "MCP-Protocol-Version", "2026-07-28",
                "Mcp-Method", "tools/call");
        HttpResponse<String> badEncoding = send(call("get_user"), "MCP-Protocol-Version", "2026-07-28",
                "Mcp-Method", "tools/call", "Mcp-Name", "=?base64?not base64!?=");

        assertHeaderMismatch(noMethod, "Mcp-Method");
        assertHeaderMismatch(noName, "Mcp-Name");
        assertHeaderMismatch(badEncoding, "Mcp-Name");
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void protocolVersionInMetaMustAgreeWithTheHeader() throws Exception {
        HttpResponse<String> disagrees = send(call("get_user"), "MCP-Protocol-Version", "2025-11-25");
        HttpResponse<String> noHeader = send(call("get_user"));

        assertHeaderMismatch(disagrees, "MCP-Protocol-Version");
        assertHeaderMismatch(noHeader, "MCP-Protocol-Version");
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void unsupportedVersionIsRefusedWithTheVersionsTheGatewaySpeaks() throws Exception {
        HttpResponse<String> answer = send(call("get_user"), "MCP-Protocol-Version", "1900-01-01",
                "Mcp-Method", "tools/call", "Mcp-Name", "get_user");

        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode error = Json.mapper().readTree(answer.body()).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32022);
        assertThat(error.at("/data/supported")).extracting(JsonNode::asText)
                .containsExactly("2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");
        assertThat(error.at("/data/requested").asText()).isEqualTo("1900-01-01");
        assertThat(Json.mapper().readTree(answer.body()).get("id").asInt()).isEqualTo(3);
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void agreeingHeadersAreForwardedUnchanged() throws Exception {
        HttpResponse<String> answer = send(call("get_user"), "MCP-Protocol-Version", "2026-07-28",
                "Mcp-Method", "tools/call", "Mcp-Name", "=?base64?Z2V0X3VzZXI=?=", "Mcp-Param-Region", "eu-west1");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(AgentClient.message(answer).at("/result/content/0/text").asText())
                .isEqualTo("ran =?base64?Z2V0X3VzZXI=?=");
        HeaderDispatchingUpstream.Received received = upstream.received().get(0);
        assertThat(received.headers().getAll("MCP-Protocol-Version")).containsExactly("2026-07-28");
        assertThat(received.headers().getAll("Mcp-Method")).containsExactly("tools/call");
        assertThat(received.headers().getAll("Mcp-Name")).containsExactly("=?base64?Z2V0X3VzZXI=?=");
        assertThat(received.headers().getAll("Mcp-Param-Region")).containsExactly("eu-west1");
    }

    @Test
    void paramHeadersTheToolDeclaresMustMirrorTheArgumentsAndOthersPassUnchanged() throws Exception {
        send("""
                {"jsonrpc":"2.0","id":"l","method":"tools/list","params":{%s}}""".formatted(META),
                "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/list");
        String sql = """
                {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"execute_sql",
                 "arguments":{"region":"us-west1","query":"SELECT 1"},%s}}""".formatted(META);
        String[] headers = {"MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
                "Mcp-Name", "execute_sql"};
        upstream.clear();

        HttpResponse<String> disagrees = send(sql, AgentClient.append(headers, "Mcp-Param-Region", "eu-west1"));
        HttpResponse<String> missing = send(sql, headers);
        assertThat(upstream.received()).isEmpty();
        HttpResponse<String> agrees = send(sql, AgentClient.append(headers, "mcp-param-region", "us-west1",
                "Mcp-Param-Shard", "7"));

        assertHeaderMismatch(disagrees, "Mcp-Param-Region");
        assertHeaderMismatch(missing, "Mcp-Param-Region");
        assertThat(agrees.statusCode()).as(agrees.body()).isEqualTo(200);
        HeaderDispatchingUpstream.Received received = upstream.received().get(0);
        assertThat(received.headers().getAll("Mcp-Param-Region")).containsExactly("us-west1");
        assertThat(received.headers().getAll("Mcp-Param-Shard")).containsExactly("7");
    }

    @Test
    void resourceSubscriptionOfAStatelessRequestIsAnsweredByTheUpstream() throws Exception {
        HttpResponse<String> answer = send("""
                {"jsonrpc":"2.0","id":9,"method":"resources/subscribe","params":{%s}}""".formatted(META),
                "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "resources/subscribe");

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(Json.mapper().readTree(answer.body()).at("/error/code").asInt()).isEqualTo(-32601);
        assertThat(upstream.received()).hasSize(1);
    }

    @Test
    void discoveryHidesTheCapabilityOfMethodsTheKeyMayNotUse() throws Exception {
        HttpResponse<String> answer = sendTo("/rev-keyed/mcp", """
                {"jsonrpc":"2.0","id":"d","method":"server/discover","params":{%s}}""".formatted(META),
                "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "server/discover",
                "Authorization", "Bearer " + NO_TOOLS_KEY);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode result = AgentClient.message(answer).get("result");
        assertThat(result.at("/supportedVersions/0").asText()).isEqualTo("2026-07-28");
        assertThat(result.get("capabilities").has("tools")).as(answer.body()).isFalse();
        assertThat(upstream.received()).hasSize(1);
    }

    @Test
    void analyticsAndTheAccessLogRecordTheRevisionOfEachRequest() throws Exception {
        send(call("get_user"), "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
                "Mcp-Name", "get_user");
        send("""
                {"jsonrpc":"2.0","id":4,"method":"tools/list"}""", "MCP-Protocol-Version", "2025-11-25");
        send("""
                {"jsonrpc":"2.0","id":5,"method":"prompts/list"}""");

        await().atMost(Duration.ofSeconds(10)).until(() -> RECORDS.size() == 3);
        Map<String, AnalyticsRecord> byMethod = RECORDS.stream()
                .collect(Collectors.toMap(AnalyticsRecord::mcpMethod, record -> record));
        assertThat(byMethod.get("tools/call").protocolVersion()).isEqualTo("2026-07-28");
        assertThat(byMethod.get("tools/list").protocolVersion()).isEqualTo("2025-11-25");
        assertThat(byMethod.get("prompts/list").protocolVersion()).isNull();
        assertThat(AccessLogLine.of(byMethod.get("tools/call"))).contains("\"mcp_protocol_version\":\"2026-07-28\"");
        assertThat(AccessLogLine.of(byMethod.get("prompts/list"))).doesNotContain("mcp_protocol_version");
    }

    private static String call(String tool) {
        return """
                {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"%s","arguments":{},%s}}"""
                .formatted(tool, META);
    }

    /** POSTs {@code body} with {@code headers} as given, a name repeated as many times as it appears. */
    private static HttpResponse<String> send(String body, String... headers) throws Exception {
        return sendTo(PATH, body, headers);
    }

    private static HttpResponse<String> sendTo(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder builder = agent.request(path).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Accept", AgentClient.ACCEPT_BOTH);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return agent.http().send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertHeaderMismatch(HttpResponse<String> answer, String header) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        JsonNode error = Json.mapper().readTree(answer.body()).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32020);
        assertThat(error.get("message").asText()).contains(header);
        assertThat(error.at("/data/reason").asText()).isEqualTo("header_mismatch");
        assertThat(error.at("/data/header").asText()).isEqualTo(header);
    }
}
