package dev.portcullis.launcher.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void portsArePickedBelowTheEphemeralRangeAndNeverTwice() {
        int ephemeralStart = FreePorts.ephemeralStart();
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = FreePorts.pick();
            assertThat(port).isBetween(1024, 65535);
            if (ephemeralStart > 20_100) {
                assertThat(port).isLessThan(Math.min(ephemeralStart, 30_000));
            }
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
        }
    }

    @Test
    void aPickedPortCanBeBound() throws IOException {
        int port = FreePorts.pick();
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
            assertThat(FreePorts.isFree("127.0.0.1", port)).isFalse();
        }
    }
}
