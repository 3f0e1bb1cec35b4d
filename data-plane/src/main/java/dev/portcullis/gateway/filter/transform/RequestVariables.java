package dev.portcullis.gateway.filter.transform;

import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.request.McpRoute;
import dev.portcullis.gateway.request.PrimitiveType;
import dev.portcullis.gateway.runtime.CompiledProxy;
import dev.portcullis.gateway.runtime.ConsumerIdentity;
import dev.portcullis.model.template.ContextVariable;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The values of one request's context variables, looked up when a template asks (no map is built per request),
 * null when the request has none: no consumer (authentication off or skipped), not a token ({@code jwt.*}), no
 * primitive, no such header. Values are made safe for a header and bounded: control characters (C0, DEL, C1) are
 * dropped and at most {@value #MAX_VALUE} characters kept. Event-loop confined, like the context.
 */
final class RequestVariables implements Function<ContextVariable, String> {

    static final int MAX_VALUE = 1024;

    private final HttpServerRequest request;
    private final FilterContext context;

    /** @param request the agent's request; null for requests the gateway makes itself */
    RequestVariables(HttpServerRequest request, FilterContext context) {
        this.request = request;
        this.context = context;
    }

    static RequestVariables of(FilterContext context) {
        return new RequestVariables(context.observation() == null ? null : context.observation().request(), context);
    }

    @Override
    public String apply(ContextVariable variable) {
        String raw = raw(variable);
        return raw == null ? null : sanitise(raw);
    }

    private String raw(ContextVariable variable) {
        ConsumerIdentity consumer = context.consumer();
        McpRoute route = context.route();
        CompiledProxy proxy = context.proxy();
        return switch (variable.source()) {
            case CONSUMER_ID -> consumer == null ? null : consumer.id();
            case CONSUMER_ALIAS -> consumer == null ? null : consumer.alias();
            case CONSUMER_KIND -> consumer == null ? null : consumer.kind().name().toLowerCase(Locale.ROOT);
            case JWT_SUBJECT -> consumer == null || !consumer.isToken() ? null : consumer.id();
            case JWT_CLAIM -> consumer == null ? null : consumer.claims().get(variable.argument());
            case MCP_METHOD -> route.method();
            case MCP_PRIMITIVE -> route.primitiveName();
            case MCP_PRIMITIVE_TYPE -> route.primitiveType() == PrimitiveType.NONE ? null
                    : route.primitiveType().label();
            case MCP_PROTOCOL_VERSION -> route.revision().version();
            case PROXY_ID -> proxy.id();
            case PROXY_LISTEN_PATH -> proxy.listenPath();
            case REQUEST_CLIENT_IP -> clientIp();
            case REQUEST_HEADER -> header(variable.argument(), proxy);
        };
    }

    private String clientIp() {
        SocketAddress remote = request == null ? null : request.remoteAddress();
        return remote == null ? null : remote.hostAddress();
    }

    /** Every value of the agent's header, comma-joined; never the proxy's key header. */
    private String header(String name, CompiledProxy proxy) {
        if (request == null || name.equalsIgnoreCase(proxy.credentialHeader())) {
            return null;
        }
        List<String> values = request.headers().getAll(name);
        return values.isEmpty() ? null : String.join(", ", values);
    }

    /** Drops control characters and keeps at most {@value #MAX_VALUE} characters, never half a surrogate pair. */
    static String sanitise(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7F && c <= 0x9F);
            if (control && out == null) {
                out = new StringBuilder(value.length()).append(value, 0, i);
            } else if (!control && out != null) {
                out.append(c);
            }
        }
        String clean = out == null ? value : out.toString();
        if (clean.length() <= MAX_VALUE) {
            return clean;
        }
        int end = Character.isHighSurrogate(clean.charAt(MAX_VALUE - 1)) ? MAX_VALUE - 1 : MAX_VALUE;
        return clean.substring(0, end);
    }
}
