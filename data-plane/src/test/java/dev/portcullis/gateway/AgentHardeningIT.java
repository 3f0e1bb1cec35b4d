package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.proxy.ProxyDefinition;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Review findings on the agent path: protocol upgrades, origins, truncated upstreams, credentials, fail-closed auth. */
class AgentHardeningIT {

    private static final int SMALL_LIMIT = 1024;
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}";

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static MockMcpServer mock;
    private static ServerSocket truncatingUpstream;
    private static Thread truncatingThread;
    private static TestFeed feed;
    private static RunningGateway gateway;
    private static AgentClient agent;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        mock = MockMcpServer.start("127.0.0.1", 0);
        truncatingUpstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        truncatingThread = new Thread(AgentHardeningIT::serveTruncatedBodies, "truncating-upstream");
        truncatingThread.setDaemon(true);
        truncatingThread.start();
        feed = TestFeed.start(vertx);
        TestSnapshots snapshots = new TestSnapshots();
        String upstream = "http://127.0.0.1:" + mock.port();
        feed.publish(snapshots.sign(1, List.of(
                TestProxies.definition("open", "/open/", upstream, """
                        "authentication":{"enabled":false},"global":{"requestSizeLimit":%d},"""
                        .formatted(SMALL_LIMIT)),
                TestProxies.definition("jwt", "/jwt/", upstream, """
                        "authentication":{"authToken":{"enabled":false},
                         "jwt":{"enabled":true,"jwksUrl":"https://idp.example.com/jwks"}},"""),
                ProxyDefinition.parse("""
                        {"id":"creds","name":"creds","listenPath":"/creds/","authentication":{"enabled":false},
                         "upstream":{"url":"%s/mcp","authentication":{"basicAuth":{"username":"svc","password":"pw-1"}}},
                         "global":{"transformRequestHeaders":{"remove":["Authorization"]}}}
                        """.formatted(upstream)),
                TestProxies.definition("truncated", "/truncated/",
                        "http://127.0.0.1:" + truncatingUpstream.getLocalPort(), """
                        "authentication":{"enabled":false},""")), List.of()));
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        agent = new AgentClient(gateway.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, gateway, feed, mock, truncatingUpstream);
    }

    @Test
    void answersErrorsToAClientThatOffersH2cUpgrades() throws Exception {
        HttpClient defaultVersion = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\""
                + "x".repeat(SMALL_LIMIT) + "\"}}";

        HttpResponse<String> tooLarge = defaultVersion.send(post("/open/mcp", big),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> dotDot = defaultVersion.send(HttpRequest.newBuilder(
                URI.create(gateway.baseUrl() + "/open/../jwt/mcp")).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> fine = defaultVersion.send(post("/open/mcp", PING),
                HttpResponse.BodyHandlers.ofString());

        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("body_too_large");
        assertThat(dotDot.statusCode()).isEqualTo(400);
        assertThat(fine.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(fine.statusCode()).isNotEqualTo(413);
    }

    @Test
    void doesNotTakeTheHostHeaderForTheGatewaysOwnOrigin() throws Exception {
        String statusLine;
        try (Socket socket = new Socket("127.0.0.1", gateway.gateway().port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /open/mcp HTTP/1.1\r\nHost: rebound.example\r\n"
                    + "Origin: http://rebound.example\r\nContent-Type: application/json\r\nContent-Length: "
                    + PING.length() + "\r\nConnection: close\r\n\r\n" + PING).getBytes(StandardCharsets.US_ASCII));
            statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
        }

        assertThat(statusLine).startsWith("HTTP/1.1 403");
    }

    @Test
    void refusesASecondOriginHeaderEvenWhenTheFirstIsAllowed() throws Exception {
        String own = "Origin: http://127.0.0.1:" + gateway.gateway().port() + "\r\n";
        String foreign = "Origin: http://evil.example\r\n";

        assertThat(statusLineOf(own)).doesNotStartWith("HTTP/1.1 403");
        assertThat(statusLineOf(own + foreign)).startsWith("HTTP/1.1 403");
        assertThat(statusLineOf(foreign + own)).startsWith("HTTP/1.1 403");
        assertThat(statusLineOf(own + own)).startsWith("HTTP/1.1 403");
    }

    @Test
    void answersABadOriginWithALargeBodyInsteadOfResettingTheConnection() throws Exception {
        byte[] pad = "x".repeat(6 * 1024 * 1024).getBytes(StandardCharsets.US_ASCII);
        String statusLine;
        try (Socket socket = new Socket("127.0.0.1", gateway.gateway().port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            // like Java's HttpClient and curl: the whole body is written before the answer is read
            out.write(("POST /open/mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://evil.example\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + pad.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(pad);
            out.flush();
            statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
        }

        assertThat(statusLine).startsWith("HTTP/1.1 403");
    }

    @Test
    void refusesOverHttpAToolCallWithoutIdAndAToolNameThatIsNotUtf8() throws Exception {
        HttpResponse<String> withoutId = agent.http().send(post("/open/mcp", """
                {"jsonrpc":"2.0","method":"tools/call","params":{"name":"get_users","arguments":{}}}"""),
                HttpResponse.BodyHandlers.ofString());
        byte[] overlong = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"getXXposts\"}}"
                .getBytes(StandardCharsets.US_ASCII);
        int at = new String(overlong, StandardCharsets.US_ASCII).indexOf("XX");
        overlong[at] = (byte) 0xc1;
        overlong[at + 1] = (byte) 0x9f;
        HttpResponse<String> notUtf8 = agent.http().send(agent.request("/open/mcp").timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(overlong)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(withoutId.statusCode()).isEqualTo(400);
        assertThat(withoutId.body()).contains("-32600").contains("request_without_id");
        assertThat(notUtf8.statusCode()).isEqualTo(400);
        assertThat(notUtf8.body()).contains("-32700").contains("invalid_utf8");
    }

    /** Status line of a ping POSTed over a raw socket with {@code extraHeaders} (each ending CRLF). */
    private static String statusLineOf(String extraHeaders) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.gateway().port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /open/mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders
                    + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                    + "Content-Length: " + PING.length() + "\r\nConnection: close\r\n\r\n" + PING)
                    .getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void answersUpstreamClosedWhenTheUpstreamDiesInsideADeclaredLengthBody() throws Exception {
        HttpRequest request = agent.request("/truncated/mcp").timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(PING)).build();
        long started = System.nanoTime();

        // A JSON body is one message, held until complete: the upstream dying inside it leaves the agent's head
        // unsent, so the agent gets the gateway's error instead of the truncated body (never a body that looks whole).
        HttpResponse<String> response = assertTimeoutPreemptively(Duration.ofSeconds(15),
                () -> agent.http().send(request, HttpResponse.BodyHandlers.ofString()));

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode error = AgentClient.message(response).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(-32004);
        assertThat(error.path("data").path("reason").asText()).isEqualTo("upstream_closed");
        assertThat(response.body()).doesNotContain("{\"jsonrpc\":\"2.0\",{");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(10);
    }

    @Test
    void refusesAMalformedBearerTokenOnAJwtOnlyProxy() throws Exception {
        HttpResponse<String> response = agent.post("/jwt/mcp", PING, "Authorization", "Bearer some.jwt.token");

        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode body = AgentClient.message(response);
        assertThat(body.at("/error/code").asInt()).isEqualTo(-32001);
        assertThat(body.at("/error/data/reason").asText()).isEqualTo("malformed_token");
        assertThat(response.body()).doesNotContain("some.jwt.token");
    }

    @Test
    void injectsBasicUpstreamCredentialsAfterHeaderTransforms() throws Exception {
        String session = agent.initialize("/creds/");

        HttpResponse<String> call = agent.post("/creds/", """
                {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_anything","arguments":{}}}""",
                "Mcp-Session-Id", session, "Accept", "application/json", "Authorization", "Bearer agent-value");

        assertThat(call.statusCode()).isEqualTo(200);
        JsonNode headers = AgentClient.message(call).at("/result/structuredContent/headers");
        assertThat(headers.get("authorization").asText()).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("svc:pw-1".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void answersExpectContinueAndForwardsTheBody() throws Exception {
        HttpResponse<String> response = agent.http().send(agent.request("/open/mcp").timeout(Duration.ofSeconds(10))
                .expectContinue(true).header("Content-Type", "application/json")
                .header("Accept", AgentClient.ACCEPT_BOTH)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                         "capabilities":{},"clientInfo":{"name":"gateway-it","version":"1"}}}""")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
    }

    private HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("Accept", AgentClient.ACCEPT_BOTH)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** An upstream that promises 100 bytes, sends a few, and drops the connection. */
    private static void serveTruncatedBodies() {
        while (!truncatingUpstream.isClosed()) {
            try (Socket socket = truncatingUpstream.accept()) {
                BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII));
                String line;
                while ((line = reader.readLine()) != null && !line.isEmpty()) {
                    // skip the request head; the body does not matter
                }
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                        + "{\"jsonrpc\":\"2.0\",").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // closed at the end of the test class
            }
        }
    }
}
