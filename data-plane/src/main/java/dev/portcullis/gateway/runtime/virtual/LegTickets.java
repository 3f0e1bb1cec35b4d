package dev.portcullis.gateway.runtime.virtual;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The member legs in flight in this gateway process, by the random token each carries in {@value #HEADER}. Legs go
 * to the gateway's own loopback listener ({@link #port()}), which serves only requests whose token is registered
 * here; the public listener never forwards the header. Thread-safe: a leg may be served on another event loop than
 * the one that sent it.
 */
public final class LegTickets {

    public static final String HEADER = "Portcullis-Leg";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final Map<String, LegTicket> open = new ConcurrentHashMap<>();
    private final int port;

    /** @param port the loopback listener's port on 127.0.0.1 */
    public LegTickets(int port) {
        this.port = port;
    }

    public int port() {
        return port;
    }

    /** Registers {@code ticket} until {@link #close}; returns its token. */
    public String register(LegTicket ticket) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String token = B64.encodeToString(bytes);
        open.put(token, ticket);
        return token;
    }

    /** The ticket of {@code token}; null when none is open (a forged, replayed or finished leg). */
    public LegTicket find(String token) {
        return token == null ? null : open.get(token);
    }

    public void close(String token) {
        open.remove(token);
    }

    /** How many legs are open (for tests). */
    public int openLegs() {
        return open.size();
    }
}
