package dev.portcullis.gateway.proxy;

import dev.portcullis.gateway.runtime.CompiledProxy;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import dev.portcullis.gateway.runtime.virtual.LegTickets;

/**
 * The header rules between agent and upstream: hop-by-hop headers (and those named by
 * {@code Connection}) never cross the gateway; the agent's own credential is stripped; the upstream's credentials
 * are injected after the filter chain ({@link #injectCredentials}); {@code Host} is the upstream's and {@code X-Forwarded-*} tell it about the agent. Everything else,
 * notably {@code Mcp-Session-Id}, {@code MCP-Protocol-Version}, {@code Last-Event-ID} and {@code Accept}, passes
 * unchanged in both directions.
 */
public final class ForwardHeaders {

    static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "te", "trailer", "transfer-encoding",
            "upgrade", "proxy-authorization", "proxy-authenticate", "proxy-connection");

    private ForwardHeaders() {
    }

    /**
     * Headers to send upstream. {@code Content-Length} is dropped too: the client computes it from the body it
     * sends, which is the original body.
     *
     * @param remoteAddress the agent's IP address, appended to {@code X-Forwarded-For}
     * @param agentHost     the {@code Host} the agent dialled, or null
     */
    public static MultiMap toUpstream(MultiMap agent, CompiledProxy proxy, String remoteAddress, String agentHost,
                                      boolean agentUsedTls) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        String connection = agent.get("Connection");
        String credential = proxy.credentialHeader();
        String previousForwardedFor = null;
        for (var header : agent) {
            String name = header.getKey();
            if (isHopByHop(name, connection) || name.equalsIgnoreCase("host")
                    || name.equalsIgnoreCase("content-length") || isUntrustedRequestHeader(name)
                    || (credential != null && name.equalsIgnoreCase(credential))) {
                continue;
            }
            if (name.equalsIgnoreCase("x-forwarded-for")) {
                previousForwardedFor = previousForwardedFor == null
                        ? header.getValue() : previousForwardedFor + ", " + header.getValue();
                continue;
            }
            if (name.equalsIgnoreCase("x-forwarded-host") || name.equalsIgnoreCase("x-forwarded-proto")) {
                continue;
            }
            out.add(name, header.getValue());
        }
        out.set("Host", proxy.upstream().authority());
        if (remoteAddress != null) {
            out.set("X-Forwarded-For",
                    previousForwardedFor == null ? remoteAddress : previousForwardedFor + ", " + remoteAddress);
        }
        if (agentHost != null) {
            out.set("X-Forwarded-Host", agentHost);
        }
        out.set("X-Forwarded-Proto", agentUsedTls ? "https" : "http");
        return out;
    }

    /**
     * Sets the upstream's credentials ({@code upstream.authentication}), replacing agent headers of the same name.
     * Called after the filter chain, so a header transform cannot remove them.
     */
    public static void injectCredentials(MultiMap upstream, CompiledProxy proxy) {
        proxy.upstreamHeaders().forEach(upstream::set);
    }

    /**
     * Agent headers the gateway does not pass on: {@code Forwarded} and {@code X-Real-IP} would let an agent
     * claim another address ({@code X-Forwarded-*} carry the real one), and {@code Expect} is answered by the
     * gateway itself (the body is complete before anything goes upstream). A virtual server's leg ticket never
     * leaves the gateway.
     */
    static boolean isUntrustedRequestHeader(String name) {
        return name.equalsIgnoreCase("forwarded") || name.equalsIgnoreCase("x-real-ip")
                || name.equalsIgnoreCase("expect") || name.equalsIgnoreCase(LegTickets.HEADER);
    }

    /** Headers to send back to the agent: everything but hop-by-hop headers. */
    public static MultiMap toAgent(MultiMap upstream) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        String connection = upstream.get("Connection");
        for (var header : upstream) {
            if (!isHopByHop(header.getKey(), connection)) {
                out.add(header.getKey(), header.getValue());
            }
        }
        return out;
    }

    static boolean isHopByHop(String name, String connectionHeader) {
        if (isHopByHopName(name)) {
            return true;
        }
        if (connectionHeader == null) {
            return false;
        }
        if (name.isEmpty()) {
            return Arrays.stream(connectionHeader.split(",")).anyMatch(token -> token.strip().isEmpty());
        }
        // The tokens of Connection, split at commas and stripped, without the array and strings of split(",").
        int length = connectionHeader.length();
        int start = 0;
        while (start <= length) {
            int comma = connectionHeader.indexOf(',', start);
            int end = comma < 0 ? length : comma;
            int from = start;
            int to = end;
            while (from < to && Character.isWhitespace(connectionHeader.charAt(from))) {
                from++;
            }
            while (to > from && Character.isWhitespace(connectionHeader.charAt(to - 1))) {
                to--;
            }
            if (to - from == name.length() && connectionHeader.regionMatches(true, from, name, 0, name.length())) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /**
     * Whether {@code name}, lower-cased, is in {@link #HOP_BY_HOP}: compared letter by letter for an ASCII name
     * (every header name a client can send, as HTTP decodes names byte by byte), without a lower-cased copy per
     * header.
     */
    private static boolean isHopByHopName(String name) {
        int length = name.length();
        for (int i = 0; i < length; i++) {
            if (name.charAt(i) > 127) {
                return HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT));
            }
        }
        return switch (length) {
            case 2 -> asciiLowerEquals(name, "te");
            case 7 -> asciiLowerEquals(name, "upgrade") || asciiLowerEquals(name, "trailer");
            case 10 -> asciiLowerEquals(name, "connection") || asciiLowerEquals(name, "keep-alive");
            case 16 -> asciiLowerEquals(name, "proxy-connection");
            case 17 -> asciiLowerEquals(name, "transfer-encoding");
            case 18 -> asciiLowerEquals(name, "proxy-authenticate");
            case 19 -> asciiLowerEquals(name, "proxy-authorization");
            default -> false;
        };
    }

    /** {@code name} (ASCII) equals {@code lower} (lower-case ASCII of the same length) ignoring ASCII case. */
    private static boolean asciiLowerEquals(String name, String lower) {
        for (int i = 0; i < lower.length(); i++) {
            char c = name.charAt(i);
            if ((c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The names of {@code headers} in order, a name as often as it occurs: for callers that use them
     * case-insensitively and do not mind repeats (removing them again), without the sorted set
     * {@link MultiMap#names()} builds or the hash set a {@code Set.copyOf} would. (Not presized: Vert.x's
     * {@code MultiMap.size()} counts the distinct names through that same sorted set.)
     */
    public static List<String> names(MultiMap headers) {
        List<String> names = new ArrayList<>();
        for (var header : headers) {
            names.add(header.getKey());
        }
        return names;
    }

    /** True when {@code Content-Encoding} names a coding other than {@code identity}. */
    static boolean isCompressed(String contentEncoding) {
        return contentEncoding != null && !contentEncoding.isBlank()
                && !contentEncoding.strip().equalsIgnoreCase("identity");
    }
}
