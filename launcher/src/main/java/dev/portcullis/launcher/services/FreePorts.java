package dev.portcullis.launcher.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on the loopback interface, for a process started later. A port found free can be taken before it is
 * bound again; callers that can bind port 0 themselves should prefer that. To keep that window harmless, a port is
 * picked at random below the kernel's ephemeral range ({@code net.ipv4.ip_local_port_range}), where outgoing
 * connections never take their local ports (a busy machine opens thousands of those), and below Kubernetes'
 * NodePorts, and never twice by this process; where no such port is free, the kernel's choice is taken.
 */
public final class FreePorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Below the conventional registered services people run locally (databases, brokers, dev servers). */
    private static final int LOWEST = 20_000;
    /**
     * Kubernetes' NodePort range starts here (30000-32767): on a machine running kube-proxy (k3s, microk8s), such a
     * port has no socket, so it looks free, yet connections to it are redirected to a service.
     */
    private static final int NODE_PORTS = 30_000;
    private static final int DEFAULT_EPHEMERAL_START = 32_768;
    private static final int ATTEMPTS = 64;
    private static final Set<Integer> PICKED = new HashSet<>();

    private FreePorts() {
    }

    /** A port the OS currently considers free on 127.0.0.1 and this process has not handed out before. */
    public static synchronized int pick() {
        int below = Math.min(ephemeralStart(), NODE_PORTS);
        if (below - LOWEST > ATTEMPTS) {
            for (int i = 0; i < ATTEMPTS; i++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
                if (!PICKED.contains(port) && isFree("127.0.0.1", port)) {
                    PICKED.add(port);
                    return port;
                }
            }
        }
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = kernelChoice();
            if (PICKED.add(port)) {
                return port;
            }
        }
        throw new UncheckedIOException(new IOException("no free port on 127.0.0.1 after " + 2 * ATTEMPTS + " tries"));
    }

    /** Whether nothing listens on {@code host:port} and we can bind it. */
    public static boolean isFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range; the usual Linux default where it cannot be read. */
    static int ephemeralStart() {
        try {
            String[] range = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_START;
        }
    }

    private static int kernelChoice() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
