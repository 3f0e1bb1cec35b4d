package dev.portcullis.gateway.runtime;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a proxy forwards: parsed once from {@code upstream.url} when a snapshot is applied.
 * {@code basePath} has no trailing slash ("" for a bare origin), so {@code basePath + "/" + rest} is the path sent;
 * with nothing after the listen path, {@code exactPath} (the URL's own path, "/" when it has none) is sent as is, so
 * {@code https://h/mcp} stays {@code /mcp} rather than becoming {@code /mcp/}.
 */
public record UpstreamTarget(boolean ssl, String host, int port, String basePath, String exactPath) {

    public UpstreamTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(basePath, "basePath");
        Objects.requireNonNull(exactPath, "exactPath");
    }

    public static UpstreamTarget parse(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("upstream.url must be http or https");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("upstream.url has no host");
        }
        boolean ssl = scheme.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String exact = path.isEmpty() ? "/" : path;
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new UpstreamTarget(ssl, uri.getHost(), port, path, exact);
    }

    /** Request URI for the upstream: base path, the rest after the listen path, and the original query. */
    public String requestUri(String rest, String query) {
        StringBuilder uri = new StringBuilder(basePath.length() + rest.length() + 16);
        if (rest.isEmpty()) {
            uri.append(exactPath);
        } else {
            uri.append(basePath).append('/').append(rest);
        }
        if (query != null && !query.isEmpty()) {
            uri.append('?').append(query);
        }
        return uri.toString();
    }

    /** The target as metrics and logs name it: scheme, authority and path (no query, no user info). */
    public String label() {
        return (ssl ? "https://" : "http://") + authority() + exactPath;
    }

    /** The authority the Host header carries: the port is omitted when it is the scheme's default. */
    public String authority() {
        boolean defaultPort = ssl ? port == 443 : port == 80;
        return defaultPort ? host : host + ":" + port;
    }
}
