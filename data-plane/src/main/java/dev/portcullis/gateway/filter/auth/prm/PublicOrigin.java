package dev.portcullis.gateway.filter.auth.prm;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;

/**
 * The scheme and host the agent dialled, e.g. {@code https://mcp.example.com}: the request's own scheme ({@code https}
 * on a TLS listener) and {@code Host} (HTTP/2: {@code :authority}), or {@code X-Forwarded-Proto} / {@code X-Forwarded-Host} when the peer is a trusted proxy. Host
 * values are checked character by character (they end up inside a quoted {@code WWW-Authenticate} parameter and a
 * JSON document), and an unusable one falls back to the local address of the connection.
 */
public record PublicOrigin(String scheme, String host) {

    public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    public static PublicOrigin of(HttpServerRequest request, TrustedProxies trusted) {
        String scheme = request.isSSL() ? "https" : "http";
        String host = hostHeader(request);
        SocketAddress peer = request.remoteAddress();
        if (peer != null && trusted.trusts(peer.hostAddress())) {
            String forwardedProto = first(request.getHeader("X-Forwarded-Proto"));
            if ("http".equalsIgnoreCase(forwardedProto) || "https".equalsIgnoreCase(forwardedProto)) {
                scheme = forwardedProto.toLowerCase(java.util.Locale.ROOT);
            }
            String forwardedHost = first(request.getHeader("X-Forwarded-Host"));
            if (isHost(forwardedHost)) {
                host = forwardedHost;
            }
        }
        if (!isHost(host)) {
            SocketAddress local = request.localAddress();
            host = local == null ? "localhost" : hostPort(local);
        }
        return new PublicOrigin(scheme, host);
    }

    /**
     * The host (and port) the agent dialled as it sent it: {@code Host} over HTTP/1.x, the {@code :authority}
     * pseudo-header over HTTP/2 (which has no {@code Host}); null when neither is there.
     */
    public static String hostHeader(HttpServerRequest request) {
        String host = request.getHeader("Host");
        if (host != null || request.version() != HttpVersion.HTTP_2) {
            return host;
        }
        HostAndPort authority = request.authority();
        if (authority == null || authority.host() == null || authority.host().isEmpty()) {
            return null;
        }
        String name = authority.host();
        if (name.indexOf(':') >= 0 && !name.startsWith("[")) {
            name = "[" + name + "]";
        }
        return authority.port() < 0 ? name : name + ":" + authority.port();
    }

    /** {@code <scheme>://<host><listenPath>mcp}: the MCP endpoint of the proxy as the agent sees it. */
    public String resource(String listenPath) {
        return scheme + "://" + host + listenPath + "mcp";
    }

    /** Where this proxy's metadata is served at the RFC 9728 well-known location. */
    public String metadataUrl(String listenPath) {
        return scheme + "://" + host + WELL_KNOWN + listenPath + "mcp";
    }

    private static String first(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).strip();
    }

    /** A host name, IPv4 or bracketed IPv6 literal, with an optional port: nothing that could break quoting. */
    static boolean isHost(String value) {
        if (value == null || value.isEmpty() || value.length() > 255) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == ':' || c == '[' || c == ']' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String hostPort(SocketAddress local) {
        String address = local.hostAddress();
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + local.port();
    }
}
