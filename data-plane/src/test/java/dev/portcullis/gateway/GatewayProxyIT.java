package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.launcher.services.FreePorts;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.proxy.ProxyDefinition;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real gateway server between a real agent client and the real mock MCP server. */
class GatewayProxyIT {

    private static final String KEY = TestSnapshots.newToken();
    private static final String EXPIRED_KEY = TestSnapshots.newToken();
    private static final String OTHER_PROXY_KEY = TestSnapshots.newToken();
    private static final int SMALL_LIMIT = 1024;

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static MockMcpServer mock;
    private static MockMcpServer fragileMock;
    private static TestFeed feed;
    private static RunningGateway gateway;
    private static AgentClient agent;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        mock = MockMcpServer.start("127.0.0.1", 0);
        fragileMock = MockMcpServer.start("127.0.0.1", 0);
        feed = TestFeed.start(vertx);
        TestSnapshots snapshots = new TestSnapshots();
        String upstream = "http://127.0.0.1:" + mock.port();
        feed.publish(snapshots.sign(1, List.of(
                ProxyDefinition.parse("""
                        {"id":"mock","name":"mock","listenPath":"/mock-mcp/","upstream":{"url":"%s",
                         "authentication":{"headers":{"X-Upstream-Credential":"upstream-secret"}}}}
                        """.formatted(upstream)),
                TestProxies.definition("other", "/other-mcp/", upstream),
                TestProxies.definition("open", "/open/", upstream, """
                        "authentication":{"enabled":false},"allowedOrigins":["https://app.example.com"],
                        "global":{"requestSizeLimit":%d},""".formatted(SMALL_LIMIT)),
                TestProxies.definition("slow", "/slow/", upstream, """
                        "authentication":{"enabled":false},"tools":{"slow_response":{"timeoutMs":300}},"""),
                TestProxies.definition("fragile", "/fragile/", "http://127.0.0.1:" + fragileMock.port(), """
                        "authentication":{"enabled":false},"""),
                TestProxies.definition("dead", "/dead/", "http://127.0.0.1:" + FreePorts.pick(), """
                        "authentication":{"enabled":false},""")),
                List.of(TestSnapshots.key("k1", KEY, null, "mock", "other"),
                        TestSnapshots.key("k2", EXPIRED_KEY, Instant.now().minusSeconds(60), "mock"),
                        TestSnapshots.key("k3", OTHER_PROXY_KEY, null, "other"))));
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        agent = new AgentClient(gateway.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, gateway, feed, mock, fragileMock);
    }

    @Test
    void initializesAndListsToolsThroughTheGatewayWithAKey() throws Exception {
        String session = agent.initialize("/mock-mcp/mcp", "Authorization", "Bearer " + KEY);

        HttpResponse<String> list = agent.post("/mock-mcp/mcp", """
                {"jsonrpc":"2.0","id":2,"method":"tools/list"}""",
                "Authorization", "Bearer " + KEY, "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25");

        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode tools = AgentClient.message(list).at("/result/tools");
        assertThat(tools.size()).isEqualTo(15);
    }

    @Test
    void acceptsTheKeyWithoutBearerPrefix() throws Exception {
        assertThat(agent.initialize("/mock-mcp/mcp", "Authorization", KEY)).isNotBlank();
    }

    @Test
    void forwardsWithoutTheAgentCredentialAndWithForwardedHeaders() throws Exception {
        String session = agent.initialize("/mock-mcp/mcp", "Authorization", "Bearer " + KEY);

        HttpResponse<String> call = agent.post("/mock-mcp/mcp?trace=1", """
                {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_anything","arguments":{}}}""",
                "Authorization", "Bearer " + KEY, "Mcp-Session-Id", session, "Accept", "application/json");

        assertThat(call.statusCode()).isEqualTo(200);
        JsonNode headers = AgentClient.message(call).at("/result/structuredContent/headers");
        assertThat(headers.has("authorization")).isFalse();
        assertThat(headers.toString()).doesNotContain(KEY);
        assertThat(headers.get("x-forwarded-for").asText()).isEqualTo("127.0.0.1");
        assertThat(headers.get("x-forwarded-host").asText()).isEqualTo("127.0.0.1:" + gateway.gateway().port());
        assertThat(headers.get("x-forwarded-proto").asText()).isEqualTo("http");
        assertThat(headers.get("host").asText()).isEqualTo("127.0.0.1:" + mock.port());
        assertThat(headers.get("x-upstream-credential").asText()).isEqualTo("upstream-secret");
        assertThat(headers.get("mcp-session-id").asText()).isEqualTo(session);
    }

    @Test
    void relaysSseProgressEventsAsTheyHappen() throws Exception {
        String session = agent.initialize("/mock-mcp/mcp", "Authorization", "Bearer " + KEY);
        HttpRequest request = agent.request("/mock-mcp/mcp")
                .header("Authorization", "Bearer " + KEY).header("Mcp-Session-Id", session)
                .header("Content-Type", "application/json").header("Accept", AgentClient.ACCEPT_BOTH)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"slow_response",
                         "arguments":{"delay_seconds":2},"_meta":{"progressToken":"p1"}}}""")).build();

        HttpResponse<InputStream> response = agent.http().send(request, HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<Long> progressAt = new ArrayList<>();
        long resultAt = -1;
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data:")) {
                    JsonNode message = Json.mapper().readTree(line.substring(5).strip());
                    if ("notifications/progress".equals(message.path("method").asText())) {
                        progressAt.add(System.nanoTime());
                    } else if (message.has("result")) {
                        resultAt = System.nanoTime();
                    }
                }
            }
        }
        assertThat(progressAt).hasSizeGreaterThanOrEqualTo(3);
        assertThat(resultAt).isPositive();
        assertThat(TimeUnit.NANOSECONDS.toMillis(resultAt - progressAt.get(0))).isGreaterThan(1000);
    }

    @Test
    void refusesRequestsWithoutKey() throws Exception {
        HttpResponse<String> response = agent.post("/mock-mcp/mcp", """
                {"jsonrpc":"2.0","id":5,"method":"tools/list"}""");

        assertError(response, 401, -32001, 5);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"portcullis\"");
    }

    @Test
    void refusesUnknownKeysWithoutEchoingThem() throws Exception {
        String unknown = TestSnapshots.newToken();

        HttpResponse<String> response = agent.post("/mock-mcp/mcp", """
                {"jsonrpc":"2.0","id":6,"method":"tools/list"}""", "Authorization", "Bearer " + unknown);

        assertError(response, 401, -32001, 6);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"portcullis\"");
        assertThat(response.body()).doesNotContain(unknown);
    }

    @Test
    void refusesExpiredKeys() throws Exception {
        HttpResponse<String> response = agent.post("/mock-mcp/mcp", """
                {"jsonrpc":"2.0","id":7,"method":"tools/list"}""", "Authorization", "Bearer " + EXPIRED_KEY);

        assertError(response, 401, -32001, 7);
        assertThat(AgentClient.message(response).at("/error/data/reason").asText()).isEqualTo("expired_key");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void forbidsKeysThatDoNotGrantTheProxy() throws Exception {
        HttpResponse<String> response = agent.post("/mock-mcp/mcp", """
                {"jsonrpc":"2.0","id":8,"method":"tools/list"}""", "Authorization", "Bearer " + OTHER_PROXY_KEY);

        assertError(response, 403, -32002, 8);
    }

    @Test
    void refusesBodiesThatAreNotJsonWhateverTheContentType() throws Exception {
        HttpResponse<String> response = agent.post("/open/mcp", "just text", "Content-Type", "text/plain");

        assertError(response, 400, -32700, null);
    }

    @Test
    void refusesBatches() throws Exception {
        HttpResponse<String> response = agent.post("/open/mcp", """
                [{"jsonrpc":"2.0","id":1,"method":"ping"}]""");

        assertError(response, 400, -32600, null);
        assertThat(AgentClient.message(response).at("/error/message").asText())
                .isEqualTo("batch requests are not supported");
    }

    @Test
    void refusesToolCallsWithoutName() throws Exception {
        HttpResponse<String> response = agent.post("/open/mcp", """
                {"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"arguments":{}}}""");

        assertError(response, 400, -32602, 9);
    }

    @Test
    void refusesOversizedBodiesByContentLength() throws Exception {
        String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\""
                + "x".repeat(SMALL_LIMIT) + "\"}}";

        HttpResponse<String> response = agent.post("/open/mcp", big);

        assertError(response, 413, -32600, null);
    }

    @Test
    void readsAnOversizedDeclaredBodyBeforeRefusingItSoTheConnectionStaysUsable() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.gateway().port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String body = "x".repeat(512 * 1024); // well past socket buffers: an early close would cut it
            out.write(("POST /open/mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            String ping = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";
            out.write(("POST /nowhere/mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + ping.length() + "\r\n\r\n" + ping).getBytes(StandardCharsets.US_ASCII));
            out.flush();

            StringBuilder received = new StringBuilder();
            byte[] buffer = new byte[4096];
            int read;
            while (!received.toString().contains("unknown_listen_path")
                    && (read = socket.getInputStream().read(buffer)) > 0) {
                received.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
            }
            String answers = received.toString();
            assertThat(answers).startsWith("HTTP/1.1 413").contains("body_too_large")
                    .as("the second request on the same connection is answered too")
                    .contains("HTTP/1.1 404").contains("unknown_listen_path");
        }
    }

    @Test
    void refusesOversizedChunkedBodiesAsSoonAsTheyPassTheLimit() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.gateway().port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /open/mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String chunk = "x".repeat(SMALL_LIMIT / 2);
            for (int i = 0; i < 3; i++) {
                out.write((Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();

            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String statusLine = reader.readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 413");
            StringBuilder rest = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                rest.append(line).append('\n');
            }
            assertThat(rest.toString()).contains("-32600").contains("body_too_large");
        }
    }

    @Test
    void answersUnknownListenPathsWithJsonRpc404() throws Exception {
        HttpResponse<String> response = agent.post("/nowhere/mcp", """
                {"jsonrpc":"2.0","id":1,"method":"ping"}""");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(AgentClient.message(response).at("/error/data/reason").asText()).isEqualTo("unknown_listen_path");
    }

    @Test
    void refusesDotSegmentsBeforeMatching() throws Exception {
        for (String path : List.of("/open/../mock-mcp/mcp", "/open/%2e%2e/mock-mcp/mcp")) {
            try (Socket socket = new Socket("127.0.0.1", gateway.gateway().port())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
                assertThat(statusLine).as(path).startsWith("HTTP/1.1 400");
            }
        }
    }

    @Test
    void refusesForeignOrigins() throws Exception {
        HttpResponse<String> response = agent.post("/open/mcp", """
                {"jsonrpc":"2.0","id":1,"method":"ping"}""", "Origin", "https://evil.example.com");

        assertError(response, 403, -32600, null);
    }

    @Test
    void acceptsAllowedAndOwnOrigins() throws Exception {
        String session = agent.initialize("/open/mcp", "Origin", "https://app.example.com");
        String own = agent.initialize("/open/mcp", "Origin", gateway.baseUrl());

        assertThat(session).isNotBlank();
        assertThat(own).isNotBlank();
    }

    @Test
    void answers502WhenTheUpstreamIsUnreachable() throws Exception {
        HttpResponse<String> response = agent.post("/dead/mcp", """
                {"jsonrpc":"2.0","id":11,"method":"ping"}""");

        assertError(response, 502, -32004, 11);
    }

    @Test
    void answers504WhenTheUpstreamIsTooSlow() throws Exception {
        String session = agent.initialize("/slow/mcp");

        HttpResponse<String> response = agent.post("/slow/mcp", """
                {"jsonrpc":"2.0","id":12,"method":"tools/call","params":{"name":"slow_response",
                 "arguments":{"delay_seconds":3}}}""", "Mcp-Session-Id", session, "Accept", "application/json");

        assertError(response, 504, -32004, 12);
    }

    @Test
    void passesUpstreamErrorsThroughUnchanged() throws Exception {
        HttpResponse<String> response = agent.post("/open/mcp", """
                {"jsonrpc":"2.0","id":13,"method":"tools/list"}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Mcp-Session-Id header is required");
    }

    @Test
    void endsTheAgentStreamCleanlyWhenTheUpstreamDiesMidStream() throws Exception {
        String session = agent.initialize("/fragile/mcp");
        HttpRequest request = agent.request("/fragile/mcp")
                .header("Mcp-Session-Id", session)
                .header("Content-Type", "application/json").header("Accept", AgentClient.ACCEPT_BOTH)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"slow_response",
                         "arguments":{"delay_seconds":20},"_meta":{"progressToken":"p1"}}}""")).build();
        HttpResponse<InputStream> response = agent.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        long started = System.nanoTime();

        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                assertThat(reader.readLine()).isNotNull();
                fragileMock.close();
                while (reader.readLine() != null) {
                    // read until the gateway ends the stream; a gateway that never ends it times the test out
                }
            }
        });

        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(10);
    }

    @Test
    void relaysGetStreamsAndSessionDeletion() throws Exception {
        String session = agent.initialize("/mock-mcp/mcp", "Authorization", "Bearer " + KEY);
        HttpRequest get = agent.request("/mock-mcp/mcp").header("Authorization", "Bearer " + KEY)
                .header("Mcp-Session-Id", session).header("Accept", "text/event-stream").GET().build();

        HttpResponse<InputStream> stream = agent.http().send(get, HttpResponse.BodyHandlers.ofInputStream());
        stream.body().close();
        HttpResponse<String> deleted = agent.http().send(agent.request("/mock-mcp/mcp")
                .header("Authorization", "Bearer " + KEY).header("Mcp-Session-Id", session).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(deleted.statusCode()).isBetween(200, 204);
    }

    @Test
    void refusesMoreThanOneCredential() throws Exception {
        HttpResponse<String> response = agent.http().send(agent.request("/mock-mcp/mcp")
                .header("Authorization", "Bearer " + KEY).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertError(response, 401, -32001, 1);
    }

    @Test
    void refusesOtherHttpMethods() throws Exception {
        HttpResponse<String> response = agent.http().send(agent.request("/open/mcp")
                .method("PUT", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST, GET, DELETE");
    }

    private static void assertError(HttpResponse<String> response, int status, int code, Integer id)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = AgentClient.message(response);
        assertThat(body.get("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(body.at("/error/code").asInt()).isEqualTo(code);
        assertThat(body.at("/error/data/httpStatus").asInt()).isEqualTo(status);
        if (id == null) {
            assertThat(body.get("id").isNull()).isTrue();
        } else {
            assertThat(body.get("id").asInt()).isEqualTo(id);
        }
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.");
    }
}
