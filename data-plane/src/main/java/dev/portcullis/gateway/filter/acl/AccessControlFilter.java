package dev.portcullis.gateway.filter.acl;

import dev.portcullis.gateway.error.AccessErrors;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpFilter;
import dev.portcullis.gateway.request.McpRoute;
import dev.portcullis.gateway.request.MessageKind;
import dev.portcullis.gateway.request.PrimitiveType;
import dev.portcullis.gateway.runtime.access.AccessDecision;
import dev.portcullis.gateway.runtime.access.McpNames;
import io.vertx.core.Future;

/**
 * Authorises every JSON-RPC request and notification after authentication: the tool or
 * prompt name must follow the MCP name rule (400, -32602), then the proxy's allow/block rules, its
 * {@code operations} rules and the caller's policy ACLs must allow it (403, -32002, the message naming what was
 * denied). Client responses (answers to sampling, elicitation, roots) and body-less GET/DELETE pass: they only
 * need authentication. Rules are compiled per snapshot; this filter only looks them up.
 */
public final class AccessControlFilter implements McpFilter {


    @Override
    public boolean appliesTo(FilterContext context) {
        MessageKind kind = context.route().kind();
        return kind == MessageKind.REQUEST || kind == MessageKind.NOTIFICATION;
    }

    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        McpRoute route = context.route();
        PrimitiveType type = route.primitiveType();
        if ((type == PrimitiveType.TOOL || type == PrimitiveType.PROMPT) && !McpNames.isValid(route.primitiveName())) {
            return FilterResult.reject(AccessErrors.invalidName(type.label()));
        }
        AccessDecision decision = CallerAccessLookup.of(context).check(route.method(), type, route.primitiveName());
        if (decision instanceof AccessDecision.Denied denied) {
            return FilterResult.reject(AccessErrors.denied(denied.reason(), denied.message()));
        }
        return FilterResult.proceed();
    }
}
