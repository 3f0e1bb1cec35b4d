package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.filter.auth.prm.TrustedProxies;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.NodeClients;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.gateway.support.oauth.TestAuthorizationServer;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.json.Json;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OAuth 2.1 Protected Resource Metadata (RFC 9728) through the real gateway, ending with the official TypeScript
 * MCP SDK client discovering the authorization server from a 401, logging in and calling a tool.
 */
class ProtectedResourceMetadataIT {

    private static final String FIXED_RESOURCE = "https://mcp.example.com/fixed/mcp";
    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static MockMcpServer mock;
    private static TestFeed feed;
    private static TestAuthorizationServer as;
    private static RunningGateway gateway;
    private static AgentClient agent;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        mock = MockMcpServer.start("127.0.0.1", 0);
        feed = TestFeed.start(vertx);
        as = TestAuthorizationServer.start(vertx);
        String upstream = "http://127.0.0.1:" + mock.port();
        TestSnapshots snapshots = new TestSnapshots();
        feed.publish(snapshots.sign(1, List.of(
                TestProxies.definition("oauth", "/oauth/", upstream, """
                        "authentication":{"jwt":{"enabled":true,"jwksUrl":"%s","issuer":"%s"},
                          "protectedResourceMetadata":{"enabled":true,"authorizationServers":["%s"],
                            "scopesSupported":["mcp:tools"]}},""".formatted(as.jwksUrl(), as.issuer(), as.issuer())),
                TestProxies.definition("fixed", "/fixed/", upstream, """
                        "authentication":{"jwt":{"enabled":true,"jwksUrl":"%s"},
                          "protectedResourceMetadata":{"enabled":true,"resource":"%s",
                            "authorizationServers":["%s"]}},""".formatted(as.jwksUrl(), FIXED_RESOURCE, as.issuer())),
                TestProxies.definition("plain", "/plain/", upstream)),
                List.of()));
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir,
                TrustedProxies.parse(List.of("127.0.0.1/32")));
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        agent = new AgentClient(gateway.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, gateway, as, feed, mock);
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        var builder = agent.request(path).GET();
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return agent.http().send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheMetadataDocumentAtBothWellKnownLocationsWithoutAuthentication() throws Exception {
        HttpResponse<String> root = get("/.well-known/oauth-protected-resource/oauth/mcp");
        HttpResponse<String> underListenPath = get("/oauth/.well-known/oauth-protected-resource");

        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode document = Json.mapper().readTree(root.body());
        assertThat(document.get("resource").asText()).isEqualTo(gateway.baseUrl() + "/oauth/mcp");
        assertThat(document.get("authorization_servers")).containsExactly(Json.mapper().valueToTree(as.issuer()));
        assertThat(document.get("scopes_supported").toString()).isEqualTo("[\"mcp:tools\"]");
        assertThat(document.get("bearer_methods_supported").toString()).isEqualTo("[\"header\"]");
        assertThat(underListenPath.statusCode()).isEqualTo(200);
        assertThat(Json.mapper().readTree(underListenPath.body())).isEqualTo(document);
    }

    @Test
    void takesTheDialledUrlFromForwardedHeadersOfATrustedProxy() throws Exception {
        HttpResponse<String> response = get("/.well-known/oauth-protected-resource/oauth/mcp",
                "X-Forwarded-Host", "mcp.example.com", "X-Forwarded-Proto", "https");

        assertThat(Json.mapper().readTree(response.body()).get("resource").asText())
                .isEqualTo("https://mcp.example.com/oauth/mcp");
    }

    @Test
    void ignoresForwardedHeadersFromAnUntrustedPeer() throws Exception {
        String raw = rawGetFrom("127.0.0.2", "/.well-known/oauth-protected-resource/oauth/mcp",
                "X-Forwarded-Host: evil.example.com\r\nX-Forwarded-Proto: https\r\n");

        assertThat(raw).startsWith("HTTP/1.1 200");
        String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
        assertThat(Json.mapper().readTree(body).get("resource").asText())
                .isEqualTo(gateway.baseUrl() + "/oauth/mcp");
    }

    @Test
    void usesTheConfiguredResourceWhenSet() throws Exception {
        HttpResponse<String> response = get("/fixed/.well-known/oauth-protected-resource");

        assertThat(Json.mapper().readTree(response.body()).get("resource").asText()).isEqualTo(FIXED_RESOURCE);
        assertThat(Json.mapper().readTree(response.body()).has("scopes_supported")).isFalse();
    }

    @Test
    void servesNoMetadataForAProxyWithoutIt() throws Exception {
        assertThat(get("/.well-known/oauth-protected-resource/plain/mcp").statusCode()).isEqualTo(404);
    }

    @Test
    void everyUnauthorizedAnswerPointsToTheMetadataAndItsScopes() throws Exception {
        String metadataUrl = gateway.baseUrl() + "/.well-known/oauth-protected-resource/oauth/mcp";
        HttpResponse<String> missing = agent.post("/oauth/mcp", """
                {"jsonrpc":"2.0","id":1,"method":"ping"}""");
        HttpResponse<String> badJwt = agent.post("/oauth/mcp", """
                {"jsonrpc":"2.0","id":1,"method":"ping"}""", "Authorization", "Bearer aaa.bbb.ccc");
        HttpResponse<String> badKey = agent.post("/oauth/mcp", """
                {"jsonrpc":"2.0","id":1,"method":"ping"}""", "Authorization", "Bearer pcs_unknown");
        HttpResponse<String> forwarded = agent.post("/oauth/mcp", """
                {"jsonrpc":"2.0","id":1,"method":"ping"}""", "X-Forwarded-Host", "mcp.example.com",
                "X-Forwarded-Proto", "https");

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"portcullis\", "
                + "resource_metadata=\"" + metadataUrl + "\", scope=\"mcp:tools\"");
        for (HttpResponse<String> invalid : List.of(badJwt, badKey)) {
            assertThat(invalid.statusCode()).isEqualTo(401);
            assertThat(invalid.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"portcullis\", "
                    + "resource_metadata=\"" + metadataUrl + "\", scope=\"mcp:tools\", error=\"invalid_token\"");
        }
        assertThat(forwarded.headers().firstValue("WWW-Authenticate").orElseThrow()).contains(
                "resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/oauth/mcp\"");
    }

    @Test
    void theOfficialTypeScriptClientDiscoversTheServerLogsInAndCallsATool() throws Exception {
        assumeTrue(NodeClients.nodeAvailable(), "node is not installed");
        NodeClients.installDependencies();

        Process process = new ProcessBuilder("node", "oauth-client.mjs", gateway.baseUrl() + "/oauth/mcp")
                .directory(NodeClients.NODE_DIR.toFile()).redirectErrorStream(false).start();
        String stderr;
        String stdout;
        try (InputStream out = process.getInputStream(); InputStream err = process.getErrorStream()) {
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("node client finished").isTrue();
            stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            stderr = new String(err.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.exitValue()).as("node exit code; stderr: %s", stderr).isZero();

        String[] lines = stdout.strip().split("\n");
        JsonNode result = Json.mapper().readTree(lines[lines.length - 1]);
        assertThat(result.at("/auth/redirectedToAuthorization").asBoolean()).isTrue();
        assertThat(result.at("/auth/registeredClient").asBoolean()).isTrue();
        assertThat(result.get("tools")).hasSize(15);
        assertThat(result.get("tools").toString()).contains("\"get_anything\"");
        JsonNode upstreamHeaders = result.at("/call/structuredContent/headers");
        assertThat(upstreamHeaders.isObject()).as("tool result: %s", result.get("call")).isTrue();
        assertThat(upstreamHeaders.has("authorization")).as("the token is not forwarded upstream").isFalse();
        assertThat(result.at("/call/structuredContent/arguments/from").asText()).isEqualTo("node");
    }

    /** A raw HTTP/1.1 GET from a chosen local address (the JDK client cannot pick one). */
    private static String rawGetFrom(String localAddress, String path, String extraHeaders) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", gateway.gateway().port()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + gateway.gateway().port() + "\r\n"
                    + extraHeaders + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(response);
            return response.toString(StandardCharsets.UTF_8);
        }
    }
}
