package dev.portcullis.gateway.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * What one agent request targets, extracted once after parsing and read by every filter.
 *
 * @param kind          request, notification, client response, or a body-less GET/DELETE
 * @param id            the JSON-RPC id, or null when there is none (notifications, GET, DELETE)
 * @param method        the JSON-RPC method, or null for client responses and body-less requests
 * @param primitiveType the primitive a routed method targets, {@link PrimitiveType#NONE} otherwise
 * @param primitiveName the tool or prompt name, or the resource URI; null when {@code primitiveType} is NONE
 * @param revision      the MCP revision the request follows (its {@code MCP-Protocol-Version} header)
 */
public record McpRoute(MessageKind kind, JsonNode id, String method, PrimitiveType primitiveType,
                       String primitiveName, ProtocolRevision revision) {

    public McpRoute {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(primitiveType, "primitiveType");
        Objects.requireNonNull(revision, "revision");
        if ((primitiveType == PrimitiveType.NONE) != (primitiveName == null)) {
            throw new IllegalArgumentException("a primitive name goes with a primitive type");
        }
    }

    /** A route of a request that declared no revision (the 2025 rules). */
    public McpRoute(MessageKind kind, JsonNode id, String method, PrimitiveType primitiveType, String primitiveName) {
        this(kind, id, method, primitiveType, primitiveName, ProtocolRevision.UNDECLARED);
    }

    public static McpRoute noBody() {
        return noBody(ProtocolRevision.UNDECLARED);
    }

    public static McpRoute noBody(ProtocolRevision revision) {
        return new McpRoute(MessageKind.NO_BODY, null, null, PrimitiveType.NONE, null, revision);
    }
}
