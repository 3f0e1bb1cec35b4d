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
 */
public record McpRoute(MessageKind kind, JsonNode id, String method, PrimitiveType primitiveType,
                       String primitiveName) {

    public McpRoute {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(primitiveType, "primitiveType");
        if ((primitiveType == PrimitiveType.NONE) != (primitiveName == null)) {
            throw new IllegalArgumentException("a primitive name goes with a primitive type");
        }
    }

    public static McpRoute noBody() {
        return new McpRoute(MessageKind.NO_BODY, null, null, PrimitiveType.NONE, null);
    }
}
