package dev.portcullis.model.proxy;

import dev.portcullis.model.validation.FieldError;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpstreamAddressesTest {

    private static List<FieldError> errors(UpstreamAddresses addresses, String url, String... targets) {
        Violations root = Violations.root();
        addresses.validate(root.at("upstream"),
                new Upstream(url, Stream.of(targets).map(Upstream.Target::of).toList(), null, null, null));
        return root.list();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "https://169.254.0.1:8443/mcp",
            "http://[fd00:ec2::254]/", "http://[fe80::1]:7878/mcp", "http://[febf:ffff::1]/",
            "http://[::ffff:169.254.169.254]/", "http://2852039166/", "http://0xa9fea9fe/"})
    void refusesLinkLocalAndMetadataAddressesInAnySpelling(String url) {
        assertThat(errors(UpstreamAddresses.DEFAULT, url)).singleElement()
                .satisfies(error -> {
                    assertThat(error.field()).isEqualTo("upstream.url");
                    assertThat(error.message()).contains("link-local");
                });
    }

    /** Java's URI parser finds no host in these, so they are not URLs at all: another rule refuses them. */
    @ParameterizedTest
    @ValueSource(strings = {"http://0251.0376.0251.0376/", "http://169.254.43518/", "http://169.0xfe.169.254/"})
    void leavesSpellingsWithoutAHostToTheUrlRule(String url) {
        assertThat(FieldRules.httpUrl(Violations.root(), url)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:7878", "http://[::1]:7878/mcp", "http://10.0.0.5/",
            "http://192.168.1.10/", "http://169.253.255.255/", "http://169.255.0.1/", "http://[fec0::1]/",
            "http://metadata.google.internal/", "https://mcp.example.com/mcp", "http://169.254.169.254.nip.io/"})
    void acceptsLoopbackPrivateRangesAndHostNames(String url) {
        assertThat(errors(UpstreamAddresses.DEFAULT, url)).isEmpty();
    }

    @Test
    void namesTheTargetThatIsRefused() {
        assertThat(errors(UpstreamAddresses.DEFAULT, "http://127.0.0.1:1", "http://127.0.0.1:2",
                "http://169.254.169.254/"))
                .extracting(FieldError::field).containsExactly("upstream.targets[1].url");
    }

    @Test
    void allowsTheRangesTheOperatorLists() throws Exception {
        UpstreamAddresses allowing = UpstreamAddresses.allowing("169.254.10.0/24, fe80::/10");

        assertThat(errors(allowing, "http://169.254.10.7/")).isEmpty();
        assertThat(errors(allowing, "http://[fe80::1]/")).isEmpty();
        assertThat(errors(allowing, "http://169.254.169.254/")).hasSize(1);
        assertThat(allowing.permits(InetAddress.getByName("169.254.10.200"))).isTrue();
        assertThat(allowing.permits(InetAddress.getByName("fd00:ec2::254"))).isFalse();
        assertThat(UpstreamAddresses.DEFAULT.permits(InetAddress.getByName("127.0.0.1"))).isTrue();
    }

    @Test
    void refusesAMalformedRangeNamingIt() {
        assertThatThrownBy(() -> UpstreamAddresses.allowing("169.254.0.0/16,metadata/8"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metadata/8");
        assertThatThrownBy(() -> UpstreamAddresses.allowing("10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.0.0.0/33");
    }
}
