package dev.portcullis.gateway.runtime;

import dev.portcullis.model.proxy.Cors;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A proxy's {@code global.cors}, compiled once per snapshot into the values of the CORS response headers and the
 * sets a preflight is checked against. Origins compare case-insensitively, without a trailing slash; header names
 * case-insensitively.
 *
 * <p>Defaults, so a browser MCP client works with only origins configured: methods {@code GET, POST, DELETE};
 * request headers the MCP transport uses ({@link #MCP_REQUEST_HEADERS}, and any {@code Mcp-Param-*}); and the
 * headers a client must read are always exposed ({@code Mcp-Session-Id}, {@code WWW-Authenticate},
 * {@code MCP-Protocol-Version}, the {@code RateLimit-*} headers and {@code Retry-After}) besides the configured ones.
 *
 * @param maxAge the {@code Access-Control-Max-Age} value, or null when not configured
 */
public record CorsRules(Set<String> origins, boolean anyOrigin, Set<String> methods, String allowMethods,
                        Set<String> headers, boolean defaultHeaders, String exposeHeaders, boolean allowCredentials,
                        String maxAge) {

    /** The request headers an MCP client sends, allowed when {@code allowedHeaders} is empty. */
    public static final List<String> MCP_REQUEST_HEADERS = List.of("Authorization", "Content-Type", "Accept",
            "Mcp-Session-Id", "MCP-Protocol-Version", "Last-Event-ID", "Mcp-Method", "Mcp-Name", "traceparent",
            "tracestate");

    /** Response headers a browser client must be able to read; always exposed. */
    static final List<String> ALWAYS_EXPOSED = List.of("Mcp-Session-Id", "WWW-Authenticate", "MCP-Protocol-Version",
            "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy", "Retry-After");

    private static final String PARAM_HEADER_PREFIX = "mcp-param-";

    /** The compiled rules, or null when the proxy has no CORS configuration. */
    public static CorsRules of(Cors cors) {
        if (cors == null) {
            return null;
        }
        Set<String> origins = new LinkedHashSet<>();
        boolean wildcard = false;
        for (String origin : cors.allowedOrigins()) {
            if ("*".equals(origin)) {
                wildcard = true;
            } else {
                origins.add(CompiledProxy.normaliseOrigin(origin));
            }
        }
        List<String> methods = cors.allowedMethods().isEmpty() ? List.of("GET", "POST", "DELETE")
                : cors.allowedMethods();
        boolean defaultHeaders = cors.allowedHeaders().isEmpty();
        Set<String> exposed = new LinkedHashSet<>(ALWAYS_EXPOSED);
        exposed.addAll(cors.exposedHeaders());
        return new CorsRules(Set.copyOf(origins), wildcard, Set.copyOf(methods), String.join(", ", methods),
                lowerCase(defaultHeaders ? MCP_REQUEST_HEADERS : cors.allowedHeaders()), defaultHeaders,
                String.join(", ", exposed), cors.allowCredentials(),
                cors.maxAgeSeconds() == null ? null : Integer.toString(cors.maxAgeSeconds()));
    }

    /** True when a browser page of {@code origin} may call the proxy. */
    public boolean allowsOrigin(String origin) {
        return anyOrigin || origins.contains(CompiledProxy.normaliseOrigin(origin));
    }

    /** The {@code Access-Control-Allow-Origin} value for an allowed {@code origin}: {@code *} or the origin. */
    public String allowOrigin(String origin) {
        return anyOrigin && !allowCredentials ? "*" : origin;
    }

    public boolean allowsMethod(String method) {
        return methods.contains(method);
    }

    /**
     * True when every header named in a preflight's {@code Access-Control-Request-Headers} (comma-separated) is
     * allowed.
     */
    public boolean allowsHeaders(String requested) {
        if (requested == null || requested.isBlank()) {
            return true;
        }
        for (String name : requested.split(",")) {
            String header = name.strip().toLowerCase(Locale.ROOT);
            if (!header.isEmpty() && !headers.contains(header)
                    && !(defaultHeaders && header.startsWith(PARAM_HEADER_PREFIX))) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> lowerCase(List<String> names) {
        Set<String> lower = new LinkedHashSet<>();
        for (String name : names) {
            lower.add(name.toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(lower);
    }
}
