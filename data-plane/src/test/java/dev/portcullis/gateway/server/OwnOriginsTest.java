package dev.portcullis.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OwnOriginsTest {

    @Test
    void defaultsToTheLoopbackNamesOnTheGatewayPort() {
        OwnOrigins own = OwnOrigins.of(List.of(), "0.0.0.0", 8080);

        assertThat(own.contains("http://localhost:8080")).isTrue();
        assertThat(own.contains("http://127.0.0.1:8080")).isTrue();
        assertThat(own.contains("http://evil.example:8080")).isFalse();
        assertThat(own.contains("http://localhost:9090")).isFalse();
    }

    @Test
    void defaultsToHttpsOriginsOnATlsListener() {
        OwnOrigins own = OwnOrigins.of(List.of(), "0.0.0.0", 8443, "https");

        assertThat(own.contains("https://localhost:8443")).isTrue();
        assertThat(own.contains("https://127.0.0.1:8443")).isTrue();
        assertThat(own.contains("http://localhost:8443")).isFalse();
    }

    @Test
    void usesTheConfiguredPublicUrlsAsOrigins() {
        OwnOrigins own = OwnOrigins.of(List.of("https://gw.example.com/base/", "http://GW.internal:8080"),
                "0.0.0.0", 8080);

        assertThat(own.contains("https://gw.example.com")).isTrue();
        assertThat(own.contains("HTTPS://GW.EXAMPLE.COM/")).isTrue();
        assertThat(own.contains("http://gw.internal:8080")).isTrue();
        assertThat(own.contains("http://localhost:8080")).isFalse();
    }

    @Test
    void omitsDefaultPortsLikeBrowsersDo() {
        OwnOrigins own = OwnOrigins.of(List.of("https://gw.example.com:443", "http://a.example.com:80"), "", 1);

        assertThat(own.origins()).containsExactlyInAnyOrder("https://gw.example.com", "http://a.example.com");
    }

    @Test
    void refusesPublicUrlsThatAreNotHttp() {
        assertThatThrownBy(() -> OwnOrigins.of(List.of("gw.example.com"), "0.0.0.0", 8080))
                .hasMessageContaining("PORTCULLIS_GATEWAY_PUBLIC_URL");
    }
}
