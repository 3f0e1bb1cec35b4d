package dev.portcullis.controlplane.primitive;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How to reach one proxy's upstream: its MCP endpoint and the credentials the gateway would send, secrets resolved.
 * Holds plain-text credentials: never log it, keep it only for the listing it was made for ({@link #toString()} hides
 * them).
 *
 * @param headers  header name to value, sent on every request
 * @param oauth    a client-credentials grant to run first; null when the upstream does not use one
 * @param timeout  longest wait for one answer
 */
public record UpstreamAccess(URI endpoint, Map<String, String> headers, ClientCredentials oauth, Duration timeout) {

    public UpstreamAccess {
        headers = Map.copyOf(headers);
    }

    /** The resolved OAuth 2 client-credentials settings. */
    public record ClientCredentials(URI tokenUrl, String clientId, String clientSecret, List<String> scopes) {

        public ClientCredentials {
            scopes = List.copyOf(scopes);
        }

        @Override
        public String toString() {
            return "ClientCredentials[tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", clientSecret=***]";
        }
    }

    /**
     * The MCP endpoint an agent reaches through the gateway with {@code <listenPath>mcp}: the upstream URL itself when
     * its path already ends with {@code /mcp}, otherwise the URL with {@code /mcp} appended.
     */
    public static URI endpointOf(String upstreamUrl) {
        URI uri = URI.create(upstreamUrl);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.endsWith("/mcp")) {
            return uri;
        }
        String base = path.replaceAll("/+$", "");
        return uri.resolve(base + "/mcp");
    }

    /** Where a URL points, for messages: scheme, host, port and path (user info and query may hold secrets). */
    public static String shown(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    @Override
    public String toString() {
        return "UpstreamAccess[endpoint=" + shown(endpoint) + ", headers=" + headers.keySet() + ", oauth=" + oauth
                + ", timeout=" + timeout + "]";
    }
}
