package dev.portcullis.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MockMcpOptionsTest {

    @Test
    void defaultsToPort7878OnAllInterfacesWithoutPaginationOrForcedSse() {
        MockMcpOptions options = MockMcpOptions.fromEnvironment(Map.of());

        assertThat(options.host()).isEqualTo("0.0.0.0");
        assertThat(options.port()).isEqualTo(7878);
        assertThat(options.pageSize()).isZero();
        assertThat(options.sseMode()).isEqualTo(MockMcpOptions.SseMode.STREAMING_TOOLS);
    }

    @Test
    void readsEveryEnvironmentVariable() {
        MockMcpOptions options = MockMcpOptions.fromEnvironment(Map.of("PORTCULLIS_BIND_HOST", "127.0.0.1",
                "MOCK_MCP_PORT", "9999", "MOCK_MCP_PAGE_SIZE", "5", "MOCK_MCP_SSE", "always"));

        assertThat(options).isEqualTo(new MockMcpOptions("127.0.0.1", 9999, 5, MockMcpOptions.SseMode.ALWAYS,
                MockMcpOptions.DEFAULT_HEARTBEAT));
    }

    @Test
    void commandLinePortWinsOverTheEnvironment() {
        MockMcpOptions fromEnv = MockMcpOptions.fromEnvironment(Map.of("MOCK_MCP_PORT", "9999"));

        assertThat(Main.withArguments(fromEnv, new String[] {"--port", "8111"}).port()).isEqualTo(8111);
        assertThat(Main.withArguments(fromEnv, new String[] {"--port=8112"}).port()).isEqualTo(8112);
    }

    @Test
    void refusesBadSettingsWithTheirName() {
        assertThatThrownBy(() -> MockMcpOptions.fromEnvironment(Map.of("MOCK_MCP_PORT", "abc")))
                .hasMessageContaining("MOCK_MCP_PORT");
        assertThatThrownBy(() -> MockMcpOptions.fromEnvironment(Map.of("MOCK_MCP_PORT", "70000")))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> Main.withArguments(MockMcpOptions.defaults("127.0.0.1", 0), new String[] {"-x"}))
                .hasMessageContaining("-x");
    }
}
