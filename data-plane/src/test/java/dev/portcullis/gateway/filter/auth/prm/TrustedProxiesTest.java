package dev.portcullis.gateway.filter.auth.prm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    @Test
    void trustsListedAddressesAndCidrBlocks() {
        TrustedProxies trusted = TrustedProxies.parse(List.of("10.0.0.0/8", " 192.168.1.7 ", "fd00::/8", ""));

        assertThat(trusted.trusts("10.20.30.40")).isTrue();
        assertThat(trusted.trusts("11.0.0.1")).isFalse();
        assertThat(trusted.trusts("192.168.1.7")).isTrue();
        assertThat(trusted.trusts("192.168.1.8")).isFalse();
        assertThat(trusted.trusts("fd12::1")).isTrue();
        assertThat(trusted.trusts("fe80::1")).isFalse();
        assertThat(trusted.trusts("::ffff:10.1.2.3")).isTrue();
    }

    @Test
    void matchesPrefixesThatAreNotByteAligned() {
        TrustedProxies trusted = TrustedProxies.parse(List.of("172.16.0.0/12"));

        assertThat(trusted.trusts("172.31.255.255")).isTrue();
        assertThat(trusted.trusts("172.32.0.1")).isFalse();
    }

    @Test
    void trustsNobodyByDefaultAndNeverResolvesNames() {
        assertThat(TrustedProxies.NONE.trusts("127.0.0.1")).isFalse();
        assertThat(TrustedProxies.parse(List.of("127.0.0.1")).trusts("localhost")).isFalse();
    }

    @Test
    void refusesEntriesThatAreNotAddresses() {
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("proxy.example.com")))
                .hasMessageContaining("PORTCULLIS_TRUSTED_PROXIES").hasMessageContaining("proxy.example.com");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/33"))).hasMessageContaining("prefix");
    }

    @Test
    void acceptsOnlyHostValuesThatCannotBreakQuoting() {
        assertThat(PublicOrigin.isHost("mcp.example.com:8443")).isTrue();
        assertThat(PublicOrigin.isHost("[::1]:8080")).isTrue();
        assertThat(PublicOrigin.isHost("evil.com\", error=\"x")).isFalse();
        assertThat(PublicOrigin.isHost("a/b")).isFalse();
        assertThat(PublicOrigin.isHost("")).isFalse();
    }
}
