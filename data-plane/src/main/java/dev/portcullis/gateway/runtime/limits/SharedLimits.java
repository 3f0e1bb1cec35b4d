package dev.portcullis.gateway.runtime.limits;

import dev.portcullis.gateway.request.McpRoute;
import dev.portcullis.gateway.request.ResourceKeys;
import dev.portcullis.model.proxy.Middleware;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.proxy.RateLimit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The limits of one proxy shared by all its consumers: {@code global.rateLimit}, {@code operations[method]
 * .rateLimit} and the {@code rateLimit} of a tool, prompt or resource entry. Counters are keyed by the
 * configuration entry (for a resource prefix {@code users://*}, the prefix), never by the agent's input, so a
 * client cannot create keys at will.
 */
record SharedLimits(Counter global, Map<String, Counter> operations, Map<String, Counter> tools,
                    Map<String, Counter> prompts, ResourceKeys<Counter> resources) {

    /**
     * Compiles the proxy's limits into their counters, once per snapshot: a rate counter is the same for every
     * request (no period in its key), so a request only looks its counters up.
     */
    static SharedLimits of(ProxyDefinition definition) {
        String tag = "{p:" + ConsumerTag.safe(definition.id()) + "}";
        RateLimit global = definition.global().rateLimit();
        Map<String, Counter> operations = new HashMap<>();
        limits(definition.operations()).forEach((method, limit) -> operations.put(method, Counter.rate(
                tag + ":op:" + method, limit.rate(), limit.per(), "rate limit of method '" + method + "'")));
        Map<String, Counter> resources = new HashMap<>();
        limits(definition.resources()).forEach((key, limit) -> resources.put(key, primitive(tag, "resource", key,
                limit)));
        return new SharedLimits(
                global == null ? null : Counter.rate(tag + ":global", global.rate(), global.per(),
                        "proxy-wide rate limit"),
                Map.copyOf(operations), primitives(tag, "tool", definition.tools()),
                primitives(tag, "prompt", definition.prompts()), new ResourceKeys<>(resources));
    }

    void collect(McpRoute route, List<Counter> out) {
        if (global != null) {
            out.add(global);
        }
        Counter operation = route.method() == null ? null : operations.get(route.method());
        if (operation != null) {
            out.add(operation);
        }
        Counter primitive = switch (route.primitiveType()) {
            case TOOL -> tools.get(route.primitiveName());
            case PROMPT -> prompts.get(route.primitiveName());
            case RESOURCE -> resources.find(route.primitiveName());
            case NONE -> null;
        };
        if (primitive != null) {
            out.add(primitive);
        }
    }

    private static Map<String, Counter> primitives(String tag, String type, Map<String, Middleware> entries) {
        Map<String, Counter> counters = new HashMap<>();
        limits(entries).forEach((name, limit) -> counters.put(name, primitive(tag, type, name, limit)));
        return Map.copyOf(counters);
    }

    private static Counter primitive(String tag, String type, String key, RateLimit limit) {
        return Counter.rate(tag + ":" + type + ":" + key, limit.rate(), limit.per(),
                "rate limit of " + type + " '" + key + "'");
    }

    private static Map<String, RateLimit> limits(Map<String, Middleware> entries) {
        Map<String, RateLimit> result = new HashMap<>();
        entries.forEach((key, middleware) -> {
            if (middleware.rateLimit() != null) {
                result.put(key, middleware.rateLimit());
            }
        });
        return Map.copyOf(result);
    }
}
