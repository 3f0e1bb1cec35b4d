package dev.portcullis.gateway.observe.metrics;

import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.gateway.request.PrimitiveType;
import dev.portcullis.gateway.runtime.CompiledProxy;
import dev.portcullis.model.analytics.AnalyticsRecord;
import dev.portcullis.model.proxy.ProxyDefinition;
import java.util.Map;
import java.util.Objects;

/**
 * The label values of one finished request, each bounded (ADR 0003): {@code proxy} is the matched proxy of the
 * request's snapshot or {@code none}; {@code method} a known MCP method, {@code other} or empty; {@code primitive}
 * a name the proxy definition lists (a resource URI matching a {@code prefix*} entry is labelled with that entry)
 * or one its upstream announced in a list answer, else {@code other}, and empty when the request targets no
 * primitive (and {@code other} when the record's strings were cut: a cut name is not the one listed);
 * {@code errorCode} the gateway's JSON-RPC code or empty; {@code status} the HTTP status.
 */
public record RequestLabels(String proxy, String method, String primitiveType, String primitive, String errorCode,
                            String status) {

    public static final String NO_PROXY = "none";
    public static final String OTHER = "other";

    /** Field by field on the strings (a metrics cache key, looked up per request; no method-handle dispatch). */
    @Override
    public boolean equals(Object other) {
        return other instanceof RequestLabels that && Objects.equals(proxy, that.proxy)
                && Objects.equals(method, that.method) && Objects.equals(primitiveType, that.primitiveType)
                && Objects.equals(primitive, that.primitive) && Objects.equals(errorCode, that.errorCode)
                && Objects.equals(status, that.status);
    }

    @Override
    public int hashCode() {
        int hash = Objects.hashCode(proxy);
        hash = hash * 31 + Objects.hashCode(method);
        hash = hash * 31 + Objects.hashCode(primitiveType);
        hash = hash * 31 + Objects.hashCode(primitive);
        hash = hash * 31 + Objects.hashCode(errorCode);
        return hash * 31 + Objects.hashCode(status);
    }

    /**
     * @param proxy the matched proxy, or null
     * @param known the names upstream list answers announced
     */
    public static RequestLabels of(AnalyticsRecord record, CompiledProxy proxy, KnownPrimitives known) {
        String proxyId = proxy == null ? NO_PROXY : proxy.id();
        PrimitiveType type = primitiveType(record.mcpPrimitiveType());
        String primitive = type == PrimitiveType.NONE ? ""
                : record.truncated() ? OTHER : primitive(proxy, known, type, record.mcpPrimitiveName());
        return new RequestLabels(proxyId, McpMethods.label(record.mcpMethod()), type.label(), primitive,
                record.mcpErrorCode() == null ? "" : StatusLabels.code(record.mcpErrorCode()),
                StatusLabels.status(record.status()));
    }

    static PrimitiveType primitiveType(String label) {
        if (label == null) {
            return PrimitiveType.NONE;
        }
        return switch (label) {
            case "tool" -> PrimitiveType.TOOL;
            case "prompt" -> PrimitiveType.PROMPT;
            case "resource" -> PrimitiveType.RESOURCE;
            default -> PrimitiveType.NONE;
        };
    }

    private static String primitive(CompiledProxy proxy, KnownPrimitives known, PrimitiveType type, String name) {
        if (proxy == null || name == null) {
            return OTHER;
        }
        ProxyDefinition definition = proxy.definition();
        Map<String, ?> configured = switch (type) {
            case TOOL -> definition.tools();
            case PROMPT -> definition.prompts();
            case RESOURCE -> definition.resources();
            case NONE -> Map.of();
        };
        if (configured.containsKey(name) || known.knows(proxy.id(), type, name)) {
            return name;
        }
        if (type == PrimitiveType.RESOURCE) {
            for (String entry : configured.keySet()) {
                if (entry.endsWith("*") && name.startsWith(entry.substring(0, entry.length() - 1))) {
                    return entry;
                }
            }
        }
        return OTHER;
    }
}
