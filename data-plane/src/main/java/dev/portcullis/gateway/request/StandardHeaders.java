package dev.portcullis.gateway.request;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.model.jsonrpc.JsonRpcMessage;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The headers that mirror the body (MCP 2026-07-28 Streamable HTTP): {@code MCP-Protocol-Version} against
 * {@code params._meta}, {@code Mcp-Method} against {@code method}, {@code Mcp-Name} against the name, URI or task id
 * the method targets. The gateway authorises on the body; once these agree with it, an upstream or a router that
 * dispatches on the headers acts on what was authorised.
 *
 * <p>A 2026-07-28 request must carry {@code Mcp-Method}, and {@code Mcp-Name} for {@code tools/call},
 * {@code prompts/get} and {@code resources/read}. A request of any revision that carries them anyway must agree with
 * its body, so an upstream that trusts the headers never sees a disagreeing pair. {@code Mcp-Param-*} headers are
 * checked against the arguments by the param-header filter for the tools whose schema declares them
 * ({@link DeclaredParams}), and forwarded unchanged otherwise; a repeated one is refused here, like a repeated
 * standard header, because upstreams read repeated headers differently. Pure.
 */
public final class StandardHeaders {

    public static final String PROTOCOL_VERSION = "MCP-Protocol-Version";
    public static final String METHOD = "Mcp-Method";
    public static final String NAME = "Mcp-Name";
    private static final String PARAM_PREFIX = "mcp-param-";
    private static final String META_VERSION = "io.modelcontextprotocol/protocolVersion";

    /** Where each method keeps the value {@code Mcp-Name} mirrors. */
    private static final Map<String, String> NAME_FIELDS = Map.ofEntries(
            Map.entry("tools/call", "name"), Map.entry("prompts/get", "name"),
            Map.entry("resources/read", "uri"), Map.entry("resources/subscribe", "uri"),
            Map.entry("resources/unsubscribe", "uri"),
            Map.entry("tasks/get", "taskId"), Map.entry("tasks/update", "taskId"),
            Map.entry("tasks/cancel", "taskId"), Map.entry("tasks/result", "taskId"));

    /** The methods whose 2026-07-28 requests must carry {@code Mcp-Name}. */
    private static final Set<String> NAME_REQUIRED = Set.of("tools/call", "prompts/get", "resources/read");

    private StandardHeaders() {
    }

    /** Reads the revision a request declares; the only check that needs no body. */
    public static RevisionRead revision(MultiMap headers) {
        return revision(headers, List.of());
    }

    /**
     * {@link #revision(MultiMap)}, where an unsupported version's error lists only the versions the gateway speaks
     * that are also in {@code upstreamVersions} (what the upstream announced), when that leaves any.
     */
    public static RevisionRead revision(MultiMap headers, List<String> upstreamVersions) {
        List<String> values = headers.getAll(PROTOCOL_VERSION);
        if (values.isEmpty()) {
            return new RevisionRead.Declared(ProtocolRevision.UNDECLARED);
        }
        if (values.size() > 1) {
            return new RevisionRead.Refused(GatewayErrors.headerMismatch(PROTOCOL_VERSION, "is repeated"));
        }
        String value = values.get(0);
        return ProtocolRevision.of(value).<RevisionRead>map(RevisionRead.Declared::new)
                .orElseGet(() -> new RevisionRead.Refused(
                        GatewayErrors.unsupportedProtocolVersion(value, supported(upstreamVersions))));
    }

    private static List<String> supported(List<String> upstreamVersions) {
        List<String> both = ProtocolRevision.SUPPORTED.stream().filter(upstreamVersions::contains).toList();
        return both.isEmpty() ? ProtocolRevision.SUPPORTED : both;
    }

    /** The first disagreement between the headers and the body of a message sent under {@code revision}. */
    public static Optional<GatewayError> check(MultiMap headers, JsonRpcMessage message, ProtocolRevision revision) {
        String method = null;
        JsonNode params = null;
        if (message instanceof JsonRpcMessage.Request request) {
            method = request.method();
            params = request.params();
        } else if (message instanceof JsonRpcMessage.Notification notification) {
            method = notification.method();
            params = notification.params();
        }
        boolean stateless = revision.stateless();
        boolean request = message instanceof JsonRpcMessage.Request;
        GatewayError error = metaVersion(params, revision);
        if (error == null) {
            error = mirrored(headers, METHOD, method, stateless && request, false);
        }
        if (error == null) {
            String field = method == null ? null : NAME_FIELDS.get(method);
            error = mirrored(headers, NAME, field == null ? null : text(params, field),
                    stateless && request && NAME_REQUIRED.contains(method), true);
        }
        if (error == null) {
            error = repeatedParam(headers);
        }
        return Optional.ofNullable(error);
    }

    private static GatewayError metaVersion(JsonNode params, ProtocolRevision revision) {
        JsonNode meta = params == null ? null : params.path("_meta").get(META_VERSION);
        if (meta == null) {
            return null;
        }
        String stated = meta.isTextual() ? meta.asText() : null;
        String modern = ProtocolRevision.V2026_07_28.version();
        if (revision.stateless() ? !revision.version().equals(stated) : modern.equals(stated)) {
            return GatewayErrors.headerMismatch(PROTOCOL_VERSION, revision == ProtocolRevision.UNDECLARED
                    ? "is missing but params._meta names " + modern : "does not match params._meta");
        }
        return null;
    }

    /**
     * @param expected the body value the header mirrors, null when the body has none
     * @param encoded  whether the value may be Base64-encoded ({@code Mcp-Name})
     */
    private static GatewayError mirrored(MultiMap headers, String header, String expected, boolean required,
                                         boolean encoded) {
        List<String> values = headers.getAll(header);
        if (values.size() > 1) {
            return GatewayErrors.headerMismatch(header, "is repeated");
        }
        if (values.isEmpty()) {
            return required ? GatewayErrors.headerMismatch(header, "is missing") : null;
        }
        Optional<String> value = encoded ? HeaderValue.decode(values.get(0)) : Optional.of(values.get(0));
        if (value.isEmpty()) {
            return GatewayErrors.headerMismatch(header, "is malformed");
        }
        return value.get().equals(expected) ? null
                : GatewayErrors.headerMismatch(header, "does not match the request body");
    }

    private static GatewayError repeatedParam(MultiMap headers) {
        if (!hasParamHeader(headers)) {
            return null; // most requests: no sorted set of the header names to build
        }
        for (String name : headers.names()) {
            if (name.toLowerCase(Locale.ROOT).startsWith(PARAM_PREFIX) && headers.getAll(name).size() > 1) {
                return GatewayErrors.headerMismatch(name, "is repeated");
            }
        }
        return null;
    }

    private static boolean hasParamHeader(MultiMap headers) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().regionMatches(true, 0, PARAM_PREFIX, 0, PARAM_PREFIX.length())) {
                return true;
            }
        }
        return false;
    }

    private static String text(JsonNode params, String field) {
        JsonNode value = params == null ? null : params.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
