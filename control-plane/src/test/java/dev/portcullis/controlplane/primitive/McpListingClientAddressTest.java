package dev.portcullis.controlplane.primitive;

import dev.portcullis.controlplane.proxy.UpstreamAddressRule;
import dev.portcullis.model.proxy.UpstreamAddresses;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The primitives listing does not dial an upstream whose address is link-local or the metadata service. */
class McpListingClientAddressTest {

    private static final PrimitivesConfig CONFIG = new PrimitivesConfig() {
        @Override
        public Duration primitivesTimeout() {
            return Duration.ofSeconds(1);
        }

        @Override
        public Duration primitivesDeadline() {
            return Duration.ofSeconds(2);
        }
    };

    private static UpstreamUnreachable listing(UpstreamAddresses addresses, String endpoint) {
        McpListingClient client = new McpListingClient(CONFIG, new UpstreamAddressRule(addresses));
        UpstreamAccess access = new UpstreamAccess(URI.create(endpoint), Map.of(), null, Duration.ofSeconds(1));
        return catchThrowableOfType(UpstreamUnreachable.class, () -> client.list(access));
    }

    @Test
    void doesNotDialTheMetadataService() {
        UpstreamUnreachable failure = listing(UpstreamAddresses.DEFAULT, "http://169.254.169.254/mcp");

        assertThat(failure.category()).isEqualTo(UpstreamUnreachable.Category.UNREACHABLE);
        assertThat(failure.getMessage()).contains("link-local or metadata address; not dialled");
    }

    @Test
    void doesNotDialAnIpv6LinkLocalAddress() {
        assertThat(listing(UpstreamAddresses.DEFAULT, "http://[fe80::1]:7878/mcp").getMessage())
                .contains("not dialled");
    }

    @Test
    void dialsAnAllowedRange() {
        UpstreamUnreachable failure = listing(UpstreamAddresses.allowing("169.254.0.0/16"),
                "http://169.254.169.254:9/mcp");

        assertThat(failure.getMessage()).doesNotContain("not dialled");
    }
}
