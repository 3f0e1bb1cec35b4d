package dev.portcullis.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.e2e.client.ApiClient;
import dev.portcullis.e2e.client.ApiException;
import dev.portcullis.e2e.client.ApiResponse;
import dev.portcullis.e2e.client.api.KeysApi;
import dev.portcullis.e2e.client.api.McpProxiesApi;
import dev.portcullis.e2e.client.api.PoliciesApi;
import dev.portcullis.e2e.client.model.AccessList;
import dev.portcullis.e2e.client.model.AccessRight;
import dev.portcullis.e2e.client.model.AuthToken;
import dev.portcullis.e2e.client.model.Authentication;
import dev.portcullis.e2e.client.model.KeyRequest;
import dev.portcullis.e2e.client.model.KeyView;
import dev.portcullis.e2e.client.model.McpAccessRights;
import dev.portcullis.e2e.client.model.Policy;
import dev.portcullis.e2e.client.model.ProxyDefinition;
import dev.portcullis.e2e.client.model.Upstream;
import dev.portcullis.e2e.support.E2eStack;
import dev.portcullis.e2e.support.McpClients;
import dev.portcullis.e2e.support.McpHttp;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README walk-through driven by a Java client that openapi-generator made from the control plane's OpenAPI
 * document at build time: create a proxy, a policy and a key on it, list them, use the key through the gateway, revoke
 * it. Also: the document the running control plane serves is the one the client was generated from, and errors come
 * back with the status and problem body the document promises.
 */
class GeneratedClientIT {

    private static E2eStack stack;
    private static ApiClient client;

    @BeforeAll
    static void connect() {
        stack = E2eStack.shared();
        client = new ApiClient();
        client.updateBaseUri(stack.stack().controlPlane().baseUrl());
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + stack.stack().adminToken()));
    }

    @Test
    void servedDocumentIsTheOneTheClientWasGeneratedFrom() throws IOException, InterruptedException {
        // HTTP/1.1: the JDK client's cleartext HTTP/2 upgrade is not what this test is about.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> served = http.send(HttpRequest.newBuilder(
                URI.create(stack.stack().controlPlane().baseUrl() + "/q/openapi?format=json")).build(),
                HttpResponse.BodyHandlers.ofString());
        ObjectMapper json = new ObjectMapper();
        JsonNode stored = json.readTree(Files.readString(Path.of(System.getProperty("portcullis.openapi"))));

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(json.readTree(served.body())).isEqualTo(stored);
        assertThat(stored.get("paths").fieldNames()).toIterable().allMatch(path -> path.startsWith("/api/"));
    }

    @Test
    void walksTheReadmeWithTheGeneratedClient() throws ApiException {
        McpProxiesApi proxies = new McpProxiesApi(client);
        PoliciesApi policies = new PoliciesApi(client);
        KeysApi keys = new KeysApi(client);
        String proxyId = "gen-tools";
        String policyId = "gen-readers";

        ApiResponse<ProxyDefinition> created = proxies.createProxyWithHttpInfo(new ProxyDefinition()
                .id(proxyId).name("Team tools").listenPath("/gen-tools/")
                .upstream(new Upstream().url(stack.mockUrl()))
                .authentication(new Authentication().enabled(true)
                        .authToken(new AuthToken().enabled(true).header("Authorization"))));
        assertThat(created.getStatusCode()).isEqualTo(201);
        assertThat(created.getData().getActive()).isTrue();
        assertThat(created.getHeaders().get("etag")).singleElement().asString().startsWith("\"");

        policies.createPolicy(new Policy().id(policyId).name("Read-only agents").putAccessRightsItem(proxyId,
                new AccessRight().mcpAccessRights(new McpAccessRights().tools(new AccessList()
                        .allowed(List.of("get_.*")).blocked(List.of("get_anything"))))));
        KeyView key = keys.createKey(new KeyRequest().alias("gen-reader").policies(List.of(policyId)));
        assertThat(key.getKey()).isNotBlank();
        assertThat(key.getState()).isEqualTo("active");

        assertThat(proxies.listProxies()).extracting(ProxyDefinition::getId).contains(proxyId);
        assertThat(proxies.getProxy(proxyId)).isEqualTo(created.getData());
        assertThat(policies.listPolicies()).extracting(Policy::getId).contains(policyId);
        assertThat(keys.listKeys("gen-reader")).extracting(KeyView::getId).containsExactly(key.getId());

        String mcpUrl = stack.gateway().mcpUrl("/gen-tools/");
        GatewayConfig.awaitKeyAccepted(mcpUrl, key.getKey());
        try (McpSyncClient mcp = McpClients.connect(mcpUrl, key.getKey())) {
            assertThat(mcp.listTools().tools()).extracting(Tool::name).isNotEmpty()
                    .allMatch(name -> name.startsWith("get_")).doesNotContain("get_anything");
        }

        keys.revokeKey(key.getId(), null);
        assertThat(keys.getKey(key.getId()).getState()).isEqualTo("revoked");
        await().atMost(Duration.ofSeconds(10)).until(() -> McpHttp.post(mcpUrl, McpHttp.INITIALIZE,
                McpHttp.bearer(key.getKey())).status() != 200);
    }

    @Test
    void errorsComeBackAsTheDocumentSays() throws ApiException {
        McpProxiesApi proxies = new McpProxiesApi(client);
        ApiClient anonymous = new ApiClient();
        anonymous.updateBaseUri(stack.stack().controlPlane().baseUrl());

        assertThatThrownBy(() -> proxies.createProxy(new ProxyDefinition().name("No path")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(e.getResponseHeaders().firstValue("content-type")).hasValue("application/problem+json");
                    assertThat(e.getResponseBody()).contains("\"field\":\"listenPath\"");
                });
        assertThatThrownBy(() -> proxies.getProxy("gen-no-such-proxy"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(404));
        assertThatThrownBy(() -> new McpProxiesApi(anonymous).listProxies())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(401));
        ProxyDefinition proxy = proxies.createProxy(new ProxyDefinition().name("Gen stale").listenPath("/gen-stale/")
                .upstream(new Upstream().url(stack.mockUrl())));
        assertThatThrownBy(() -> proxies.updateProxy(proxy.getId(), "\"999\"", proxy))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(412));
        assertThatThrownBy(() -> proxies.updateProxy(proxy.getId(), null, proxy))
                .isInstanceOf(ApiException.class);
    }
}
