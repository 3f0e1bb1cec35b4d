package dev.portcullis.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ControlPlaneUrlsTest {

    @Test
    void acceptsOneLoadBalancedUrl() {
        assertThat(ControlPlaneUrls.parse("http://control-plane:3000/"))
                .containsExactly(URI.create("http://control-plane:3000"));
    }

    @Test
    void acceptsSeveralReplicasInTheirOrder() {
        assertThat(ControlPlaneUrls.parse(" http://cp-1:3000 ,https://cp-2.example.com/portcullis"))
                .containsExactly(URI.create("http://cp-1:3000"), URI.create("https://cp-2.example.com/portcullis"));
    }

    @Test
    void refusesAnEmptyEntry() {
        assertThatThrownBy(() -> ControlPlaneUrls.parse("http://cp-1:3000,,http://cp-2:3000"))
                .hasMessageContaining("PORTCULLIS_CONTROL_PLANE_URL").hasMessageContaining("empty entry");
    }

    @Test
    void refusesTheSameUrlTwice() {
        assertThatThrownBy(() -> ControlPlaneUrls.parse("http://cp-1:3000,http://cp-1:3000/"))
                .hasMessageContaining("twice");
    }

    @Test
    void refusesWhatIsNotAnHttpBaseUrl() {
        assertThatThrownBy(() -> ControlPlaneUrls.parse("cp-1:3000")).hasMessageContaining("http://");
        assertThatThrownBy(() -> ControlPlaneUrls.parse("http:///feed")).hasMessageContaining("no host");
        assertThatThrownBy(() -> ControlPlaneUrls.parse("http://cp-1:3000/?x=1")).hasMessageContaining("query");
        assertThatThrownBy(() -> ControlPlaneUrls.parse(" ")).hasMessageContaining("empty");
    }
}
