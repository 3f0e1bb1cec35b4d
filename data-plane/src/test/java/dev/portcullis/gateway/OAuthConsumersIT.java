package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.gateway.support.oauth.SigningKey;
import dev.portcullis.gateway.support.oauth.TestAuthorizationServer;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.policy.Policy;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JWT and introspection consumers through the real gateway, against a test authorization server and the mock. */
class OAuthConsumersIT {

    private static final String AUDIENCE = "https://mcp.example.com/jwt";
    private static final String KEY = TestSnapshots.newToken();
    private static final String CUSTOM_HEADER_KEY = TestSnapshots.newToken();
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
             "capabilities":{},"clientInfo":{"name":"oauth-it","version":"1"}}}""";
    private static final SigningKey RSA = SigningKey.rsa("rsa-1");
    private static final SigningKey EC = SigningKey.ec("ec-1");
    private static final SigningKey ED = SigningKey.ed25519("ed-1");

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
        as.publish("main", RSA, EC, ED);
        as.publish("rotating", RSA);
        String upstream = "http://127.0.0.1:" + mock.port();
        String jwt = """
                "jwt":{"enabled":true,"jwksUrl":"%s","issuer":"%s","audiences":["%s"]%s}""";
        String introspection = """
                "introspection":{"enabled":true,"endpoint":"%s","clientId":"%s","clientSecret":"%s"}"""
                .formatted(as.introspectionUrl(), TestAuthorizationServer.INTROSPECTION_CLIENT,
                        TestAuthorizationServer.INTROSPECTION_SECRET);
        TestSnapshots snapshots = new TestSnapshots();
        feed.publish(snapshots.signWithPolicies(1, List.of(
                TestProxies.definition("jwt", "/jwt/", upstream, """
                        "authentication":{"authToken":{"enabled":false},%s},
                        "tools":{"get_anything":{"requiredScopes":["mcp:admin"]}},"""
                        .formatted(jwt.formatted(as.jwksUrl("main"), as.issuer(), AUDIENCE, ""))),
                TestProxies.definition("rotating", "/rotating/", upstream, """
                        "authentication":{"authToken":{"enabled":false},%s},"""
                        .formatted(jwt.formatted(as.jwksUrl("rotating"), as.issuer(), AUDIENCE, ""))),
                TestProxies.definition("policied", "/policied/", upstream, """
                        "authentication":{"authToken":{"enabled":false},%s},"""
                        .formatted(jwt.formatted(as.jwksUrl("main"), as.issuer(), AUDIENCE,
                                ",\"policyClaim\":\"pcs_policies\""))),
                TestProxies.definition("mixed", "/mixed/", upstream, """
                        "authentication":{%s,%s},""".formatted(
                        jwt.formatted(as.jwksUrl("main"), as.issuer(), AUDIENCE, ""), introspection)),
                TestProxies.definition("custom-key", "/custom-key/", upstream, """
                        "authentication":{"authToken":{"enabled":true,"header":"X-Api-Key"},%s},""".formatted(
                        jwt.formatted(as.jwksUrl("main"), as.issuer(), AUDIENCE, ""))),
                TestProxies.definition("intro", "/intro/", upstream, """
                        "authentication":{"authToken":{"enabled":false},
                          "jwt":{"enabled":false,"audiences":["%s"]},%s},""".formatted(AUDIENCE, introspection))),
                List.of(TestSnapshots.key("k1", KEY, null, "mixed"),
                        TestSnapshots.key("k2", CUSTOM_HEADER_KEY, null, "custom-key")),
                List.of(Policy.parse("""
                                {"id":"granting","name":"granting","accessRights":{"policied":{}}}"""),
                        Policy.parse("""
                                {"id":"elsewhere","name":"elsewhere","accessRights":{"jwt":{}}}"""))));
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        agent = new AgentClient(gateway.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, gateway, as, feed, mock);
    }

    private static JsonObject claims() {
        long now = System.currentTimeMillis() / 1000;
        return new JsonObject().put("iss", as.issuer()).put("sub", "agent-7").put("aud", AUDIENCE)
                .put("iat", now).put("exp", now + 300).put("scope", "mcp:tools");
    }

    /** An {@code initialize} (the mock needs no session for it) with {@code token} as bearer credential. */
    private static HttpResponse<String> ping(String path, String token) throws Exception {
        return agent.post(path, INITIALIZE, "Authorization", "Bearer " + token);
    }

    private static String reason(HttpResponse<String> response) throws Exception {
        return Json.mapper().readTree(response.body()).at("/error/data/reason").asText();
    }

    private static void assertRefused(HttpResponse<String> response, String reason) throws Exception {
        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode body = Json.mapper().readTree(response.body());
        assertThat(body.at("/error/code").asInt()).isEqualTo(-32001);
        assertThat(body.at("/error/data/reason").asText()).isEqualTo(reason);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value ->
                assertThat(value).startsWith("Bearer realm=\"portcullis\"").contains("error=\"invalid_token\""));
    }

    @Test
    void acceptsJwtsSignedWithRs256Es256AndEdDsa() throws Exception {
        for (SigningKey key : List.of(RSA, EC, ED)) {
            assertThat(agent.initialize("/jwt/mcp", "Authorization", "Bearer " + key.sign(claims())))
                    .as(key.alg()).isNotBlank();
        }
    }

    @Test
    void refusesAnUnsignedJwtWithAlgNone() throws Exception {
        String header = SigningKey.encode(new JsonObject().put("alg", "none").put("typ", "JWT"));
        String unsigned = header + "." + SigningKey.encode(claims()) + ".";
        String withJunkSignature = unsigned + "c2lnbmF0dXJl";

        assertThat(ping("/jwt/mcp", unsigned).statusCode()).isEqualTo(401);
        assertRefused(ping("/jwt/mcp", withJunkSignature), "unsupported_algorithm");
    }

    @Test
    void refusesHs256SignedWithThePublishedPublicKey() throws Exception {
        String header = SigningKey.encode(new JsonObject().put("alg", "HS256").put("typ", "JWT")
                .put("kid", RSA.kid()));
        String input = header + "." + SigningKey.encode(claims());
        for (byte[] secret : List.of(RSA.pair().getPublic().getEncoded(),
                RSA.jwk().encode().getBytes(StandardCharsets.UTF_8))) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String forged = input + "." + SigningKey.b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
            assertRefused(ping("/jwt/mcp", forged), "unsupported_algorithm");
        }
    }

    @Test
    void refusesAnExpiredJwt() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        assertRefused(ping("/jwt/mcp", RSA.sign(claims().put("exp", now - 120))), "token_expired");
    }

    @Test
    void refusesAJwtForAnotherAudience() throws Exception {
        assertRefused(ping("/jwt/mcp", RSA.sign(claims().put("aud", "https://other.example.com/mcp"))),
                "invalid_audience");
    }

    @Test
    void refusesAJwtFromAnotherIssuer() throws Exception {
        assertRefused(ping("/jwt/mcp", RSA.sign(claims().put("iss", "https://evil.example.com"))),
                "invalid_issuer");
    }

    @Test
    void refusesAJwtSignedByAnUnknownKey() throws Exception {
        SigningKey stranger = SigningKey.rsa("rsa-1"); // same kid as a published key, other key material
        assertRefused(ping("/jwt/mcp", stranger.sign(claims())), "invalid_signature");
        assertRefused(ping("/jwt/mcp", SigningKey.ec("never-published").sign(claims())), "unknown_signing_key");
    }

    @Test
    void acceptsARotatedKeyAfterOneRefreshAndRateLimitsFurtherRefreshes() throws Exception {
        assertThat(ping("/rotating/mcp", RSA.sign(claims())).statusCode()).isEqualTo(200);
        SigningKey rotated = SigningKey.ed25519("rotated-2");
        as.publish("rotating", RSA, rotated);

        assertThat(ping("/rotating/mcp", rotated.sign(claims())).statusCode()).isEqualTo(200);

        int fetches = as.jwksFetches();
        SigningKey later = SigningKey.ec("later-3");
        as.publish("rotating", RSA, rotated, later);
        assertRefused(ping("/rotating/mcp", later.sign(claims())), "unknown_signing_key");
        assertRefused(ping("/rotating/mcp", SigningKey.ec("made-up").sign(claims())), "unknown_signing_key");
        assertThat(as.jwksFetches()).as("no refresh within 30 s of the last one").isEqualTo(fetches);
    }

    @Test
    void answersInsufficientScopeForAToolRequiringAScopeTheTokenLacks() throws Exception {
        String token = RSA.sign(claims());
        String session = agent.initialize("/jwt/mcp", "Authorization", "Bearer " + token);

        HttpResponse<String> denied = agent.post("/jwt/mcp", """
                {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_anything","arguments":{}}}""",
                "Authorization", "Bearer " + token, "Mcp-Session-Id", session);

        assertThat(denied.statusCode()).isEqualTo(403);
        JsonNode body = Json.mapper().readTree(denied.body());
        assertThat(body.at("/error/code").asInt()).isEqualTo(-32002);
        assertThat(body.at("/error/data/reason").asText()).isEqualTo("insufficient_scope");
        assertThat(denied.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer realm=\"portcullis\", error=\"insufficient_scope\", scope=\"mcp:admin\"");
    }

    @Test
    void callsAToolWithTheRequiredScopeAndNeverForwardsTheToken() throws Exception {
        String token = RSA.sign(claims().put("scope", "mcp:tools mcp:admin"));
        String session = agent.initialize("/jwt/mcp", "Authorization", "Bearer " + token);

        HttpResponse<String> call = agent.post("/jwt/mcp", """
                {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_anything","arguments":{}}}""",
                "Authorization", "Bearer " + token, "Mcp-Session-Id", session, "Accept", "application/json");

        assertThat(call.statusCode()).isEqualTo(200);
        JsonNode headers = AgentClient.message(call).at("/result/structuredContent/headers");
        assertThat(headers.isObject()).isTrue();
        assertThat(headers.has("authorization")).isFalse();
    }

    @Test
    void forwardsNeitherTheKeyNorABearerTokenSentBesideIt() throws Exception {
        String token = RSA.sign(claims());
        String session = agent.initialize("/custom-key/mcp", "X-Api-Key", CUSTOM_HEADER_KEY,
                "Authorization", "Bearer " + token);

        HttpResponse<String> call = agent.post("/custom-key/mcp", """
                {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_anything","arguments":{}}}""",
                "X-Api-Key", CUSTOM_HEADER_KEY, "Authorization", "Bearer " + token, "Mcp-Session-Id", session,
                "Accept", "application/json");

        assertThat(call.statusCode()).isEqualTo(200);
        JsonNode headers = AgentClient.message(call).at("/result/structuredContent/headers");
        assertThat(headers.isObject()).isTrue();
        assertThat(headers.has("x-api-key")).isFalse();
        assertThat(headers.has("authorization")).as("the bearer token sent beside the key").isFalse();
    }

    @Test
    void reachesAProxyOnlyThroughAPolicyFromTheClaimThatGrantsIt() throws Exception {
        assertThat(ping("/policied/mcp", RSA.sign(claims().put("pcs_policies", new JsonArray().add("granting"))))
                .statusCode()).isEqualTo(200);
        assertThat(ping("/policied/mcp", RSA.sign(claims().put("pcs_policies", "granting"))).statusCode())
                .isEqualTo(200);

        HttpResponse<String> otherPolicy = ping("/policied/mcp",
                RSA.sign(claims().put("pcs_policies", new JsonArray().add("elsewhere").add("no-such-policy"))));
        HttpResponse<String> noPolicy = ping("/policied/mcp", RSA.sign(claims()));

        assertThat(otherPolicy.statusCode()).isEqualTo(403);
        assertThat(reason(otherPolicy)).isEqualTo("proxy_not_allowed");
        assertThat(noPolicy.statusCode()).isEqualTo(403);
    }

    @Test
    void selectsKeyJwtOrIntrospectionByTheShapeOfTheCredential() throws Exception {
        String opaque = "opaque-" + UUID.randomUUID();
        as.introspects(opaque, active("agent-9"));

        assertThat(ping("/mixed/mcp", KEY).statusCode()).as("key").isEqualTo(200);
        assertThat(ping("/mixed/mcp", RSA.sign(claims())).statusCode()).as("jwt").isEqualTo(200);
        assertThat(ping("/mixed/mcp", opaque).statusCode()).as("introspection").isEqualTo(200);
        assertThat(as.introspectionCalls(opaque)).isEqualTo(1);
        assertThat(reason(ping("/mixed/mcp", "pcs_not-a-key"))).isEqualTo("unknown_key");
    }

    @Test
    void cachesAnActiveIntrospectionAnswer() throws Exception {
        String token = "opaque-" + UUID.randomUUID();
        as.introspects(token, active("agent-1"));

        assertThat(ping("/intro/mcp", token).statusCode()).isEqualTo(200);
        assertThat(ping("/intro/mcp", token).statusCode()).isEqualTo(200);

        assertThat(as.introspectionCalls(token)).isEqualTo(1);
    }

    @Test
    void refusesAnInactiveTokenAndCachesThatAnswerBriefly() throws Exception {
        String token = "opaque-" + UUID.randomUUID();

        assertRefused(ping("/intro/mcp", token), "inactive_token");
        assertRefused(ping("/intro/mcp", token), "inactive_token");

        assertThat(as.introspectionCalls(token)).isEqualTo(1);
    }

    @Test
    void refusesAnIntrospectedTokenForAnotherAudienceOrExpired() throws Exception {
        String otherAudience = "opaque-" + UUID.randomUUID();
        as.introspects(otherAudience, active("agent-2").put("aud", "https://other.example.com"));
        String expired = "opaque-" + UUID.randomUUID();
        as.introspects(expired, active("agent-3").put("exp", System.currentTimeMillis() / 1000 - 600));

        assertRefused(ping("/intro/mcp", otherAudience), "invalid_audience");
        assertRefused(ping("/intro/mcp", expired), "token_expired");
    }

    @Test
    void sharesOneIntrospectionCallBetweenConcurrentRequestsWithTheSameToken() throws Exception {
        String token = "opaque-" + UUID.randomUUID();
        as.introspects(token, active("agent-4"));
        as.introspectionDelay(300);
        try {
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                responses.add(agent.http().sendAsync(agent.request("/intro/mcp")
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .header("Accept", AgentClient.ACCEPT_BOTH)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(INITIALIZE)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> response : responses) {
                assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
        } finally {
            as.introspectionDelay(0);
        }
        assertThat(as.introspectionCalls(token)).isEqualTo(1);
    }

    @Test
    void challengesAMissingCredentialWithoutInvalidTokenError() throws Exception {
        HttpResponse<String> response = agent.post("/jwt/mcp", """
                {"jsonrpc":"2.0","id":1,"method":"ping"}""");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(reason(response)).isEqualTo("missing_credential");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"portcullis\"");
    }

    private static JsonObject active(String subject) {
        return new JsonObject().put("active", true).put("sub", subject).put("aud", AUDIENCE)
                .put("scope", "mcp:tools").put("exp", System.currentTimeMillis() / 1000 + 300);
    }
}
