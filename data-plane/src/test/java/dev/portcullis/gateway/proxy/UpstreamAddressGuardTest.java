package dev.portcullis.gateway.proxy;

import dev.portcullis.gateway.runtime.UpstreamTarget;
import dev.portcullis.model.proxy.UpstreamAddresses;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamAddressGuardTest {

    private static final Map<String, String> DNS = Map.of("metadata.internal", "169.254.169.254",
            "mcp.internal", "10.1.2.3", "v6.internal", "fd00:ec2::254");

    private static UpstreamAddressGuard guard(UpstreamAddresses addresses) {
        return new UpstreamAddressGuard(addresses, host -> {
            try {
                return Future.succeededFuture(InetAddress.getByName(DNS.get(host)));
            } catch (UnknownHostException e) {
                return Future.failedFuture(e);
            }
        });
    }

    private static Future<SocketAddress> admit(UpstreamAddresses addresses, String url) {
        return guard(addresses).admit(UpstreamTarget.parse(url));
    }

    @Test
    void refusesAHostNameThatResolvesToTheMetadataService() {
        assertThat(admit(UpstreamAddresses.DEFAULT, "http://metadata.internal/latest").cause())
                .isInstanceOf(UpstreamAddressGuard.Refused.class);
        assertThat(admit(UpstreamAddresses.DEFAULT, "http://v6.internal/").cause())
                .isInstanceOf(UpstreamAddressGuard.Refused.class);
    }

    @Test
    void refusesLiteralLinkLocalAddresses() {
        assertThat(admit(UpstreamAddresses.DEFAULT, "http://169.254.169.254/").cause())
                .isInstanceOf(UpstreamAddressGuard.Refused.class);
        assertThat(admit(UpstreamAddresses.DEFAULT, "http://[fe80::1]:8080/").cause())
                .isInstanceOf(UpstreamAddressGuard.Refused.class);
    }

    @Test
    void connectsAResolvedNameToTheAddressItChecked() {
        Future<SocketAddress> admitted = admit(UpstreamAddresses.DEFAULT, "https://mcp.internal:8443/mcp");

        assertThat(admitted.succeeded()).isTrue();
        assertThat(admitted.result().hostAddress()).isEqualTo("10.1.2.3");
        assertThat(admitted.result().port()).isEqualTo(8443);
    }

    @Test
    void letsLoopbackLiteralsConnectThemselves() {
        Future<SocketAddress> admitted = admit(UpstreamAddresses.DEFAULT, "http://127.0.0.1:7878/mcp");

        assertThat(admitted.succeeded()).isTrue();
        assertThat(admitted.result()).isNull();
    }

    @Test
    void decidesTheSameForAHostAskedAgain() {
        UpstreamAddressGuard guard = guard(UpstreamAddresses.DEFAULT);
        for (int round = 0; round < 3; round++) {
            assertThat(guard.admit(UpstreamTarget.parse("http://169.254.169.254/")).cause())
                    .isInstanceOf(UpstreamAddressGuard.Refused.class);
            assertThat(guard.admit(UpstreamTarget.parse("http://127.0.0.1:7878/mcp")).result()).isNull();
            assertThat(guard.admit(UpstreamTarget.parse("http://metadata.internal/")).cause())
                    .isInstanceOf(UpstreamAddressGuard.Refused.class);
            assertThat(guard.admit(UpstreamTarget.parse("http://mcp.internal:9000/")).result().port())
                    .isEqualTo(9000);
        }
    }

    @Test
    void keepsDecidingOnceItRemembersNoMoreHosts() {
        UpstreamAddressGuard guard = guard(UpstreamAddresses.DEFAULT);
        for (int i = 0; i < UpstreamAddressGuard.MAX_REMEMBERED + 10; i++) {
            String host = "10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff);
            assertThat(guard.admit(UpstreamTarget.parse("http://" + host + "/")).succeeded()).as(host).isTrue();
        }
        assertThat(guard.admit(UpstreamTarget.parse("http://[fe80::1]:8080/")).cause())
                .isInstanceOf(UpstreamAddressGuard.Refused.class);
        assertThat(guard.admit(UpstreamTarget.parse("http://127.0.0.1/")).succeeded()).isTrue();
    }

    @Test
    void allowsARangeTheOperatorAllows() {
        UpstreamAddresses allowing = UpstreamAddresses.allowing("169.254.169.254/32");

        assertThat(admit(allowing, "http://metadata.internal/").succeeded()).isTrue();
        assertThat(admit(allowing, "http://169.254.169.254/").succeeded()).isTrue();
        assertThat(admit(allowing, "http://169.254.1.1/").failed()).isTrue();
    }
}
