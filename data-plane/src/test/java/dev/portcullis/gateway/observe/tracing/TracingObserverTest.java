package dev.portcullis.gateway.observe.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.gateway.request.McpRoute;
import dev.portcullis.gateway.request.MessageKind;
import dev.portcullis.gateway.request.PrimitiveType;
import org.junit.jupiter.api.Test;

class TracingObserverTest {

    @Test
    void namesSpansByMethodAndPrimitive() {
        assertThat(TracingObserver.spanName(new McpRoute(MessageKind.REQUEST, null, "tools/call", PrimitiveType.TOOL,
                "get_anything"), "POST")).isEqualTo("tools/call get_anything");
        assertThat(TracingObserver.spanName(new McpRoute(MessageKind.REQUEST, null, "tools/list", PrimitiveType.NONE,
                null), "POST")).isEqualTo("tools/list");
        assertThat(TracingObserver.spanName(McpRoute.noBody(), "GET")).isEqualTo("GET");
    }
}
