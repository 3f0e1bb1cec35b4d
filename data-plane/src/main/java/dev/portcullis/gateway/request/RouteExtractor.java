package dev.portcullis.gateway.request;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.model.jsonrpc.JsonRpcMessage;

/**
 * Finds the primitive a message targets: {@code tools/call} and {@code prompts/get} by {@code params.name},
 * {@code resources/read|subscribe|unsubscribe} by {@code params.uri}, {@code completion/complete} by the prompt
 * name or resource URI in {@code params.ref}. A missing or non-string name is -32602.
 *
 * <p>A method the request's revision does not define ({@link UndefinedMethods}) is not routed to a primitive: it
 * goes on, unrouted, to authentication, method rules and the upstream, which answers it as its revision says.
 */
final class RouteExtractor {

    private RouteExtractor() {
    }

    static ParseOutcome route(JsonRpcMessage message, ProtocolRevision revision) {
        if (message instanceof JsonRpcMessage.Request request) {
            return routed(MessageKind.REQUEST, request.id(), request.method(), request.params(), message, revision);
        }
        if (message instanceof JsonRpcMessage.Notification notification) {
            return routed(MessageKind.NOTIFICATION, null, notification.method(), notification.params(), message,
                    revision);
        }
        JsonRpcMessage.Response response = (JsonRpcMessage.Response) message;
        return new ParseOutcome.Parsed(message,
                new McpRoute(MessageKind.RESPONSE, response.id(), null, PrimitiveType.NONE, null, revision));
    }

    private static ParseOutcome routed(MessageKind kind, JsonNode id, String method, JsonNode params,
                                       JsonRpcMessage message, ProtocolRevision revision) {
        if (UndefinedMethods.undefinedIn(revision, method)) {
            return new ParseOutcome.Parsed(message, new McpRoute(kind, id, method, PrimitiveType.NONE, null,
                    revision));
        }
        PrimitiveType type;
        String field;
        JsonNode holder = params;
        switch (method) {
            case "tools/call" -> { type = PrimitiveType.TOOL; field = "name"; }
            case "prompts/get" -> { type = PrimitiveType.PROMPT; field = "name"; }
            case "resources/read", "resources/subscribe", "resources/unsubscribe" -> {
                type = PrimitiveType.RESOURCE; field = "uri"; }
            case "completion/complete" -> {
                holder = params == null ? null : params.get("ref");
                String refType = holder == null ? null : text(holder.get("type"));
                if ("ref/resource".equals(refType) || (refType == null && holder != null && holder.has("uri"))) {
                    type = PrimitiveType.RESOURCE; field = "uri";
                } else {
                    type = PrimitiveType.PROMPT; field = "name";
                }
            }
            default -> {
                return new ParseOutcome.Parsed(message, new McpRoute(kind, id, method, PrimitiveType.NONE, null,
                        revision));
            }
        }
        String name = holder == null || !holder.isObject() ? null : text(holder.get(field));
        if (name == null) {
            String where = holder == params ? "params." + field : "params.ref." + field;
            return new ParseOutcome.Failed(GatewayErrors.missingPrimitive(method, where), id);
        }
        return new ParseOutcome.Parsed(message, new McpRoute(kind, id, method, type, name, revision));
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }
}
