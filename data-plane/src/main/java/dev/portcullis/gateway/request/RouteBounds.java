package dev.portcullis.gateway.request;

import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.model.analytics.RecordBounds;

/**
 * Refuses, at routing time and so before authentication, a message whose JSON-RPC method or primitive name (tool or
 * prompt name, resource URI) is longer than {@link RecordBounds} allows: 400, -32602, reason {@code method_too_long}
 * or {@code name_too_long}. The refusal carries the route with both strings cut to their bounds, which is what the
 * request is recorded with. Pure.
 */
final class RouteBounds {

    private RouteBounds() {
    }

    static ParseOutcome check(ParseOutcome outcome) {
        if (!(outcome instanceof ParseOutcome.Parsed parsed)) {
            return outcome;
        }
        McpRoute route = parsed.route();
        boolean longMethod = RecordBounds.exceeds(route.method(), RecordBounds.METHOD);
        boolean longName = RecordBounds.exceeds(route.primitiveName(), RecordBounds.PRIMITIVE_NAME);
        if (!longMethod && !longName) {
            return outcome;
        }
        McpRoute bounded = new McpRoute(route.kind(), route.id(), RecordBounds.cut(route.method(), RecordBounds.METHOD),
                route.primitiveType(), RecordBounds.cut(route.primitiveName(), RecordBounds.PRIMITIVE_NAME),
                route.revision());
        return new ParseOutcome.Failed(longMethod ? GatewayErrors.methodTooLong(RecordBounds.METHOD)
                : GatewayErrors.nameTooLong(route.method(), field(route), RecordBounds.PRIMITIVE_NAME), route.id(),
                bounded);
    }

    /** Where the name was read (see {@link RouteExtractor}). */
    private static String field(McpRoute route) {
        String name = route.primitiveType() == PrimitiveType.RESOURCE ? "uri" : "name";
        return "completion/complete".equals(route.method()) ? "params.ref." + name : "params." + name;
    }
}
