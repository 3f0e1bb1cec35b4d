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
import dev.portcullis.gateway.support.oauth.LengthReadingAuthorizationServer;
import dev.portcullis.gateway.support.oauth.LengthReadingAuthorizationServer.Answer;
import dev.portcullis.gateway.upstream.ClientCredentials;
import dev.portcullis.gateway.upstream.ClientCredentialsTokens;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.json.Json;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's own calls to an authorization server (token introspection, the client-credentials grant), against
 * a server that reads request bodies by {@code Content-Length} only, like Python's {@code http.server}.
 */
class IdentityProviderCallsIT {

    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
             "capabilities":{},"clientInfo":{"name":"idp-it","version":"1"}}}""";

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static MockMcpServer mock;
    private static TestFeed feed;
    private static LengthReadingAuthorizationServer as;
    private static RunningGateway gateway;
    private static AgentClient agent;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        mock = MockMcpServer.start("127.0.0.1", 0);
        feed = TestFeed.start(vertx);
        as = LengthReadingAuthorizationServer.start();
        TestSnapshots snapshots = new TestSnapshots();
        feed.publish(snapshots.sign(1, List.of(TestProxies.definition("intro", "/intro/",
                "http://127.0.0.1:" + mock.port(), """
                "authentication":{"authToken":{"enabled":false},
                  "introspection":{"enabled":true,"endpoint":"%s","clientId":"gw","clientSecret":"gw-secret",
                                   "cacheSeconds":0}},""".formatted(as.url("/introspect")))), List.of()));
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        agent = new AgentClient(gateway.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, gateway, feed, mock, as);
    }

    @AfterEach
    void answerProperly() {
        as.answer(Answer.PROPER);
    }

    @Test
    void acceptsAValidOpaqueTokenFromAnAuthorizationServerThatReadsByLength() throws Exception {
        HttpResponse<String> response = agent.post("/intro/mcp", INITIALIZE,
                "Authorization", "Bearer " + LengthReadingAuthorizationServer.GOOD_TOKEN);

        assertThat(as.lastForm()).contains("token=" + LengthReadingAuthorizationServer.GOOD_TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void refusesAnInactiveTokenAsInactive() throws Exception {
        HttpResponse<String> response = agent.post("/intro/mcp", INITIALIZE, "Authorization", "Bearer other-token");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(error(response).at("/data/reason").asText()).isEqualTo("inactive_token");
    }

    @Test
    void reportsAnAuthorizationServerAnsweringNonsenseAsUnavailableNotAsAnInactiveToken() throws Exception {
        for (Answer nonsense : List.of(Answer.NOT_JSON, Answer.HTML_200, Answer.JSON_WITHOUT_ACTIVE,
                Answer.ACTIVE_AS_STRING, Answer.SERVER_ERROR)) {
            as.answer(nonsense);

            HttpResponse<String> response = agent.post("/intro/mcp", INITIALIZE,
                    "Authorization", "Bearer " + LengthReadingAuthorizationServer.GOOD_TOKEN);

            assertThat(response.statusCode()).as(nonsense.name()).isEqualTo(503);
            JsonNode error = error(response);
            assertThat(error.at("/code").asInt()).as(nonsense.name()).isEqualTo(-32004);
            assertThat(error.at("/data/reason").asText()).as(nonsense.name()).isEqualTo("introspection_unavailable");
            assertThat(error.at("/message").asText()).as(nonsense.name())
                    .startsWith("token introspection is unavailable: the authorization server");
        }
    }

    @Test
    void getsAnUpstreamTokenFromATokenEndpointThatReadsByLength() throws Exception {
        ClientCredentialsTokens tokens = new ClientCredentialsTokens(vertx);
        try {
            String token = tokens.token(new ClientCredentials(as.url("/token"), "client", "secret",
                    List.of("mcp.read"))).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(token).isEqualTo(LengthReadingAuthorizationServer.ACCESS_TOKEN);
            assertThat(as.lastForm()).isEqualTo("grant_type=client_credentials&scope=mcp.read");
        } finally {
            tokens.close();
        }
    }

    @Test
    void reportsATokenEndpointAnsweringNonsenseAsUnavailable() {
        for (Answer nonsense : List.of(Answer.NOT_JSON, Answer.HTML_200, Answer.JSON_WITHOUT_ACTIVE,
                Answer.SERVER_ERROR)) {
            as.answer(nonsense);
            ClientCredentialsTokens tokens = new ClientCredentialsTokens(vertx);
            try {
                var outcome = tokens.token(new ClientCredentials(as.url("/token"), "client", "secret", List.of()))
                        .toCompletionStage().toCompletableFuture();

                assertThat(outcome).as(nonsense.name()).failsWithin(Duration.ofSeconds(10))
                        .withThrowableOfType(ExecutionException.class)
                        .havingCause().isInstanceOf(ClientCredentialsTokens.TokenUnavailableException.class)
                        .withMessageStartingWith("token endpoint");
            } finally {
                tokens.close();
            }
        }
    }

    private static JsonNode error(HttpResponse<String> response) throws Exception {
        return Json.mapper().readTree(response.body()).get("error");
    }
}
