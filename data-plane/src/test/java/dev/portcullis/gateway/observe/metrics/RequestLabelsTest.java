package dev.portcullis.gateway.observe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.gateway.observe.TestRecords;
import dev.portcullis.gateway.request.PrimitiveType;
import dev.portcullis.gateway.runtime.CompiledProxy;
import dev.portcullis.gateway.upstream.SecretResolver;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.model.analytics.AnalyticsRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequestLabelsTest {

    private final CompiledProxy proxy = CompiledProxy.compile(TestProxies.definition("mock", "/mock/",
            "http://127.0.0.1:1", """
                    "tools":{"get_users":{"timeoutMs":5000}},"resources":{"users://*":{"timeoutMs":5000}},"""),
            SecretResolver.LITERAL);
    private final KnownPrimitives known = new KnownPrimitives();

    private static AnalyticsRecord resourceRead(String uri) {
        return new AnalyticsRecord("id", Instant.EPOCH, "gw", "mock", "POST", "/mock/mcp", 200, 1, null, 1, 1, null,
                null, null, "resources/read", "resource", uri, null, null, null, null);
    }

    @Test
    void labelsACutPrimitiveNameAsOtherEvenWhenItsCutEqualsAListedName() {
        AnalyticsRecord cut = new AnalyticsRecord("id", Instant.EPOCH, "gw", "mock", "POST", "/mock/mcp", 400, 1,
                null, 1, 1, null, null, null, "tools/call", "tool", "get_users", -32602, "name_too_long", null, null,
                null, false, true);

        assertThat(RequestLabels.of(cut, proxy, known).primitive()).isEqualTo("other");
    }

    @Test
    void labelsAToolNamedInTheProxyDefinitionByItsName() {
        RequestLabels labels = RequestLabels.of(TestRecords.toolCall("mock", "get_users"), proxy, known);

        assertThat(labels).isEqualTo(new RequestLabels("mock", "tools/call", "tool", "get_users", "", "200"));
    }

    @Test
    void labelsAToolNoListAnnouncedAsOtherAndOneAnnouncedByItsName() {
        assertThat(RequestLabels.of(TestRecords.toolCall("mock", "invented_by_agent"), proxy, known).primitive())
                .isEqualTo("other");

        known.learn("mock", PrimitiveType.TOOL, "invented_by_agent");

        assertThat(RequestLabels.of(TestRecords.toolCall("mock", "invented_by_agent"), proxy, known).primitive())
                .isEqualTo("invented_by_agent");
    }

    @Test
    void labelsAResourceUnderAPrefixEntryWithTheEntry() {
        assertThat(RequestLabels.of(resourceRead("users://42"), proxy, known).primitive()).isEqualTo("users://*");
        assertThat(RequestLabels.of(resourceRead("files://etc"), proxy, known).primitive()).isEqualTo("other");
    }

    @Test
    void boundsUnknownMethodsAndRequestsWithoutAProxy() {
        RequestLabels labels = RequestLabels.of(TestRecords.refused(null, "made/up", 401, -32001, "missing_key"),
                null, known);

        assertThat(labels).isEqualTo(new RequestLabels("none", "other", "", "", "-32001", "401"));
        assertThat(RequestLabels.of(TestRecords.refused("mock", null, 404, -32601, "x"), proxy, known).method())
                .isEmpty();
        assertThat(McpMethods.label("notifications/initialized")).isEqualTo("notifications/initialized");
        assertThat(McpMethods.label("resources/templates/list")).isEqualTo("resources/templates/list");
    }
}
