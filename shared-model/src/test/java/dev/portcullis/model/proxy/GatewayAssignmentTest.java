package dev.portcullis.model.proxy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayAssignmentTest {

    private static ProxyDefinition proxy(String id, String listenPath, String... tags) {
        return new ProxyDefinition(id, id, null, listenPath, List.of(tags),
                new Upstream("http://127.0.0.1:7878", null, null, null, null), null, null, null, null, null, null,
                null);
    }

    @Test
    void listenPathsOverlapWhenOneIsAPrefixOfTheOther() {
        assertThat(ListenPaths.overlap("/a/", "/a/")).isTrue();
        assertThat(ListenPaths.overlap("/a/", "/a/b/")).isTrue();
        assertThat(ListenPaths.overlap("/a/b/", "/a/")).isTrue();
        assertThat(ListenPaths.overlap("/a/", "/ab/")).isFalse();
        assertThat(ListenPaths.overlap("/a/b/", "/a/c/")).isFalse();
    }

    @Test
    void untaggedProxiesAreServedOnlyByUntaggedGateways() {
        ProxyDefinition untagged = proxy("u", "/u/");

        assertThat(untagged.servedBy(Set.of())).isTrue();
        assertThat(untagged.servedBy(Set.of("edge"))).isFalse();
    }

    @Test
    void taggedProxiesAreServedByGatewaysWithAnyOfTheirTags() {
        ProxyDefinition tagged = proxy("t", "/t/", "edge", "eu");

        assertThat(tagged.servedBy(Set.of("eu", "other"))).isTrue();
        assertThat(tagged.servedBy(Set.of("us"))).isFalse();
        assertThat(tagged.servedBy(Set.of())).isFalse();
    }

    @Test
    void overlappingUntaggedProxiesConflict() {
        assertThat(proxy("a", "/mcp/").conflictsWith(proxy("b", "/mcp/x/"))).isTrue();
        assertThat(proxy("a", "/mcp/").conflictsWith(proxy("b", "/other/"))).isFalse();
    }

    @Test
    void overlappingProxiesConflictOnlyWhenAGatewayServesBoth() {
        assertThat(proxy("a", "/mcp/", "edge").conflictsWith(proxy("b", "/mcp/", "edge", "eu"))).isTrue();
        assertThat(proxy("a", "/mcp/", "staging").conflictsWith(proxy("b", "/mcp/", "prod"))).isFalse();
        assertThat(proxy("a", "/mcp/", "edge").conflictsWith(proxy("b", "/mcp/"))).isFalse();
        assertThat(proxy("a", "/mcp/").conflictsWith(proxy("b", "/mcp/", "edge"))).isFalse();
    }

    @Test
    void aProxyDoesNotConflictWithItsOwnUpdate() {
        assertThat(proxy("a", "/mcp/").conflictsWith(proxy("a", "/mcp/v2/"))).isFalse();
    }
}
