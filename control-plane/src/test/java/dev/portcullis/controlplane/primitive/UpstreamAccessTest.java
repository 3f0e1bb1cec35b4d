package dev.portcullis.controlplane.primitive;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamAccessTest {

    @Test
    void appendsMcpToAnUpstreamUrlThatDoesNotEndWithIt() {
        assertThat(UpstreamAccess.endpointOf("http://127.0.0.1:7878")).hasToString("http://127.0.0.1:7878/mcp");
        assertThat(UpstreamAccess.endpointOf("http://127.0.0.1:7878/")).hasToString("http://127.0.0.1:7878/mcp");
        assertThat(UpstreamAccess.endpointOf("https://tools.example.com/v1/"))
                .hasToString("https://tools.example.com/v1/mcp");
    }

    @Test
    void keepsAnUpstreamUrlThatAlreadyEndsWithMcp() {
        assertThat(UpstreamAccess.endpointOf("http://127.0.0.1:7878/mcp")).hasToString("http://127.0.0.1:7878/mcp");
    }

    @Test
    void showsNeitherUserInfoNorQuery() {
        assertThat(UpstreamAccess.shown(URI.create("https://user:pw@host:8443/mcp?token=abc")))
                .isEqualTo("https://host:8443/mcp");
    }

    @Test
    void toStringHidesCredentialValues() {
        UpstreamAccess access = new UpstreamAccess(URI.create("http://h/mcp"), Map.of("Authorization", "Bearer s3cr3t"),
                new UpstreamAccess.ClientCredentials(URI.create("http://h/token"), "client", "cl1ent-s3cr3t",
                        java.util.List.of()), Duration.ofSeconds(1));

        assertThat(access.toString()).contains("Authorization").doesNotContain("s3cr3t");
    }
}
