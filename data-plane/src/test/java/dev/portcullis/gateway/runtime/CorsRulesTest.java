package dev.portcullis.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.model.proxy.Cors;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorsRulesTest {

    @Test
    void noConfigurationMeansNoRules() {
        assertThat(CorsRules.of(null)).isNull();
    }

    @Test
    void defaultsLetABrowserMcpClientThrough() {
        CorsRules rules = CorsRules.of(new Cors(List.of("https://App.example.com/"), List.of(), List.of(), List.of(),
                false, null));

        assertThat(rules.allowsOrigin("https://app.example.com")).isTrue();
        assertThat(rules.allowsOrigin("https://other.example.com")).isFalse();
        assertThat(rules.allowMethods()).isEqualTo("GET, POST, DELETE");
        assertThat(rules.allowsHeaders("Authorization, Content-Type, Mcp-Session-Id, MCP-Protocol-Version, "
                + "Last-Event-ID, Mcp-Method, Mcp-Name, Mcp-Param-Region")).isTrue();
        assertThat(rules.allowsHeaders("X-Other")).isFalse();
        assertThat(rules.allowsHeaders(null)).isTrue();
        assertThat(rules.exposeHeaders()).contains("Mcp-Session-Id", "WWW-Authenticate", "MCP-Protocol-Version");
        assertThat(rules.maxAge()).isNull();
    }

    @Test
    void configuredListsAreExactAndAWildcardEchoesOnlyWithoutCredentials() {
        CorsRules any = CorsRules.of(new Cors(List.of("*"), List.of("POST"), List.of("Authorization"),
                List.of("X-Trace"), false, 60));
        CorsRules listed = CorsRules.of(new Cors(List.of("https://a.example"), List.of(), List.of(), List.of(),
                true, null));

        assertThat(any.allowsOrigin("https://whatever.example")).isTrue();
        assertThat(any.allowOrigin("https://whatever.example")).isEqualTo("*");
        assertThat(any.allowsMethod("POST")).isTrue();
        assertThat(any.allowsMethod("DELETE")).isFalse();
        assertThat(any.allowsHeaders("authorization")).isTrue();
        assertThat(any.allowsHeaders("authorization, mcp-param-region")).as("no Mcp-Param-* beyond the list")
                .isFalse();
        assertThat(any.exposeHeaders()).endsWith("X-Trace");
        assertThat(any.maxAge()).isEqualTo("60");
        assertThat(listed.allowOrigin("https://a.example")).isEqualTo("https://a.example");
        assertThat(listed.allowCredentials()).isTrue();
    }
}
