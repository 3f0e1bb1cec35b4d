package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.gateway.upstream.GatewaySecretKey;
import dev.portcullis.launcher.services.FreePorts;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.secret.SealedSecret;
import dev.portcullis.model.secret.SecretSealer;
import dev.portcullis.model.secret.X25519Keys;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import dev.portcullis.model.snapshot.Ed25519Keys;
import dev.portcullis.model.snapshot.SnapshotSigner;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream credentials through the real gateway: secrets sealed to the gateway's key in a signed snapshot, the
 * real mock MCP server echoing what it received ({@code get_anything}), and a test OAuth token endpoint that
 * counts its calls per client.
 */
class UpstreamCredentialsIT {

    private static final String KEY = TestSnapshots.newToken();
    private static final String PAT = "ghp_" + TestSnapshots.newToken();
    private static final String PASSWORD = "pw-" + TestSnapshots.newToken();
    private static final String CLIENT_SECRET = "cs-" + TestSnapshots.newToken();

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static MockMcpServer mock;
    private static TestFeed feed;
    private static HttpServer tokenEndpoint;
    private static RunningGateway gateway;
    private static AgentClient agent;
    private static KeyPair signing;
    private static List<ProxyDefinition> proxies;
    private static final Map<String, AtomicInteger> tokenCalls = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        mock = MockMcpServer.start("127.0.0.1", 0);
        feed = TestFeed.start(vertx);
        tokenEndpoint = vertx.createHttpServer().requestHandler(UpstreamCredentialsIT::token)
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        KeyPair gatewayKey = X25519Keys.generate();
        GatewaySecretKey.write(dataDir.resolve(GatewaySecretKey.FILE_NAME), gatewayKey);
        SecretSealer sealer = new SecretSealer(gatewayKey.getPublic());
        signing = Ed25519Keys.generate();

        String upstream = "http://127.0.0.1:" + mock.port();
        String tokens = "http://127.0.0.1:" + tokenEndpoint.actualPort() + "/token";
        proxies = List.of(
                proxy("static", upstream, "\"headers\":{\"Authorization\":\"Bearer ${secret:github-pat}\","
                        + "\"X-Team\":\"team-${secret:team}\"}", true),
                proxy("basic", upstream, "\"basicAuth\":{\"username\":\"svc\",\"password\":\"${secret:pw}\"}", false),
                proxy("oauth", upstream, oauth(tokens + "?expires=3600", "cached"), true),
                proxy("burst", upstream, oauth(tokens + "?expires=3600&delayMs=300", "burst"), false),
                proxy("short", upstream, oauth(tokens + "?expires=31", "short"), false),
                proxy("down", upstream, oauth("http://127.0.0.1:" + FreePorts.pick() + "/token", "down"), false));
        Map<String, SealedSecret> secrets = Map.of(
                "github-pat", sealer.seal("github-pat", PAT),
                "team", sealer.seal("team", "blue"),
                "pw", sealer.seal("pw", PASSWORD),
                "client-secret", sealer.seal("client-secret", CLIENT_SECRET));
        feed.publish(new SnapshotSigner(signing.getPrivate()).sign(new ConfigSnapshot(ConfigSnapshot.SCHEMA_VERSION,
                1, Instant.now(), List.of(), proxies,
                List.of(TestSnapshots.key("k1", KEY, null, "static", "oauth")), List.of(), secrets)));

