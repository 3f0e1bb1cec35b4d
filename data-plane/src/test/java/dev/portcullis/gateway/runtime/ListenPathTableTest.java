package dev.portcullis.gateway.runtime;

import dev.portcullis.gateway.upstream.SecretResolver;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.gateway.support.TestProxies;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenPathTableTest {

    private final ListenPathTable table = new ListenPathTable(List.of(
            proxy("outer", "/tools/"),
            proxy("inner", "/tools/github/"),
            proxy("mock", "/mock-mcp/")));

    @Test
    void matchesListenPathAndKeepsTheRestOfThePath() {
        var match = table.match("/mock-mcp/mcp").orElseThrow();

        assertThat(match.proxy().id()).isEqualTo("mock");
        assertThat(match.rest()).isEqualTo("mcp");
    }

    @Test
    void prefersTheLongestListenPath() {
        assertThat(table.match("/tools/github/mcp").orElseThrow().proxy().id()).isEqualTo("inner");
        assertThat(table.match("/tools/github/mcp").orElseThrow().rest()).isEqualTo("mcp");
        assertThat(table.match("/tools/gitlab/mcp").orElseThrow().proxy().id()).isEqualTo("outer");
        assertThat(table.match("/tools/gitlab/mcp").orElseThrow().rest()).isEqualTo("gitlab/mcp");
    }

    @Test
    void matchesTheListenPathWithoutItsTrailingSlash() {
        var match = table.match("/mock-mcp").orElseThrow();

        assertThat(match.proxy().id()).isEqualTo("mock");
        assertThat(match.rest()).isEmpty();
    }

    @Test
    void findsNothingForUnknownPaths() {
        assertThat(table.match("/other/mcp")).isEmpty();
        assertThat(table.match("/mock-mcpx/mcp")).isEmpty();
        assertThat(table.match("/")).isEmpty();
        assertThat(table.match("")).isEmpty();
    }

    @Test
    void upstreamUriJoinsBasePathRestAndQuery() {
        UpstreamTarget bare = UpstreamTarget.parse("http://127.0.0.1:7878");
        UpstreamTarget based = UpstreamTarget.parse("https://mcp.example.com/base/");

        assertThat(bare.requestUri("mcp", "a=1&b=2")).isEqualTo("/mcp?a=1&b=2");
        assertThat(bare.requestUri("", null)).isEqualTo("/");
        assertThat(based.requestUri("mcp", "")).isEqualTo("/base/mcp");
        assertThat(based.port()).isEqualTo(443);
        assertThat(based.authority()).isEqualTo("mcp.example.com");
        assertThat(bare.authority()).isEqualTo("127.0.0.1:7878");
    }

    @Test
    void keepsTheUpstreamPathAsIsWhenNothingFollowsTheListenPath() {
        UpstreamTarget exact = UpstreamTarget.parse("https://h.example.com/mcp");
        UpstreamTarget slashed = UpstreamTarget.parse("https://h.example.com/mcp/");

        assertThat(exact.requestUri("", null)).isEqualTo("/mcp");
        assertThat(exact.requestUri("", "x=1")).isEqualTo("/mcp?x=1");
        assertThat(slashed.requestUri("", null)).isEqualTo("/mcp/");
        assertThat(exact.requestUri("sub", null)).isEqualTo("/mcp/sub");
    }

    private static CompiledProxy proxy(String id, String listenPath) {
        return CompiledProxy.compile(TestProxies.definition(id, listenPath, "http://127.0.0.1:7878"),
                SecretResolver.LITERAL);
    }
}
