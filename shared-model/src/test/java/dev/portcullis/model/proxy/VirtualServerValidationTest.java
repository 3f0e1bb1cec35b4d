package dev.portcullis.model.proxy;

import dev.portcullis.model.json.Json;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import dev.portcullis.model.validation.FieldError;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VirtualServerValidationTest {

    private static final String MEMBERS = """
            "members": [
              {"proxy": "mock-mcp", "prefix": "mock_", "rename": {"tools": {"get_users": "list_users"}}},
              {"proxy": "everything", "prefix": "ev_"}
            ]""";

    private static List<String> errors(String json) {
        try {
            ProxyDefinition.parse(json);
            return List.of();
        } catch (dev.portcullis.model.validation.ValidationException e) {
            return e.errors().stream().map(FieldError::toString).toList();
        }
    }

    private static String virtual(String extra) {
        return """
                {"id": "all", "name": "All tools", "listenPath": "/all/", %s%s}
                """.formatted(MEMBERS, extra);
    }

    @Test
    void aVirtualServerNeedsNoUpstreamAndNamesItsMembers() {
        ProxyDefinition proxy = ProxyDefinition.parse(virtual(""));

        assertThat(proxy.isVirtual()).isTrue();
        assertThat(proxy.upstream()).isNull();
        assertThat(proxy.members()).extracting(VirtualMember::proxy).containsExactly("mock-mcp", "everything");
        VirtualMember mock = proxy.members().get(0);
        assertThat(mock.virtualName(false, "get_users")).isEqualTo("list_users");
        assertThat(mock.virtualName(false, "get_user")).isEqualTo("mock_get_user");
        assertThat(mock.virtualName(true, "get_users")).isEqualTo("mock_get_users");
    }

    @Test
    void aProxyWithoutMembersStillNeedsAnUpstreamAndWritesNoMembers() {
        assertThat(errors("""
                {"id": "p", "name": "p", "listenPath": "/p/"}""")).containsExactly("upstream: is required");
        ProxyDefinition plain = ProxyDefinition.parse("""
                {"id": "p", "name": "p", "listenPath": "/p/", "upstream": {"url": "http://127.0.0.1:1"}}""");
        assertThat(new String(Json.write(plain), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("members");
    }

    @Test
    void refusesWhatWouldActOnAnUpstreamOfItsOwn() {
        assertThat(errors(virtual("""
                , "upstream": {"url": "http://127.0.0.1:1"}, "tools": {"x": {"block": true}},
                "global": {"transformRequestHeaders": {"add": {"X-A": "b"}}, "plugins": [{"name": "p"}]}""")))
                .containsExactlyInAnyOrder(
                        "upstream: a virtual server has no upstream of its own: its member proxies' upstreams apply",
                        "tools: a virtual server has no primitive or operation middleware of its own: its member"
                                + " proxies' middleware apply",
                        "global.transformRequestHeaders: a virtual server has no header transforms of its own: its"
                                + " member proxies' transforms apply",
                        "global.plugins: a virtual server has no plugins of its own: its member proxies' plugins"
                                + " apply");
    }

    @Test
    void checksEachMember() {
        assertThat(errors("""
                {"id": "all", "name": "All", "listenPath": "/all/", "members": [
                  {"proxy": "all"},
                  {"proxy": "a", "prefix": "has space", "rename": {"tools": {"x": "y", "z": "y", "w": "bad name"}}},
                  {"proxy": "a"},
                  {"proxy": "b", "rename": {"tools": {"q": "y"}, "prompts": {"q": "y"}}},
                  null, {"prefix": "p_"}
                ]}""")).containsExactlyInAnyOrder(
                "members[0].proxy: a virtual server cannot be its own member",
                "members[1].prefix: must be at most 64 of the characters A-Z a-z 0-9 _ . - /",
                "members[1].rename.tools.z: 'y' is already the new name of another entry",
                "members[1].rename.tools.w: must be 1 to 128 of the characters A-Z a-z 0-9 _ . - /",
                "members[2].proxy: 'a' is already a member",
                "members[3].rename.tools.q: 'y' is already the new name of a tool of member 'a'",
                "members[4]: must not be null",
                "members[5].proxy: must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    }

    @Test
    void refusesMoreThanSixteenMembers() {
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            members.append(i == 0 ? "" : ",").append("{\"proxy\": \"p").append(i).append("\"}");
        }
        assertThat(errors("""
                {"id": "all", "name": "All", "listenPath": "/all/", "members": [%s]}""".formatted(members)))
                .containsExactly("members: must list at most 16 member proxies");
    }

    @Test
    void aSnapshotHoldsEveryMemberAndNoVirtualServerAsAMember() {
        ProxyDefinition mock = ProxyDefinition.parse("""
                {"id": "mock-mcp", "name": "m", "listenPath": "/m/", "upstream": {"url": "http://127.0.0.1:1"}}""");
        ProxyDefinition all = ProxyDefinition.parse(virtual(""));
        ProxyDefinition nested = ProxyDefinition.parse("""
                {"id": "nested", "name": "n", "listenPath": "/n/", "members": [{"proxy": "all"}]}""");
        ConfigSnapshot snapshot = new ConfigSnapshot(ConfigSnapshot.SCHEMA_VERSION, 1, Instant.EPOCH, List.of(),
                List.of(mock, all, nested), List.of(), List.of());

        assertThat(snapshot.validate()).extracting(FieldError::toString).containsExactlyInAnyOrder(
                "proxies[1].members[1].proxy: unknown proxy 'everything'",
                "proxies[2].members[0].proxy: 'all' is a virtual server; members must be proxies of an upstream");
    }
}
