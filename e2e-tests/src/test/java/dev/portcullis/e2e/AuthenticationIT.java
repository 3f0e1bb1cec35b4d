package dev.portcullis.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.e2e.support.DashboardApi.Response;
import dev.portcullis.e2e.support.E2eStack;
import dev.portcullis.e2e.support.McpHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Key authentication at the gateway, and key changes reaching it through the feed. */
class AuthenticationIT {

    private static E2eStack stack;
    private static String securedUrl;
    private static String otherUrl;

    @BeforeAll
    static void proxies() {
        stack = E2eStack.shared();
        stack.api().createProxy("auth-secured", "/auth-secured/", stack.mockUrl());
        stack.api().createProxy("auth-other", "/auth-other/", stack.mockUrl());
        securedUrl = stack.gateway().mcpUrl("/auth-secured/");
        otherUrl = stack.gateway().mcpUrl("/auth-other/");
        String key = stack.api().createKey("auth-probe", List.of("auth-secured")).path("key").asText();
        GatewayConfig.awaitKeyAccepted(securedUrl, key);
    }

    @Test
    void refusesARequestWithoutAKey() {
        Response response = McpHttp.post(securedUrl, McpHttp.INITIALIZE, Map.of());

        assertUnauthenticated(response);
    }

    @Test
    void refusesAnUnknownKey() {
        Response response = McpHttp.post(securedUrl, McpHttp.INITIALIZE,
                McpHttp.bearer("pcs_thisKeyWasNeverIssuedByPortcullisAtAllXXXXXXXXX"));

        assertUnauthenticated(response);
        assertThat(response.body()).doesNotContain("thisKeyWasNeverIssued");
    }

    @Test
    void acceptsTheKeyWithOrWithoutTheBearerPrefix() {
        String key = stack.api().createKey("prefixless", List.of("auth-secured")).path("key").asText();
        GatewayConfig.awaitKeyAccepted(securedUrl, key);

        assertThat(McpHttp.post(securedUrl, McpHttp.INITIALIZE, Map.of("Authorization", key)).status()).isEqualTo(200);
    }

    @Test
    void refusesAKeyWithoutAccessToTheProxy() {
        String key = stack.api().createKey("wrong-proxy", List.of("auth-secured")).path("key").asText();
        GatewayConfig.awaitKeyAccepted(securedUrl, key);

        Response response = McpHttp.post(otherUrl, McpHttp.INITIALIZE, McpHttp.bearer(key));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().at("/error/code").asInt()).isEqualTo(-32002);
        assertThat(response.json().at("/error/data/httpStatus").asInt()).isEqualTo(403);
    }

    @Test
    void refusesARevokedKeyWithinOneSecond() {
        JsonNode created = stack.api().createKey("to-revoke", List.of("auth-secured"));
        String key = created.path("key").asText();
        GatewayConfig.awaitKeyAccepted(securedUrl, key);

        stack.api().revokeKey(created.path("id").asText());

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(25))
                .until(() -> McpHttp.post(securedUrl, McpHttp.INITIALIZE, McpHttp.bearer(key)).status() == 401);
        assertUnauthenticated(McpHttp.post(securedUrl, McpHttp.INITIALIZE, McpHttp.bearer(key)));
    }

    @Test
    void refusesAKeyOnceItHasExpired() {
        ObjectNode body = new ObjectMapper().createObjectNode().put("alias", "short-lived")
                .put("expiresAt", Instant.now().plusSeconds(3).toString());
        body.putArray("proxies").add("auth-secured");
        String key = stack.api().createKey(body).path("key").asText();
        GatewayConfig.awaitKeyAccepted(securedUrl, key);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> McpHttp.post(securedUrl, McpHttp.INITIALIZE, McpHttp.bearer(key)).status() == 401);
        assertUnauthenticated(McpHttp.post(securedUrl, McpHttp.INITIALIZE, McpHttp.bearer(key)));
    }

    @Test
    void letsAnyoneThroughAProxyWithAuthenticationDisabled() {
        ObjectNode open = new ObjectMapper().createObjectNode()
                .put("id", "auth-open").put("name", "Open proxy").put("listenPath", "/auth-open/");
        open.putObject("upstream").put("url", stack.mockUrl());
        open.putObject("authentication").put("enabled", false);
        stack.api().createProxy(open);
        String url = stack.gateway().mcpUrl("/auth-open/");

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> McpHttp.post(url, McpHttp.INITIALIZE, Map.of()).status() == 200);
    }

    private static void assertUnauthenticated(Response response) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(response.json().path("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(response.json().at("/error/code").asInt()).isEqualTo(-32001);
        assertThat(response.json().at("/error/data/httpStatus").asInt()).isEqualTo(401);
        assertThat(response.json().at("/error/message").asText()).isNotBlank();
    }
}
