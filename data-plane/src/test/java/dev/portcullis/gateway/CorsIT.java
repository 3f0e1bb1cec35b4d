package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.mock.MockMcpServer;
import io.vertx.core.Vertx;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code global.cors}: preflights answered by the gateway, CORS headers on every answer, the Origin check agreeing. */
class CorsIT {

    private static final String PAGE = "http://app.example.test:5173";
    private static final String OTHER = "http://evil.example.test";
    private static final String PING = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
             "capabilities":{},"clientInfo":{"name":"cors","version":"1"}}}""";

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static MockMcpServer mock;
    private static TestFeed feed;
    private static RunningGateway gateway;
    private static AgentClient agent;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        mock = MockMcpServer.start("127.0.0.1", 0);
        feed = TestFeed.start(vertx);
        TestSnapshots snapshots = new TestSnapshots();
        String upstream = "http://127.0.0.1:" + mock.port();
        feed.publish(snapshots.sign(1, List.of(
                TestProxies.definition("open", "/open/", upstream, """
                        "authentication":{"enabled":false},
                        "global":{"cors":{"allowedOrigins":["%s"],"allowedMethods":[],"allowedHeaders":[],
                          "exposedHeaders":["X-Trace"],"allowCredentials":true,"maxAgeSeconds":600}},"""
                        .formatted(PAGE)),
                TestProxies.definition("keyed", "/keyed/", upstream, """
                        "global":{"cors":{"allowedOrigins":["*"],"allowedMethods":["POST"],
                          "allowedHeaders":["Authorization","Content-Type"],"exposedHeaders":[],
                          "allowCredentials":false}},"""),
                TestProxies.definition("plain", "/plain/", upstream, """
                        "authentication":{"enabled":false},""")), List.of()));
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        agent = new AgentClient(gateway.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, gateway, feed, mock);
    }

    @Test
    void answersAPreflightFromAnAllowedOriginItself() throws Exception {
        HttpResponse<String> preflight = preflight("/open/mcp", PAGE, "POST",
                "authorization, content-type, mcp-session-id, mcp-protocol-version, mcp-param-region");

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(PAGE);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, POST, DELETE");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValue(
                "authorization, content-type, mcp-session-id, mcp-protocol-version, mcp-param-region");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).hasValue("600");
    }

    @Test
    void refusesAPreflightFromAnotherOriginOrAskingForMore() throws Exception {
        HttpResponse<String> otherOrigin = preflight("/open/mcp", OTHER, "POST", "content-type");
        HttpResponse<String> otherMethod = preflight("/keyed/mcp", PAGE, "DELETE", "authorization");
        HttpResponse<String> otherHeader = preflight("/keyed/mcp", PAGE, "POST", "authorization, x-secret");

        assertRefused(otherOrigin, "origin_not_allowed");
        assertRefused(otherMethod, "cors_not_allowed");
        assertRefused(otherHeader, "cors_not_allowed");
    }

    @Test
    void addsTheCorsHeadersToUpstreamAnswersAndTheGatewaysOwnErrors() throws Exception {
        HttpResponse<String> answered = agent.post("/open/mcp", PING, "Origin", PAGE);
        HttpResponse<String> unauthorised = agent.post("/keyed/mcp", PING, "Origin", OTHER);

        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.headers().firstValue("Access-Control-Allow-Origin")).hasValue(PAGE);
        assertThat(answered.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(answered.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
                .contains("Mcp-Session-Id", "WWW-Authenticate", "X-Trace");
        assertThat(answered.headers().allValues("Vary")).anySatisfy(vary -> assertThat(vary).contains("Origin"));
        assertThat(unauthorised.statusCode()).isEqualTo(401);
        assertThat(unauthorised.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(unauthorised.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
                .contains("WWW-Authenticate");
    }

    @Test
    void theOriginCheckAcceptsWhatCorsAllowsAndStillRefusesTheRest() throws Exception {
        HttpResponse<String> allowed = agent.post("/open/mcp", PING, "Origin", PAGE);
        HttpResponse<String> refused = agent.post("/open/mcp", PING, "Origin", OTHER);
        HttpResponse<String> noCors = agent.post("/plain/mcp", PING, "Origin", PAGE);

        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(noCors.statusCode()).as("a proxy without CORS keeps its Origin rules").isEqualTo(403);
        assertThat(noCors.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void anOptionsRequestThatIsNoPreflightIsStillNotAllowed() throws Exception {
        HttpResponse<String> options = agent.http().send(agent.request("/plain/mcp")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(options.statusCode()).isEqualTo(405);
    }

    private static HttpResponse<String> preflight(String path, String origin, String method, String headers)
            throws Exception {
        return agent.http().send(agent.request(path).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", origin).header("Access-Control-Request-Method", method)
                        .header("Access-Control-Request-Headers", headers).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> response, String reason) throws Exception {
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        JsonNode error = AgentClient.message(response).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(-32600);
        assertThat(error.path("data").path("reason").asText()).isEqualTo(reason);
    }
}
