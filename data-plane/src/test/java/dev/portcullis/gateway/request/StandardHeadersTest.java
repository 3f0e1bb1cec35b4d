package dev.portcullis.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.jsonrpc.JsonRpcMessage;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StandardHeadersTest {

    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}";

    private static JsonRpcMessage message(String json) throws Exception {
        return JsonRpcMessage.parse(Json.mapper().readTree(json));
    }

    private static MultiMap headers(String... pairs) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.add(pairs[i], pairs[i + 1]);
        }
        return headers;
    }

    private static Optional<GatewayError> check(String body, ProtocolRevision revision, String... pairs)
            throws Exception {
        return StandardHeaders.check(headers(pairs), message(body), revision);
    }

    private static String call(String name) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + name + "\","
                + META + "}}";
    }

    @Test
    void acceptsAStatelessCallWhoseHeadersMirrorTheBody() throws Exception {
        assertThat(check(call("get_user"), ProtocolRevision.V2026_07_28, "mcp-method", "tools/call",
                "MCP-NAME", "get_user")).isEmpty();
    }

    @Test
    void decodesABase64NameBeforeComparing() throws Exception {
        assertThat(check(call("Hello, 世界"), ProtocolRevision.V2026_07_28, "Mcp-Method", "tools/call",
                "Mcp-Name", "=?base64?SGVsbG8sIOS4lueVjA==?=")).isEmpty();
        assertThat(check(call("Hello, 世界"), ProtocolRevision.V2026_07_28, "Mcp-Method", "tools/call",
                "Mcp-Name", "=?base64?SGVsbG8sIHdvcmxk?=")).isPresent();
    }

    @Test
    void refusesAPlainNameWithCharactersAHeaderMayNotCarry() throws Exception {
        assertThat(check(call("caf\u00e9"), ProtocolRevision.V2026_07_28, "Mcp-Method", "tools/call",
                "Mcp-Name", "caf\u00e9")).hasValueSatisfying(error ->
                assertThat(error.message()).contains("Mcp-Name", "malformed"));
    }

    @Test
    void resourceReadsAreNamedByUriAndTasksByTaskId() throws Exception {
        String read = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"file:///a\","
                + META + "}}";
        String task = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tasks/get\",\"params\":{\"taskId\":\"t-1\","
                + META + "}}";

        assertThat(check(read, ProtocolRevision.V2026_07_28, "Mcp-Method", "resources/read",
                "Mcp-Name", "file:///a")).isEmpty();
        assertThat(check(read, ProtocolRevision.V2026_07_28, "Mcp-Method", "resources/read",
                "Mcp-Name", "file:///b")).isPresent();
        assertThat(check(task, ProtocolRevision.V2026_07_28, "Mcp-Method", "tasks/get")).isEmpty();
        assertThat(check(task, ProtocolRevision.V2026_07_28, "Mcp-Method", "tasks/get", "Mcp-Name", "t-2"))
                .isPresent();
    }

    @Test
    void legacyRequestsNeedNoHeadersButMayNotCarryDisagreeingOnes() throws Exception {
        String legacy = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_user\"}}";

        assertThat(check(legacy, ProtocolRevision.V2025_11_25)).isEmpty();
        assertThat(check(legacy, ProtocolRevision.UNDECLARED, "Mcp-Name", "delete_user")).isPresent();
        assertThat(check("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", ProtocolRevision.UNDECLARED,
                "Mcp-Name", "delete_user")).isPresent();
        assertThat(check("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", ProtocolRevision.UNDECLARED,
                "Mcp-Method", "tools/call")).isPresent();
    }

    @Test
    void statelessNotificationsNeedNoMethodHeaderButMustAgreeWithOne() throws Exception {
        String cancelled = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{" + META + "}}";

        assertThat(check(cancelled, ProtocolRevision.V2026_07_28)).isEmpty();
        assertThat(check(cancelled, ProtocolRevision.V2026_07_28, "Mcp-Method", "tools/call")).isPresent();
    }

    @Test
    void readsTheRevisionFromTheProtocolVersionHeader() {
        assertThat(StandardHeaders.revision(headers()).revision()).isEqualTo(ProtocolRevision.UNDECLARED);
        assertThat(StandardHeaders.revision(headers("mcp-protocol-version", "2026-07-28")).revision())
                .isEqualTo(ProtocolRevision.V2026_07_28);
        assertThat(StandardHeaders.revision(headers("MCP-Protocol-Version", "2026-07-28 ")))
                .isInstanceOf(RevisionRead.Refused.class);
        assertThat(StandardHeaders.revision(headers("MCP-Protocol-Version", "2025-11-25",
                "MCP-Protocol-Version", "2026-07-28"))).isInstanceOfSatisfying(RevisionRead.Refused.class,
                refused -> assertThat(refused.error().code()).isEqualTo(-32020));
    }

    @Test
    void anUnsupportedVersionListsOnlyVersionsTheUpstreamAnnouncedTooWhenItAnnouncedAny() {
        var header = headers("MCP-Protocol-Version", "v999.0.0");

        assertThat(supportedIn(StandardHeaders.revision(header, List.of("2026-07-28", "1999-01-01"))))
                .containsExactly("2026-07-28");
        assertThat(supportedIn(StandardHeaders.revision(header, List.of("1999-01-01"))))
                .isEqualTo(ProtocolRevision.SUPPORTED);
        assertThat(supportedIn(StandardHeaders.revision(header))).isEqualTo(ProtocolRevision.SUPPORTED);
    }

    private static List<String> supportedIn(RevisionRead read) {
        assertThat(read).isInstanceOf(RevisionRead.Refused.class);
        List<String> supported = new java.util.ArrayList<>();
        ((RevisionRead.Refused) read).error().data().get("supported").forEach(v -> supported.add(v.asText()));
        return supported;
    }
}
