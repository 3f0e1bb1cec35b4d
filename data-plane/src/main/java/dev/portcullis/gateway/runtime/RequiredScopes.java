package dev.portcullis.gateway.runtime;

import dev.portcullis.gateway.request.ResourceKeys;
import dev.portcullis.gateway.request.McpRoute;
import dev.portcullis.model.proxy.Middleware;
import dev.portcullis.model.proxy.ProxyDefinition;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OAuth scopes each primitive and JSON-RPC method requires ({@code requiredScopes}), indexed once per snapshot.
 * A request needs the union of its primitive's scopes and its method's.
 */
public record RequiredScopes(Map<String, List<String>> tools, Map<String, List<String>> prompts,
                             ResourceKeys<List<String>> resources, Map<String, List<String>> operations) {

    public static RequiredScopes of(ProxyDefinition definition) {
        return new RequiredScopes(index(definition.tools()), index(definition.prompts()),
                new ResourceKeys<>(index(definition.resources())), index(definition.operations()));
    }

    /** The scopes {@code route} requires; empty when none. */
    public Set<String> forRoute(McpRoute route) {
        List<String> primitive = switch (route.primitiveType()) {
            case TOOL -> tools.get(route.primitiveName());
            case PROMPT -> prompts.get(route.primitiveName());
            case RESOURCE -> resources.find(route.primitiveName());
            case NONE -> null;
        };
        List<String> method = route.method() == null ? null : operations.get(route.method());
        if (primitive == null && method == null) {
            return Set.of();
        }
        Set<String> all = new LinkedHashSet<>();
        if (primitive != null) {
            all.addAll(primitive);
        }
        if (method != null) {
            all.addAll(method);
        }
        return all;
    }

    private static Map<String, List<String>> index(Map<String, Middleware> entries) {
        Map<String, List<String>> result = new HashMap<>();
        entries.forEach((key, middleware) -> {
            if (middleware != null && !middleware.requiredScopes().isEmpty()) {
                result.put(key, List.copyOf(middleware.requiredScopes()));
            }
        });
        return Map.copyOf(result);
    }
}
