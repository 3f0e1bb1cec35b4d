package dev.portcullis.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.gateway.runtime.CompiledProxy;
import dev.portcullis.gateway.upstream.SecretResolver;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.model.proxy.ProxyDefinition;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class ForwardHeadersTest {

    private final CompiledProxy proxy = CompiledProxy.compile(TestProxies.definition("mock", "/mock-mcp/",
            "http://127.0.0.1:7878", """
                    "authentication":{"authToken":{"header":"X-Api-Key"}},
                    """), SecretResolver.LITERAL);

    private final CompiledProxy injecting = CompiledProxy.compile(ProxyDefinition.parse("""
            {"id":"gh","name":"gh","listenPath":"/gh/","upstream":{"url":"https://api.example.com",
             "authentication":{"headers":{"Authorization":"Bearer upstream-pat"}}}}
            """), SecretResolver.LITERAL);

    @Test
    void stripsTheAgentCredentialAndHopByHopHeaders() {
        MultiMap agent = MultiMap.caseInsensitiveMultiMap()
                .add("X-Api-Key", "pcs_secret")
                .add("Connection", "keep-alive, X-Private")
                .add("X-Private", "drop me")
                .add("Keep-Alive", "timeout=5")
                .add("TE", "trailers")
                .add("Trailer", "X-Checksum")
                .add("Transfer-Encoding", "chunked")
                .add("Upgrade", "h2c")
                .add("Proxy-Authorization", "Basic abc")
                .add("Content-Length", "42")
                .add("Host", "gateway.local:8080");

        MultiMap upstream = ForwardHeaders.toUpstream(agent, proxy, "10.0.0.7", "gateway.local:8080", false);

        assertThat(upstream.names()).map(String::toLowerCase)
                .doesNotContain("x-api-key", "connection", "x-private", "keep-alive", "te", "trailer",
                        "transfer-encoding", "upgrade", "proxy-authorization", "content-length");
        assertThat(upstream.get("Host")).isEqualTo("127.0.0.1:7878");
    }

    @Test
    void passesMcpHeadersUnchanged() {
        MultiMap agent = MultiMap.caseInsensitiveMultiMap()
                .add("Mcp-Session-Id", "s-123")
                .add("MCP-Protocol-Version", "2025-11-25")
                .add("Last-Event-ID", "ev-9")
                .add("Accept", "application/json, text/event-stream")
                .add("Content-Type", "application/json");

        MultiMap upstream = ForwardHeaders.toUpstream(agent, proxy, "10.0.0.7", "gw", false);

        assertThat(upstream.get("Mcp-Session-Id")).isEqualTo("s-123");
        assertThat(upstream.get("MCP-Protocol-Version")).isEqualTo("2025-11-25");
        assertThat(upstream.get("Last-Event-ID")).isEqualTo("ev-9");
        assertThat(upstream.get("Accept")).isEqualTo("application/json, text/event-stream");
        assertThat(upstream.get("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void addsForwardedHeadersAppendingToAnExistingChain() {
        MultiMap agent = MultiMap.caseInsensitiveMultiMap()
                .add("X-Forwarded-For", "203.0.113.5")
                .add("X-Forwarded-Host", "spoofed")
                .add("X-Forwarded-Proto", "gopher");

        MultiMap upstream = ForwardHeaders.toUpstream(agent, proxy, "10.0.0.7", "gw.example:8080", true);

        assertThat(upstream.get("X-Forwarded-For")).isEqualTo("203.0.113.5, 10.0.0.7");
        assertThat(upstream.get("X-Forwarded-Host")).isEqualTo("gw.example:8080");
        assertThat(upstream.get("X-Forwarded-Proto")).isEqualTo("https");
    }

    @Test
    void injectsUpstreamCredentialsInPlaceOfTheAgents() {
        MultiMap agent = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer pcs_agent_key");

        MultiMap upstream = ForwardHeaders.toUpstream(agent, injecting, "10.0.0.7", "gw", false);
        ForwardHeaders.injectCredentials(upstream, injecting);

        assertThat(upstream.getAll("Authorization")).containsExactly("Bearer upstream-pat");
        assertThat(upstream.get("Host")).isEqualTo("api.example.com");
    }

    @Test
    void dropsForwardedRealIpAndExpectHeadersOfTheAgent() {
        MultiMap agent = MultiMap.caseInsensitiveMultiMap()
                .add("Forwarded", "for=198.51.100.1")
                .add("X-Real-IP", "198.51.100.1")
                .add("Expect", "100-continue")
                .add("Accept", "application/json");

        MultiMap upstream = ForwardHeaders.toUpstream(agent, proxy, "10.0.0.7", "gw", false);

        assertThat(upstream.names()).map(String::toLowerCase).doesNotContain("forwarded", "x-real-ip", "expect");
        assertThat(upstream.get("X-Forwarded-For")).isEqualTo("10.0.0.7");
    }

    @Test
    void encodesBasicAuthAsTheUpstreamCredential() {
        CompiledProxy basic = CompiledProxy.compile(ProxyDefinition.parse("""
                {"id":"b","name":"b","listenPath":"/b/","upstream":{"url":"https://api.example.com",
                 "authentication":{"basicAuth":{"username":"svc","password":"s3cr\u00e9t"}}}}
                """), SecretResolver.LITERAL);
        MultiMap upstream = ForwardHeaders.toUpstream(MultiMap.caseInsensitiveMultiMap(), basic, "10.0.0.7", "gw",
                false);

        ForwardHeaders.injectCredentials(upstream, basic);

        assertThat(upstream.get("Authorization")).isEqualTo("Basic " + java.util.Base64.getEncoder()
                .encodeToString("svc:s3cr\u00e9t".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void dropsHopByHopHeadersFromTheUpstreamResponse() {
        MultiMap response = MultiMap.caseInsensitiveMultiMap()
                .add("Content-Type", "text/event-stream")
                .add("Mcp-Session-Id", "s-123")
                .add("Connection", "close, X-Internal")
                .add("X-Internal", "secret-ish")
                .add("Transfer-Encoding", "chunked")
                .add("Proxy-Authenticate", "Basic");

        MultiMap agent = ForwardHeaders.toAgent(response);

        assertThat(agent.names()).map(String::toLowerCase)
                .containsExactlyInAnyOrder("content-type", "mcp-session-id");
    }

    @Test
    void decidesHopByHopHeadersAsLowerCasingAndSplittingConnectionWould() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(20261206);
        java.util.List<String> names = new java.util.ArrayList<>(ForwardHeaders.HOP_BY_HOP);
        names.addAll(java.util.List.of("mcp-session-id", "content-type", "x-custom", "tf", "upgrades", "keep_alive",
                "te\u00e9", "\u00c9tag", "proxy-authorizatioN2", "connectio", ""));
        String[] connections = {null, "", "close", "keep-alive, X-Custom", " x-custom ,mcp-session-id,,", ",",
                "X-CUSTOM\t", "Upgrade"};
        for (int i = 0; i < 20_000; i++) {
            String name = names.get(random.nextInt(names.size()));
            StringBuilder cased = new StringBuilder();
            for (char c : name.toCharArray()) {
                cased.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
            }
            String connection = connections[random.nextInt(connections.length)];
            boolean expected = ForwardHeaders.HOP_BY_HOP.contains(cased.toString().toLowerCase(java.util.Locale.ROOT))
                    || connection != null && java.util.Arrays.stream(connection.split(","))
                    .anyMatch(token -> token.strip().equalsIgnoreCase(cased.toString()));
            assertThat(ForwardHeaders.isHopByHop(cased.toString(), connection))
                    .as("%s with Connection: %s", cased, connection).isEqualTo(expected);
        }
    }
}
