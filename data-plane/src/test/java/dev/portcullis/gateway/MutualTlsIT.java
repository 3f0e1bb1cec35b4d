package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.config.ListenerTls;
import dev.portcullis.gateway.config.TlsFiles;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.TestCertificates;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.jsonrpc.JsonRpcErrorCodes;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.key.KeyTokens;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the agent listener and keys bound to client certificates, through real
 * gateways in front of the mock MCP server, with certificates made by {@code keytool} for this run. One gateway
 * asks for client certificates ({@code request}), one requires them.
 */
class MutualTlsIT {

    @TempDir
    static Path dir;

    static final String UNBOUND = KeyTokens.generate();
    static final String BOUND = KeyTokens.generate();

    static Vertx vertx;
    static MockMcpServer mock;
    static TestFeed feed;
    static TestCertificates.Issued server;
    static TestCertificates.Issued alice;
    static TestCertificates.Issued mallory;
    static RunningGateway requesting;
    static RunningGateway requiring;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        mock = MockMcpServer.start("127.0.0.1", 0);
        feed = TestFeed.start(vertx);
        server = TestCertificates.issue(dir, "gateway");
        alice = TestCertificates.issue(dir, "alice");
        mallory = TestCertificates.issue(dir, "mallory");
        Path clientCa = TestCertificates.bundle(dir.resolve("agents-ca.pem"), alice, mallory);
        TestSnapshots snapshots = new TestSnapshots();
        String upstream = "http://127.0.0.1:" + mock.port();
        feed.publish(snapshots.sign(1, List.of(
                TestProxies.definition("mock", "/mock/", upstream),
                TestProxies.definition("prm", "/prm/", upstream, """
                        "authentication":{"jwt":{"enabled":true,"jwksUrl":"http://127.0.0.1:9/jwks"},
                          "protectedResourceMetadata":{"enabled":true,
                            "authorizationServers":["https://as.example.com"]}},""")), List.of(
                new KeyEntry("unbound", "unbound", KeyTokens.hash(UNBOUND), null, List.of("mock"), List.of()),
                new KeyEntry("bound", "bound", KeyTokens.hash(BOUND), null, List.of("mock"), List.of(),
                        List.of(alice.fingerprint())))));
        requesting = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(),
                Files.createDirectory(dir.resolve("gw-request")), tls("request", clientCa));
        requiring = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(),
                Files.createDirectory(dir.resolve("gw-required")), tls("required", clientCa));
        await().atMost(Duration.ofSeconds(10)).until(() -> requesting.version() == 1 && requiring.version() == 1);
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, requesting, requiring, feed, mock);
    }

    static ListenerTls tls(String clientAuth, Path clientCa) {
        return TlsFiles.load(Optional.of(server.certPem().toString()), Optional.of(server.keyPem().toString()),
                clientAuth, Optional.of(clientCa.toString()));
    }

    static AgentClient agent(RunningGateway gateway, TestCertificates.Issued client, HttpClient.Version version)
            throws Exception {
        return new AgentClient(gateway.baseUrl(), TestCertificates.context(server, client), version);
    }

    /** An MCP {@code initialize}: 200 when the gateway let the agent through to the mock. */
    static HttpResponse<String> initialize(AgentClient agent, String key) throws Exception {
        return agent.post("/mock/mcp", """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                 "capabilities":{},"clientInfo":{"name":"mtls-it","version":"1"}}}""", "Authorization", "Bearer " + key);
    }

    @Test
    void answersMcpOverHttpsWithHttp2AndHttp11() throws Exception {
        AgentClient h2 = agent(requesting, null, HttpClient.Version.HTTP_2);
        AgentClient h1 = agent(requesting, null, HttpClient.Version.HTTP_1_1);

        String session = h2.initialize("/mock/mcp", "Authorization", "Bearer " + UNBOUND);
        HttpResponse<String> call = h2.post("/mock/mcp", """
                {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_anything","arguments":{}}}""",
                "Authorization", "Bearer " + UNBOUND, "Mcp-Session-Id", session);
        String http11Session = h1.initialize("/mock/mcp", "Authorization", "Bearer " + UNBOUND);
        HttpResponse<String> overHttp11 = h1.post("/mock/mcp",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", "Authorization", "Bearer " + UNBOUND, "Mcp-Session-Id", http11Session);

        assertThat(requesting.baseUrl()).startsWith("https://");
        assertThat(call.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(call.statusCode()).isEqualTo(200);
        JsonNode upstreamSaw = AgentClient.message(call).at("/result/structuredContent/headers");
        assertThat(upstreamSaw.get("x-forwarded-proto").asText()).isEqualTo("https");
        assertThat(upstreamSaw.get("x-forwarded-host").asText()).isEqualTo("127.0.0.1:" + requesting.gateway().port());
        assertThat(overHttp11.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(overHttp11.statusCode()).isEqualTo(200);
        assertThat(AgentClient.message(overHttp11).at("/result/tools").size()).isPositive();
    }

    @Test
    void givesHttpsUrlsInProtectedResourceMetadataOnATlsListener() throws Exception {
        for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_2, HttpClient.Version.HTTP_1_1)) {
            AgentClient agent = agent(requesting, null, version);

            HttpResponse<String> metadata = agent.http().send(
                    agent.request("/.well-known/oauth-protected-resource/prm/mcp").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> challenge = agent.post("/prm/mcp",
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");

            assertThat(metadata.statusCode()).isEqualTo(200);
            assertThat(Json.mapper().readTree(metadata.body()).get("resource").asText())
                    .isEqualTo(requesting.baseUrl() + "/prm/mcp");
            assertThat(challenge.statusCode()).isEqualTo(401);
            assertThat(challenge.headers().firstValue("WWW-Authenticate").orElseThrow()).contains(
                    "resource_metadata=\"" + requesting.baseUrl() + "/.well-known/oauth-protected-resource/prm/mcp\"");
        }
    }

    @Test
    void refusesTheHandshakeWithoutAClientCertificateWhenRequired() throws Exception {
        AgentClient anonymous = agent(requiring, null, HttpClient.Version.HTTP_1_1);
        AgentClient withCertificate = agent(requiring, alice, HttpClient.Version.HTTP_1_1);

        assertThatThrownBy(() -> initialize(anonymous, UNBOUND)).isInstanceOf(IOException.class);
        assertThat(initialize(withCertificate, UNBOUND).statusCode()).isEqualTo(200);
        assertThat(initialize(withCertificate, BOUND).statusCode()).isEqualTo(200);
    }

    @Test
    void acceptsABoundKeyOnlyWithItsCertificate() throws Exception {
        for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_2, HttpClient.Version.HTTP_1_1)) {
            HttpResponse<String> right = initialize(agent(requesting, alice, version), BOUND);
            HttpResponse<String> again = initialize(agent(requesting, alice, version), BOUND);
            HttpResponse<String> other = initialize(agent(requesting, mallory, version), BOUND);
            HttpResponse<String> none = initialize(agent(requesting, null, version), BOUND);

            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(again.statusCode()).isEqualTo(200);
            assertRefused(other, "certificate_mismatch");
            assertRefused(none, "certificate_required");
        }
    }

    @Test
    void acceptsAnUnboundKeyWithOrWithoutACertificate() throws Exception {
        assertThat(initialize(agent(requesting, null, HttpClient.Version.HTTP_2), UNBOUND).statusCode())
                .isEqualTo(200);
        assertThat(initialize(agent(requesting, mallory, HttpClient.Version.HTTP_2), UNBOUND).statusCode())
                .isEqualTo(200);
    }

    static void assertRefused(HttpResponse<String> response, String reason) throws Exception {
        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode error = AgentClient.message(response).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(JsonRpcErrorCodes.UNAUTHENTICATED);
        assertThat(error.at("/data/reason").asText()).isEqualTo(reason);
        assertThat(error.get("message").asText()).contains("bound to a client certificate");
        assertThat(response.body()).doesNotContain(BOUND);
    }
}
