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
import dev.portcullis.gateway.support.oauth.SigningKey;
import dev.portcullis.gateway.support.oauth.TestAuthorizationServer;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.key.KeyTokens;
import dev.portcullis.model.proxy.ProxyDefinition;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Context variables in header transforms and body transforms, through the real gateway: the mock MCP server's
 * {@code get_anything} echoes the headers and arguments it received (2025-11-25), and a 2026-07-28 upstream records
 * the body and the {@code Mcp-Param-*} headers it received.
 */
class ContextTransformsIT {

    private static final String KEY = TestSnapshots.newToken();
    private static final String AUDIENCE = "https://mcp.example.com/jwtctx";
    private static final SigningKey RSA = SigningKey.rsa("ctx-rsa");
    private static final String META = """
            "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
             "io.modelcontextprotocol/clientInfo":{"name":"it","version":"1"}}""";

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static MockMcpServer mock;
    private static HeaderDispatchingUpstream modern;
    private static TestAuthorizationServer as;
    private static TestSnapshots snapshots;
    private static TestFeed feed;
    private static RunningGateway gateway;
    private static AgentClient agent;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        mock = MockMcpServer.start("127.0.0.1", 0);
        modern = HeaderDispatchingUpstream.start(vertx, """
                {"resultType":"complete","supportedVersions":["2026-07-28"],"capabilities":{"tools":{}}}""", """
                [{"name":"execute_sql","inputSchema":{"type":"object","properties":{
                   "region":{"type":"string","x-mcp-header":"Region"},"query":{"type":"string"}}}}]""");
        as = TestAuthorizationServer.start(vertx);
        as.publish("main", RSA);
        feed = TestFeed.start(vertx);
        snapshots = new TestSnapshots();
        feed.publish(snapshots.sign(1, proxies(), keys()));
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        agent = new AgentClient(gateway.baseUrl());
    }

    private static List<KeyEntry> keys() {
        return List.of(new KeyEntry("k1", "billing-agent", KeyTokens.hash(KEY), null, List.of("ctx"), List.of()));
    }

    private static List<ProxyDefinition> proxies() {
        String upstream = "http://127.0.0.1:" + mock.port();
        return List.of(
                TestProxies.definition("ctx", "/ctx/", upstream, """
                        "global":{
                          "transformRequestHeaders":{"add":{"X-Consumer":"${consumer.alias}",
                            "X-Consumer-Id":"${consumer.id}","X-Caller":"${request.clientIp}",
                            "X-Team":"team-${request.header.X-Team}","X-Literal":"$${consumer.alias}"}},
                          "transformResponseHeaders":{"add":{"X-Served-For":"${consumer.alias}"}}},
                        "operations":{"tools/call":{"transformRequestBody":[
                          {"op":"set","path":"/via","value":"${proxy.id}"}]}},
                        "tools":{"get_anything":{
                          "transformRequestHeaders":{"add":{"X-Tool":"${mcp.primitiveType}:${mcp.primitive}"}},
                          "transformRequestBody":[
                            {"op":"set","path":"/owner","value":"${consumer.alias}"},
                            {"op":"default","path":"/limit","value":10},
                            {"op":"remove","path":"/debug"},
                            {"op":"rename","from":"/q","path":"/query"}]}},"""),
                TestProxies.definition("open", "/open/", upstream, """
                        "authentication":{"enabled":false},
                        "global":{"transformRequestHeaders":{"add":{"X-Consumer":"${consumer.alias}"}}},
                        "tools":{"get_anything":{"transformRequestBody":[
                          {"op":"set","path":"/owner","value":"${consumer.alias}"}]}},"""),
                TestProxies.definition("jwtctx", "/jwtctx/", upstream, """
                        "authentication":{"authToken":{"enabled":false},
                          "jwt":{"enabled":true,"jwksUrl":"%s","issuer":"%s","audiences":["%s"]}},
                        "global":{"transformRequestHeaders":{"add":{"X-Subject":"${jwt.sub}",
                          "X-Team":"${jwt.claims.team}","X-Roles":"${jwt.claims.roles}",
                          "X-Kind":"${consumer.kind}"}}},"""
                        .formatted(as.jwksUrl("main"), as.issuer(), AUDIENCE)),
                TestProxies.definition("rev", "/rev/", modern.url(), """
                        "authentication":{"enabled":false},
                        "tools":{"execute_sql":{"transformRequestBody":[
                          {"op":"set","path":"/region","value":"eu-west1"},
                          {"op":"default","path":"/limit","value":1.10}]}},"""));
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, gateway, feed, as, modern, mock);
    }

    private static String call(Object id, String tool, String arguments) {
        return """
                {"jsonrpc":"2.0","id":%s,"method":"tools/call","params":{"name":"%s","arguments":%s}}"""
                .formatted(new String(Json.write(id), java.nio.charset.StandardCharsets.UTF_8), tool, arguments);
    }

    @Test
    void theUpstreamReceivesTheAgentsAliasAndTheCallsContextInHeaders() throws Exception {
        String[] auth = {"Authorization", "Bearer " + KEY};
        String session = agent.initialize("/ctx/mcp", auth);

        HttpResponse<String> answer = agent.post("/ctx/mcp", call(7, "get_anything", "{}"), AgentClient.append(auth,
                "Mcp-Session-Id", session, "X-Consumer", "forged-admin", "X-Team", "blue"));

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode headers = AgentClient.message(answer).at("/result/structuredContent/headers");
        assertThat(headers.path("x-consumer").asText()).isEqualTo("billing-agent");
        assertThat(headers.path("x-consumer-id").asText()).isEqualTo("k1");
        assertThat(headers.path("x-caller").asText()).isEqualTo("127.0.0.1");
        assertThat(headers.path("x-team").asText()).isEqualTo("team-blue");
        assertThat(headers.path("x-literal").asText()).isEqualTo("${consumer.alias}");
        assertThat(headers.path("x-tool").asText()).isEqualTo("tool:get_anything");
        assertThat(headers.has("authorization")).isFalse();
        assertThat(answer.headers().firstValue("X-Served-For")).contains("billing-agent");
    }

    @Test
    void aBodyTransformIsVisibleInTheMocksEchoWithTheIdAndTheRestIntact() throws Exception {
        String[] auth = {"Authorization", "Bearer " + KEY};
        String session = agent.initialize("/ctx/mcp", auth);

        HttpResponse<String> answer = agent.post("/ctx/mcp", call("call-8", "get_anything", """
                {"owner":"someone-else","debug":true,"q":"users","limit":3,"nested":{"keep":[1,"two"]}}"""),
                AgentClient.append(auth, "Mcp-Session-Id", session));

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode message = AgentClient.message(answer);
        assertThat(message.get("id").asText()).isEqualTo("call-8");
        assertThat(message.at("/result/structuredContent/arguments")).isEqualTo(Json.mapper().readTree("""
                {"owner":"billing-agent","limit":3,"nested":{"keep":[1,"two"]},"via":"ctx","query":"users"}"""));
    }

    @Test
    void withoutAConsumerTheGatewaysHeadersAndArgumentsAreRemovedNeverTakenFromTheAgent() throws Exception {
        String session = agent.initialize("/open/mcp");

        HttpResponse<String> answer = agent.post("/open/mcp", call(9, "get_anything", "{\"owner\":\"admin\"}"),
                "Mcp-Session-Id", session, "X-Consumer", "admin");

        JsonNode result = AgentClient.message(answer).at("/result/structuredContent");
        assertThat(result.path("headers").has("x-consumer")).isFalse();
        assertThat(result.path("arguments").has("owner")).isFalse();
    }

    @Test
    void jwtSubjectAndChosenClaimsReachTheUpstream() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String token = RSA.sign(new JsonObject().put("iss", as.issuer()).put("sub", "agent-7").put("aud", AUDIENCE)
                .put("iat", now).put("exp", now + 300).put("team", "payments")
                .put("roles", new JsonArray().add("reader").add("writer")).put("secret_claim", "not-sent"));
        String[] auth = {"Authorization", "Bearer " + token};
        String session = agent.initialize("/jwtctx/mcp", auth);

        HttpResponse<String> answer = agent.post("/jwtctx/mcp", call(10, "get_anything", "{}"),
                AgentClient.append(auth, "Mcp-Session-Id", session));

        JsonNode headers = AgentClient.message(answer).at("/result/structuredContent/headers");
        assertThat(headers.path("x-subject").asText()).isEqualTo("agent-7");
        assertThat(headers.path("x-team").asText()).isEqualTo("payments");
        assertThat(headers.path("x-roles").asText()).isEqualTo("reader,writer");
        assertThat(headers.path("x-kind").asText()).isEqualTo("jwt");
    }

    @Test
    void a2026CallIsEditedAndItsParamHeaderMirrorsTheEditedArgument() throws Exception {
        String[] standard = {"MCP-Protocol-Version", "2026-07-28"};
        HttpResponse<String> list = agent.post("/rev/mcp", """
                {"jsonrpc":"2.0","id":"l","method":"tools/list","params":{%s}}""".formatted(META),
                AgentClient.append(standard, "Mcp-Method", "tools/list"));
        assertThat(list.statusCode()).isEqualTo(200);
        modern.clear();

        HttpResponse<String> answer = agent.post("/rev/mcp", """
                {"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"name":"execute_sql",
                 "arguments":{"region":"us-west1","query":"select 1","big":1e400,"exact":0.10},%s}}"""
                .formatted(META), AgentClient.append(standard, "Mcp-Method", "tools/call", "Mcp-Name", "execute_sql",
                "Mcp-Param-Region", "us-west1"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(AgentClient.message(answer).get("id").asInt()).isEqualTo(42);
        HeaderDispatchingUpstream.Received received = modern.received().get(0);
        assertThat(received.body().at("/params/arguments/region").asText()).isEqualTo("eu-west1");
        assertThat(received.body().at("/params/arguments/query").asText()).isEqualTo("select 1");
        assertThat(received.body().at("/params/_meta/io.modelcontextprotocol~1protocolVersion").asText())
                .isEqualTo("2026-07-28");
        assertThat(received.headers().getAll("Mcp-Param-Region")).containsExactly("eu-west1");
        assertThat(received.headers().get("Mcp-Name")).isEqualTo("execute_sql");
    }

    @Test
    void aSnapshotWithAnUnknownVariableIsRejectedAndTheOldConfigKeepsServing() throws Exception {
        ProxyDefinition bad = Json.mapper().readValue("""
                {"id":"bad","name":"bad","listenPath":"/bad/","upstream":{"url":"http://127.0.0.1:1"},
                 "global":{"transformRequestHeaders":{"add":{"X-Consumer":"${consumer.nickname}"}}}}""",
                ProxyDefinition.class);
        List<ProxyDefinition> withBad = new ArrayList<>(proxies());
        withBad.add(bad);

        feed.publish(snapshots.sign(2, withBad, keys()));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(feed.reports()).anySatisfy(report -> {
            assertThat(report.get("accepted").asBoolean()).isFalse();
            assertThat(report.get("reason").asText()).contains(
                    "proxies[4].global.transformRequestHeaders.add.X-Consumer: unknown variable"
                            + " '${consumer.nickname}'");
        }));
        assertThat(gateway.version()).isEqualTo(1);
        assertThat(agent.initialize("/ctx/mcp", "Authorization", "Bearer " + KEY)).isNotBlank();
    }
}
