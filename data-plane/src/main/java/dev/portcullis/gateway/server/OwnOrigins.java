package dev.portcullis.gateway.server;

import dev.portcullis.gateway.runtime.CompiledProxy;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The gateway's own origins, accepted in {@code Origin} besides a proxy's {@code allowedOrigins}. They come from
 * configuration ({@code PORTCULLIS_GATEWAY_PUBLIC_URL}), never from the request: a {@code Host} header is chosen by
 * whoever sends it, so trusting it would let a DNS-rebinding page pass as the gateway itself.
 */
public record OwnOrigins(Set<String> origins) {

    public OwnOrigins {
        origins = Set.copyOf(origins);
    }

    /**
     * @param publicUrls the gateway's public base URLs; when empty, {@code http://<bind host>:<port>} (localhost for a
     *                   wildcard bind) and the loopback names on {@code port}
     * @throws IllegalArgumentException naming a URL that is not an absolute http(s) URL
     */
    public static OwnOrigins of(List<String> publicUrls, String bindHost, int port) {
        return of(publicUrls, bindHost, port, "http");
    }

    /** Same, with the listener's scheme ({@code https} on a TLS listener) in the defaults. */
    public static OwnOrigins of(List<String> publicUrls, String bindHost, int port, String scheme) {
        Set<String> origins = new LinkedHashSet<>();
        if (publicUrls.isEmpty()) {
            String host = bindHost.isBlank() || bindHost.equals("0.0.0.0") || bindHost.equals("::")
                    ? "localhost" : bindHost;
            origins.add(origin(scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port));
            origins.add(origin(scheme + "://127.0.0.1:" + port));
            origins.add(origin(scheme + "://localhost:" + port));
        } else {
            publicUrls.forEach(url -> origins.add(origin(url)));
        }
        return new OwnOrigins(origins);
    }

    /** True when {@code origin} (an {@code Origin} header value) is one of the gateway's own. */
    public boolean contains(String origin) {
        return origins.contains(CompiledProxy.normaliseOrigin(origin));
    }

    /** The RFC 6454 serialisation a browser sends: scheme, host, and the port only when it is not the default. */
    static String origin(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PORTCULLIS_GATEWAY_PUBLIC_URL: not a URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("PORTCULLIS_GATEWAY_PUBLIC_URL: not an http(s) URL: " + url);
        }
        int port = uri.getPort();
        boolean defaultPort = port < 0 || (scheme.equals("http") ? port == 80 : port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
