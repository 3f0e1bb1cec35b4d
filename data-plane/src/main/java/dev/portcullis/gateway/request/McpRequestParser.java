package dev.portcullis.gateway.request;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.json.Utf8;
import dev.portcullis.model.jsonrpc.JsonRpcMessage;
import dev.portcullis.model.jsonrpc.JsonRpcParseException;
import java.io.IOException;

/**
 * Parses a POST body as one JSON-RPC message whatever its Content-Type, refuses batches, and extracts the route
 * (method and targeted primitive), refusing a method or primitive name longer than its bound. Pure: safe on the event loop (bodies are bounded by the size limit).
 */
public final class McpRequestParser {

    private McpRequestParser() {
    }

    /** Parses a body that declared no revision (the 2025 rules). */
    public static ParseOutcome parse(byte[] body) {
        return parse(body, ProtocolRevision.UNDECLARED);
    }

    /** Parses a body under the routing rules of {@code revision}; the route carries the revision. */
    public static ParseOutcome parse(byte[] body, ProtocolRevision revision) {
        if (!Utf8.isValid(body)) {
            return new ParseOutcome.Failed(GatewayErrors.notUtf8(), null);
        }
        JsonNode tree;
        try {
            tree = Json.readTree(body);
        } catch (IOException e) {
            return new ParseOutcome.Failed(GatewayErrors.notJson(), null);
        }
        if (tree == null || tree.isMissingNode()) {
            return new ParseOutcome.Failed(GatewayErrors.notJson(), null);
        }
        if (tree.isArray()) {
            return new ParseOutcome.Failed(GatewayErrors.batch(), null);
        }
        JsonRpcMessage message;
        try {
            message = JsonRpcMessage.parse(tree);
        } catch (JsonRpcParseException e) {
            return new ParseOutcome.Failed(GatewayErrors.malformed(e.getMessage()), e.id());
        }
        String method = message instanceof JsonRpcMessage.Request request ? request.method()
                : message instanceof JsonRpcMessage.Notification notification ? notification.method() : null;
        if (method != null && !MethodNames.isAcceptable(method)) {
            return new ParseOutcome.Failed(GatewayErrors.invalidMethod(),
                    message instanceof JsonRpcMessage.Request request ? request.id() : null);
        }
        if (message instanceof JsonRpcMessage.Notification notification
                && RequestOnlyMethods.contains(notification.method())) {
            return new ParseOutcome.Failed(GatewayErrors.requestWithoutId(notification.method()), null);
        }
        return RouteBounds.check(RouteExtractor.route(message, revision));
    }
}
