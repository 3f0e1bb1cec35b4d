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
record SharedLimits(String tag, RateLimit global, Map<String, RateLimit> operations, Map<String, RateLimit> tools,
                    Map<String, RateLimit> prompts, ResourceKeys<Entry> resources) {

    record Entry(String key, RateLimit limit) {
    }

    static SharedLimits of(ProxyDefinition definition) {
        Map<String, Entry> resources = new HashMap<>();
        definition.resources().forEach((key, middleware) -> {
            if (middleware.rateLimit() != null) {
                resources.put(key, new Entry(key, middleware.rateLimit()));
            }
        });
        return new SharedLimits("{p:" + ConsumerTag.safe(definition.id()) + "}", definition.global().rateLimit(),
                limits(definition.operations()), limits(definition.tools()), limits(definition.prompts()),
                new ResourceKeys<>(resources));
    }

    void collect(McpRoute route, List<Counter> out) {
        if (global != null) {
            out.add(Counter.rate(tag + ":global", global.rate(), global.per(), "proxy-wide rate limit"));
        }
        RateLimit operation = route.method() == null ? null : operations.get(route.method());
        if (operation != null) {
            out.add(Counter.rate(tag + ":op:" + route.method(), operation.rate(), operation.per(),
                    "rate limit of method '" + route.method() + "'"));
        }
        String type = route.primitiveType().label();
        Entry primitive = switch (route.primitiveType()) {
            case TOOL -> entry(tools, route.primitiveName());
            case PROMPT -> entry(prompts, route.primitiveName());
            case RESOURCE -> resources.find(route.primitiveName());
            case NONE -> null;
        };
        if (primitive != null) {
            out.add(Counter.rate(tag + ":" + type + ":" + primitive.key(), primitive.limit().rate(),
                    primitive.limit().per(), "rate limit of " + type + " '" + primitive.key() + "'"));
        }
    }

    private static Entry entry(Map<String, RateLimit> limits, String name) {
        RateLimit limit = limits.get(name);
        return limit == null ? null : new Entry(name, limit);
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