        gateway = RunningGateway.start(vertx, feed.url(), signing.getPublic(), dataDir);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        agent = new AgentClient(gateway.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, gateway, feed, mock);
    }

    @Test
    void sendsAStaticHeaderResolvedFromSecretsAndNeverTheAgentsKey() throws Exception {
        JsonNode headers = upstreamHeaders("/static/mcp", "Authorization", "Bearer " + KEY);

        assertThat(headers.get("authorization").asText()).isEqualTo("Bearer " + PAT);
        assertThat(headers.get("x-team").asText()).isEqualTo("team-blue");
        assertThat(headers.toString()).doesNotContain(KEY);
    }

    @Test
    void sendsBasicAuthWithThePasswordFromASecret() throws Exception {
        JsonNode headers = upstreamHeaders("/basic/mcp");

        assertThat(headers.get("authorization").asText()).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString(("svc:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void replacesTheAgentsCredentialWithACachedClientCredentialsToken() throws Exception {
        JsonNode first = upstreamHeaders("/oauth/mcp", "Authorization", "Bearer " + KEY);
        JsonNode second = upstreamHeaders("/oauth/mcp", "Authorization", "Bearer " + KEY);

        assertThat(first.get("authorization").asText()).isEqualTo("Bearer cached-token-1");
        assertThat(second.get("authorization").asText()).isEqualTo("Bearer cached-token-1");
        assertThat(second.toString()).doesNotContain(KEY);
        assertThat(calls("cached")).isEqualTo(1);
    }

    @Test
    void concurrentFirstRequestsShareOneTokenRequest() {
        List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            requests.add(agent.http().sendAsync(agent.request("/burst/mcp")
                    .header("Content-Type", "application/json").header("Accept", AgentClient.ACCEPT_BOTH)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(INITIALIZE)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }

        requests.forEach(request -> assertThat(request.join().statusCode()).isEqualTo(200));
        assertThat(calls("burst")).isEqualTo(1);
    }

    @Test
    void fetchesANewTokenOnceTheCachedOneIsAboutToExpire() throws Exception {
        String first = upstreamHeaders("/short/mcp").get("authorization").asText();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(upstreamHeaders("/short/mcp").get("authorization").asText()).isNotEqualTo(first));
        assertThat(first).isEqualTo("Bearer short-token-1");
        assertThat(calls("short")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void answers502WhenTheTokenEndpointIsDown() throws Exception {
        HttpResponse<String> response = agent.post("/down/mcp", INITIALIZE);

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode error = AgentClient.message(response).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32004);
        assertThat(error.at("/data/reason").asText()).isEqualTo("upstream_credentials_unavailable");
        assertThat(response.body()).doesNotContain(CLIENT_SECRET);
    }

    @Test
    void rejectsASnapshotWithASecretSealedToAnotherKeyNamingOnlyTheSecret() {
        String leaked = "other-" + TestSnapshots.newToken();
        SecretSealer wrongKey = new SecretSealer(X25519Keys.generate().getPublic());
        Map<String, SealedSecret> secrets = Map.of(
                "github-pat", wrongKey.seal("github-pat", leaked),
                "team", wrongKey.seal("team", leaked),
                "pw", wrongKey.seal("pw", leaked),
                "client-secret", wrongKey.seal("client-secret", leaked));

        feed.publish(new SnapshotSigner(signing.getPrivate()).sign(new ConfigSnapshot(ConfigSnapshot.SCHEMA_VERSION,
                2, Instant.now(), List.of(), proxies,
                List.of(TestSnapshots.key("k1", KEY, null, "static", "oauth")), List.of(), secrets)));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(feed.reports())
                .anySatisfy(report -> {
                    assertThat(report.get("accepted").asBoolean()).isFalse();
                    assertThat(report.get("receivedVersion").asLong()).isEqualTo(2);
                    assertThat(report.get("reason").asText()).contains("cannot open secret '")
                            .doesNotContain(leaked);
                }));
        assertThat(gateway.version()).isEqualTo(1);
    }

    @Test
    void asksTheFeedForSecretsSealedToItsKey() throws Exception {
        KeyPair stored = dev.portcullis.gateway.upstream.GatewaySecretKey.loadOrCreate(dataDir);

        assertThat(feed.queries()).anySatisfy(query -> assertThat(query)
                .contains("encryptionKey=" + X25519Keys.encodePublic(stored.getPublic())));
    }

    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
             "capabilities":{},"clientInfo":{"name":"gateway-it","version":"1"}}}""";

    private static JsonNode upstreamHeaders(String path, String... headers) throws Exception {
        String session = agent.initialize(path, headers);
        HttpResponse<String> call = agent.post(path, """
                {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_anything","arguments":{}}}""",
                AgentClient.append(headers, "Mcp-Session-Id", session, "Accept", "application/json"));
        assertThat(call.statusCode()).isEqualTo(200);
        return AgentClient.message(call).at("/result/structuredContent/headers");
    }

    private static int calls(String clientId) {
        AtomicInteger count = tokenCalls.get(clientId);
        return count == null ? 0 : count.get();
    }

    /** The test token endpoint: client_secret_basic, grant_type=client_credentials, tokens numbered per client. */
    private static void token(HttpServerRequest request) {
        request.setExpectMultipart(true);
        request.endHandler(end -> {
            String authorization = request.getHeader("Authorization");
            String decoded = authorization == null || !authorization.startsWith("Basic ") ? ""
                    : new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            String clientId = colon < 0 ? "" : decoded.substring(0, colon);
            if (colon < 0 || !decoded.substring(colon + 1).equals(CLIENT_SECRET)
                    || !"client_credentials".equals(request.getFormAttribute("grant_type"))
                    || !"mcp.read mcp.write".equals(request.getFormAttribute("scope"))) {
                request.response().setStatusCode(401).end("{\"error\":\"invalid_client\"}");
                return;
            }
            int n = tokenCalls.computeIfAbsent(clientId, id -> new AtomicInteger()).incrementAndGet();
            String body = "{\"access_token\":\"" + clientId + "-token-" + n + "\",\"token_type\":\"Bearer\","
                    + "\"expires_in\":" + request.getParam("expires") + "}";
            long delay = request.getParam("delayMs") == null ? 0 : Long.parseLong(request.getParam("delayMs"));
            Runnable answer = () -> request.response().putHeader("Content-Type", "application/json").end(body);
            if (delay > 0) {
                vertx.setTimer(delay, id -> answer.run());
            } else {
                answer.run();
            }
        });
    }

    private static ProxyDefinition proxy(String id, String upstream, String authentication, boolean keyAuth) {
        return ProxyDefinition.parse("""
                {"id":"%s","name":"%s","listenPath":"/%s/","authentication":{"enabled":%s},
                 "upstream":{"url":"%s","authentication":{%s}}}
                """.formatted(id, id, id, keyAuth, upstream, authentication));
    }

    private static String oauth(String tokenUrl, String clientId) {
        return "\"oauthClientCredentials\":{\"tokenUrl\":\"" + tokenUrl + "\",\"clientId\":\"" + clientId
                + "\",\"clientSecret\":\"${secret:client-secret}\",\"scopes\":[\"mcp.read\",\"mcp.write\"]}";
    }
}
