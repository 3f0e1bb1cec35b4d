package dev.portcullis.gateway.observe.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.model.jsonrpc.JsonRpcMessage;
import io.vertx.core.MultiMap;
import java.util.Objects;

/**
 * The trace context an agent sent with a request: the {@code traceparent} / {@code tracestate} HTTP headers when
 * the {@code traceparent} header is valid, else {@code params._meta.traceparent} / {@code tracestate} of the
 * JSON-RPC message when that one is valid (MCP clients without access to HTTP headers put it there).
 *
 * @param parent     the parsed {@code traceparent}
 * @param traceparent the raw {@code traceparent} value as received
 * @param tracestate the {@code tracestate} that came with it (same place), or null
 * @param source     where it came from
 */
public record IncomingTraceContext(TraceParent parent, String traceparent, String tracestate, Source source) {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    /** Where the agent put its trace context. */
    public enum Source { HEADER, META }

    public IncomingTraceContext {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(traceparent, "traceparent");
        Objects.requireNonNull(source, "source");
    }

    /**
     * Picks the parent of a request's span.
     *
     * @param headers the agent's request headers
     * @param message the parsed JSON-RPC message, or null
     * @return the agent's trace context, or null when it sent no valid one
     */
    public static IncomingTraceContext select(MultiMap headers, JsonRpcMessage message) {
        String header = headers.get(TRACEPARENT);
        TraceParent fromHeader = TraceParent.parse(header);
        if (fromHeader != null) {
            return new IncomingTraceContext(fromHeader, header, headers.get(TRACESTATE), Source.HEADER);
        }
        JsonNode meta = meta(message);
        if (meta == null) {
            return null;
        }
        String field = text(meta, TRACEPARENT);
        TraceParent fromMeta = TraceParent.parse(field);
        return fromMeta == null ? null
                : new IncomingTraceContext(fromMeta, field, text(meta, TRACESTATE), Source.META);
    }

    private static JsonNode meta(JsonRpcMessage message) {
        JsonNode params = null;
        if (message instanceof JsonRpcMessage.Request request) {
            params = request.params();
        } else if (message instanceof JsonRpcMessage.Notification notification) {
            params = notification.params();
        }
        JsonNode meta = params == null ? null : params.get("_meta");
        return meta != null && meta.isObject() ? meta : null;
    }

    private static String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }
}
